import type { HttpLoadConfig } from '@shared/index'
import { DataFileError, loadDataFile } from './data'
import { JsonPathError, parseJsonPath } from './jsonpath'
import { compileTemplate, TemplateError, variablesOf, type Template } from './template'

/**
 * Scenario checks made before a run, in the main thread: every template compiles, every
 * `{{variable}}` is defined somewhere (a data column, a built-in, or a value an earlier flow
 * step extracts), the data file reads and parses, the rules compile, and the scenario's
 * fields fit the model and engine. Each problem names the field and the fix.
 */

type Problem = { path: string; message: string }

const BUILT_INS = '{{uuid}}, {{seq}}, {{now}}, {{randomInt 1 100}}'

/** The templated fields of a request: path, each header, body. */
function fieldsOf(r: HttpLoadConfig['requests'][number], i: number): [string, string][] {
  return [
    [`requests[${i}].path`, r.path],
    ...Object.entries(r.headers ?? {}).map(([k, v]): [string, string] => [
      `requests[${i}].headers.${k}`,
      v,
    ]),
    ...(r.body !== undefined ? [[`requests[${i}].body`, r.body] as [string, string]] : []),
  ]
}

/** Whether the request uses templates, checks or flow features (all need the native engine). */
function scenarioFields(r: HttpLoadConfig['requests'][number], i: number): string[] {
  const out: string[] = []
  if (fieldsOf(r, i).some(([, v]) => v.includes('{{'))) out.push(`requests[${i}] ({{variables}})`)
  for (const k of ['checks', 'extract', 'thinkMs', 'weight'] as const) {
    if (r[k] !== undefined) out.push(`requests[${i}].${k}`)
  }
  return out
}

function modelProblems(c: HttpLoadConfig): Problem[] {
  const out: Problem[] = []
  const open = !c.sweep?.connections && (c.model === 'arrival-rate' || !!c.sweep?.rates)
  if (c.engine === 'autocannon') {
    const fields = [
      ...(c.scenario === 'flow' ? ['scenario'] : []),
      ...(c.data ? ['data'] : []),
      ...c.requests.flatMap(scenarioFields),
    ]
    if (fields.length > 0) {
      out.push({
        path: fields[0]!.replace(/ .*/, ''),
        message: `${fields.join(', ')}: the autocannon engine sends fixed requests in turn; use "engine": "native" for weights, variables, data, checks and flows`,
      })
    }
  }
  if (c.scenario === 'flow' && c.pipelining > 1) {
    out.push({
      path: 'pipelining',
      message: 'a flow waits for each answer before its next step: remove pipelining',
    })
  }
  if (c.thresholds.checkFailureRate !== undefined && !c.requests.some((r) => r.checks?.length)) {
    out.push({
      path: 'thresholds.checkFailureRate',
      message: 'no request has checks: add "checks" to a request, or remove checkFailureRate',
    })
  }
  c.requests.forEach((r, i) => {
    if (r.extract && c.scenario !== 'flow') {
      out.push({
        path: `requests[${i}].extract`,
        message:
          'extract feeds the next steps of a flow: add "scenario": "flow", or remove extract',
      })
    }
    if (r.thinkMs !== undefined && open && c.scenario !== 'flow') {
      out.push({
        path: `requests[${i}].thinkMs`,
        message:
          'in a mix on the arrival-rate model the rate sets the pace: remove thinkMs, or add "scenario": "flow" (each arrival walks the steps, pausing thinkMs between them)',
      })
    }
  })
  return out
}

function ruleProblems(c: HttpLoadConfig): Problem[] {
  const out: Problem[] = []
  c.requests.forEach((r, i) => {
    r.checks?.forEach((k, j) => {
      if (k.jsonPath === undefined) return
      try {
        parseJsonPath(k.jsonPath)
      } catch (err) {
        if (!(err instanceof JsonPathError)) throw err
        out.push({ path: `requests[${i}].checks[${j}].jsonPath`, message: err.message })
      }
    })
    for (const [name, e] of Object.entries(r.extract ?? {})) {
      try {
        if (e.json !== undefined) parseJsonPath(e.json)
        if (e.regex !== undefined) new RegExp(e.regex)
      } catch (err) {
        out.push({
          path: `requests[${i}].extract.${name}.${e.json !== undefined ? 'json' : 'regex'}`,
          message: (err as Error).message,
        })
      }
    }
  })
  return out
}

export function validateScenario(c: HttpLoadConfig, readFiles = true): Problem[] {
  const out: Problem[] = [...modelProblems(c), ...ruleProblems(c)]
  let columns: string[] = []
  if (c.data) {
    // an unreviewed plan's file is not read: its columns, and so its variables, are checked later
    if (!readFiles) return out
    try {
      columns = loadDataFile(c.data.file).columns
    } catch (err) {
      if (!(err instanceof DataFileError)) throw err
      out.push({ path: 'data.file', message: err.message })
      return out // what the templates may use is unknown
    }
  }
  const defined = new Set(columns)
  c.requests.forEach((r, i) => {
    for (const [path, text] of fieldsOf(r, i)) {
      let t: Template
      try {
        t = compileTemplate(text)
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err
        out.push({ path, message: err.message })
        continue
      }
      for (const name of new Set(variablesOf(t))) {
        if (defined.has(name)) continue
        const from = [
          c.data ? `not a column of ${c.data.file}` : 'no data file is given',
          c.scenario === 'flow' ? 'no earlier step extracts it' : null,
        ].filter(Boolean)
        const fix = c.data
          ? 'add the column to the data file'
          : 'give a "data" file with that column'
        out.push({
          path,
          message: `{{${name}}} is defined nowhere (${from.join(', ')}): ${fix}${c.scenario === 'flow' ? ', extract it in an earlier step' : ''}, or use a built-in (${BUILT_INS})`,
        })
      }
    }
    // what this step extracts is known to the following steps of a flow
    if (c.scenario === 'flow') for (const name of Object.keys(r.extract ?? {})) defined.add(name)
  })
  return out
}
