import type { FieldProblem, HttpCheck, HttpExtract, HttpRequestSpec } from '@shared/index'
import { parseNumberField } from '../../lib/problems'
import { listEntries, numberText, parsePercentField, percentText } from '../common/draft-text'

/**
 * The scenario parts of one request as the form edits them (checks, extract, think time, its own
 * thresholds), and their conversion to and from the config. Rows are text; parsing happens on
 * submit so a half-typed row is a problem at its field, never a crash.
 */

export type CheckKind = 'status' | 'bodyContains' | 'jsonEquals' | 'jsonExists' | 'maxMs'

export interface CheckDraft {
  kind: CheckKind
  /** status: "200, 201"; bodyContains: the text; json*: the JSONPath; maxMs: a number */
  value: string
  /** jsonEquals: the expected value (42, true, null, "text" or bare text) */
  expected: string
  /** jsonExists: whether the path must be there (true) or must be absent (false) */
  exists: boolean
}

export type ExtractFrom = 'json' | 'header' | 'regex'

export interface ExtractDraft {
  /** the variable the following steps use as {{name}} */
  name: string
  from: ExtractFrom
  /** a JSONPath, a header name or a regular expression */
  expr: string
}

/** What a request row edits beyond method, path, body, headers, name and weight. */
export interface ScenarioPartsDraft {
  checks: CheckDraft[]
  extract: ExtractDraft[]
  thinkMs: string
  /** this request's own p95 limit (ms) */
  p95Ms: string
  /** this request's own error-rate limit, as a percentage */
  errorRatePct: string
}

export const checkKinds: readonly { value: CheckKind; label: string }[] = [
  { value: 'status', label: 'Status is one of' },
  { value: 'bodyContains', label: 'Body contains' },
  { value: 'jsonEquals', label: 'JSON path equals' },
  { value: 'jsonExists', label: 'JSON path exists' },
  { value: 'maxMs', label: 'Responds within (ms)' },
]

export const extractSources: readonly { value: ExtractFrom; label: string }[] = [
  { value: 'json', label: 'JSON path' },
  { value: 'header', label: 'header' },
  { value: 'regex', label: 'regex' },
]

/** The example each check kind's value field shows while empty. */
export const checkPlaceholder: Record<CheckKind, string> = {
  status: '200, 201',
  bodyContains: 'text the body must contain',
  jsonEquals: '$.status',
  jsonExists: '$.id',
  maxMs: '300',
}
/** What each check kind's value field holds, for its accessible name. */
export const checkValueLabel: Record<CheckKind, string> = {
  status: 'status codes',
  bodyContains: 'text',
  jsonEquals: 'JSON path',
  jsonExists: 'JSON path',
  maxMs: 'milliseconds',
}
export const extractPlaceholder: Record<ExtractFrom, string> = {
  json: '$.token',
  header: 'x-session',
  regex: 'code=(\\d+)',
}

export const newCheck = (kind: CheckKind = 'status'): CheckDraft => ({
  kind,
  value: kind === 'status' ? '200' : '',
  expected: '',
  exists: true,
})
export const newExtract = (): ExtractDraft => ({ name: '', from: 'json', expr: '' })

export const emptyScenarioParts = (): ScenarioPartsDraft => ({
  checks: [],
  extract: [],
  thinkMs: '',
  p95Ms: '',
  errorRatePct: '',
})

/** An `equals` value as typed: JSON when it reads as JSON, else the text itself. */
function scalarFromText(text: string): string | number | boolean | null {
  try {
    const v: unknown = JSON.parse(text)
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v))
      return v as string | number | boolean | null
  } catch {
    // bare text: compared as a string
  }
  return text
}

/** An `equals` value as the field shows it: bare text unless it would read back as another type. */
function scalarText(v: string | number | boolean | null): string {
  if (typeof v !== 'string') return JSON.stringify(v)
  return scalarFromText(v) === v ? v : JSON.stringify(v)
}

export function checkDraft(c: HttpCheck): CheckDraft {
  if (c.status) return { ...newCheck('status'), value: c.status.join(', ') }
  if (c.bodyContains !== undefined) return { ...newCheck('bodyContains'), value: c.bodyContains }
  if (c.maxMs !== undefined) return { ...newCheck('maxMs'), value: String(c.maxMs) }
  if (c.exists !== undefined)
    return { ...newCheck('jsonExists'), value: c.jsonPath ?? '', exists: c.exists }
  return {
    ...newCheck('jsonEquals'),
    value: c.jsonPath ?? '',
    expected: c.equals === undefined ? '' : scalarText(c.equals),
  }
}

function checkFromDraft(c: CheckDraft, path: string, problems: FieldProblem[]): HttpCheck | null {
  const value = c.value.trim()
  const missing = (message: string): null => {
    problems.push({ path, message })
    return null
  }
  switch (c.kind) {
    case 'status': {
      const codes = listEntries(value).map(Number)
      if (!codes.length || codes.some((s) => !Number.isInteger(s) || s < 100 || s > 599))
        return missing('list the status codes the answer may have, e.g. 200, 201')
      return { status: codes }
    }
    case 'bodyContains':
      return value ? { bodyContains: c.value } : missing('enter the text the body must contain')
    case 'maxMs': {
      const ms = parseNumberField(value, path, problems)
      return ms === undefined
        ? value
          ? null
          : missing('enter a time in ms, e.g. 300')
        : { maxMs: ms }
    }
    case 'jsonExists':
      return value ? { jsonPath: value, exists: c.exists } : missing('enter a JSON path, e.g. $.id')
    case 'jsonEquals':
      if (!value) return missing('enter a JSON path, e.g. $.status')
      return { jsonPath: value, equals: scalarFromText(c.expected.trim()) }
  }
}

/** A request's scenario parts as the form shows them; the rest of `spec` is left to the caller. */
export function scenarioPartsDraft(spec: Partial<HttpRequestSpec>): ScenarioPartsDraft {
  const { p95Ms, errorRate } = spec.thresholds ?? {}
  return {
    checks: (spec.checks ?? []).map(checkDraft),
    extract: Object.entries(spec.extract ?? {}).map(([name, e]) => extractDraft(name, e)),
    thinkMs: numberText(spec.thinkMs),
    p95Ms: numberText(p95Ms),
    errorRatePct: percentText(errorRate),
  }
}

function extractDraft(name: string, e: HttpExtract): ExtractDraft {
  if (e.header !== undefined) return { name, from: 'header', expr: e.header }
  if (e.regex !== undefined) return { name, from: 'regex', expr: e.regex }
  return { name, from: 'json', expr: e.json ?? '' }
}

/**
 * The config fields of a request's scenario parts. `at` is the request's path, e.g.
 * `requests[1]`; `flow` says whether extract and think time apply (they are kept out of a mix,
 * where the form hides them). `otherThresholds` are the request's limits the form does not edit.
 */
export function scenarioPartsFromDraft(
  d: ScenarioPartsDraft,
  at: string,
  flow: boolean,
  otherThresholds: HttpRequestSpec['thresholds'],
  problems: FieldProblem[],
): Pick<HttpRequestSpec, 'checks' | 'extract' | 'thinkMs' | 'thresholds'> {
  const checks = d.checks.flatMap((c, j) => {
    const check = checkFromDraft(c, `${at}.checks[${j}]`, problems)
    return check ? [check] : []
  })
  const extract: Record<string, HttpExtract> = {}
  if (flow) {
    d.extract.forEach((e, j) => {
      const name = e.name.trim()
      const expr = e.expr.trim()
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        problems.push({
          path: `${at}.extract[${j}].name`,
          message: 'name the variable with letters, digits and _, e.g. token',
        })
      else if (!expr)
        problems.push({
          path: `${at}.extract.${name}`,
          message: `enter the ${e.from === 'json' ? 'JSON path, e.g. $.token' : e.from === 'header' ? 'header name, e.g. x-session' : 'regular expression, e.g. code=(\\d+)'}`,
        })
      else if (extract[name])
        problems.push({ path: `${at}.extract.${name}`, message: `{{${name}}} is extracted twice` })
      else extract[name] = { [e.from]: expr }
    })
  }
  const thinkMs = flow ? parseNumberField(d.thinkMs, `${at}.thinkMs`, problems) : undefined
  const thresholds = {
    ...otherThresholds,
    ...defined('p95Ms', parseNumberField(d.p95Ms, `${at}.thresholds.p95Ms`, problems)),
    ...defined(
      'errorRate',
      parsePercentField(d.errorRatePct, `${at}.thresholds.errorRate`, problems),
    ),
  }
  return {
    ...(checks.length ? { checks } : {}),
    ...(Object.keys(extract).length ? { extract } : {}),
    ...(thinkMs !== undefined ? { thinkMs } : {}),
    ...(Object.keys(thresholds).length ? { thresholds } : {}),
  }
}

const defined = <K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> =>
  v === undefined ? {} : ({ [key]: v } as Record<K, V>)

/**
 * Where a problem of a request's extract lands in the form: the config keys extracts by variable
 * name (`extract.token.json`), the form lists rows; this gives the row of each name.
 */
export function extractRowOf(rows: readonly ExtractDraft[], name: string): number {
  return rows.findIndex((e) => e.name.trim() === name)
}
