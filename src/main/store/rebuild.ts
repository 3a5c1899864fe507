import {
  LiveSampleSchema,
  MonitorSampleSchema,
  RESULT_SCHEMA_VERSION,
  RunResultSchema,
  SuiteResultSchema,
  summarizeIssues,
  type MonitorSample,
  type Plan,
  type RunResult,
  type RunStatus,
  type SuiteStatus,
} from '@shared/index'
import type { z } from 'zod'
import { HistoryError } from './errors'
import { summarize } from '../monitor/analyze'
import { MONITOR_SERIES, type RunRow, type SampleRow, type SuiteRow } from './rows'

/** A suite with no saved result takes the run's fate: it was cut short with it. */
function statusOfUnfinishedSuite(run: RunStatus): SuiteStatus {
  if (run === 'running' || run === 'cancelled' || run === 'error') return run
  return 'interrupted'
}

const iso = (ms: number): string => new Date(ms).toISOString()

/**
 * The full result document of a run from its rows. Series come from the samples table. A suite
 * that has samples but no result row (the run stopped before the suite finished) is rebuilt from
 * its samples, so no measured data is dropped.
 */
export function rebuildRun(
  file: string,
  run: RunRow,
  suites: readonly SuiteRow[],
  samples: readonly SampleRow[],
): RunResult {
  const plan = parseJson(file, run.id, 'plan', run.plan) as Plan
  const bySuite = new Map<number, SampleRow[]>()
  const monitorRows: SampleRow[] = []
  for (const s of samples) {
    // the process monitor's live samples are not a suite's
    if (s.suite_idx === MONITOR_SERIES) {
      monitorRows.push(s)
      continue
    }
    const list = bySuite.get(s.suite_idx)
    if (list) list.push(s)
    else bySuite.set(s.suite_idx, [s])
  }
  const status = run.status as RunStatus
  const docs: unknown[] = []
  const saved = new Set<number>()
  for (const row of suites) {
    saved.add(row.idx)
    const suite = parseJson(file, run.id, `suite ${row.idx}`, row.json) as Record<string, unknown>
    const series = (bySuite.get(row.idx) ?? []).map((s) =>
      parseJson(file, run.id, 'sample', s.json),
    )
    docs.push({ ...suite, series })
  }
  for (const [idx, rows] of bySuite) {
    if (saved.has(idx)) continue
    const partial = unfinishedSuite(plan, idx, rows, statusOfUnfinishedSuite(status), file, run.id)
    if (partial) docs.push(partial)
  }
  docs.sort((a, b) => (a as { index: number }).index - (b as { index: number }).index)

  const doc: Record<string, unknown> = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: run.id,
    status,
    plan,
    startedAt: run.started_at,
    endedAt: run.ended_at,
    environment: parseJson(file, run.id, 'environment', run.environment),
    suites: docs,
    findings: parseJson(file, run.id, 'findings', run.findings),
    baseline: run.baseline === 1,
  }
  if (run.score !== null) doc.score = parseJson(file, run.id, 'score', run.score)
  if (run.error !== null) doc.error = run.error
  if (run.imported_at !== null) doc.importedAt = run.imported_at
  if (run.shards) doc.shards = parseJson(file, run.id, 'shards', run.shards)
  if (run.monitor !== null) {
    const monitor = parseJson(file, run.id, 'process monitor', run.monitor)
    doc.monitor = monitorRows.length
      ? withLiveSamples(monitor, monitorRows, status, file, run.id)
      : monitor
  }
  const parsed = RunResultSchema.safeParse(doc)
  if (!parsed.success) {
    const problems = summarizeIssues(parsed.error)
    throw new HistoryError(
      'invalid-data',
      file,
      `run "${run.id}" in the history "${file}" does not match the result schema (${problems}). ` +
        `Export what can be read with "perfdesk export ${run.id}", or delete the run.`,
    )
  }
  return parsed.data
}

/**
 * The monitor of a run that has not finished (still running, or killed): what startMonitor
 * recorded, with the samples written since. A finished run's monitor has them all already.
 */
function withLiveSamples(
  stored: unknown,
  rows: readonly SampleRow[],
  status: RunStatus,
  file: string,
  runId: string,
): unknown {
  if (typeof stored !== 'object' || stored === null) return stored
  const monitor = stored as { samples?: unknown; notes?: unknown }
  const samples: MonitorSample[] = Array.isArray(monitor.samples)
    ? [...(monitor.samples as MonitorSample[])]
    : []
  let misfits = 0
  for (const r of rows) {
    const ok = MonitorSampleSchema.safeParse(parseJson(file, runId, 'monitor sample', r.json))
    if (ok.success) samples.push(ok.data)
    else misfits++
  }
  const notes = Array.isArray(monitor.notes) ? [...(monitor.notes as string[])] : []
  if (status !== 'running') {
    notes.push(
      `The run ended as "${status}" before the monitor stopped; these are the ${samples.length} ` +
        `samples recorded until then (no findings were drawn from them).`,
    )
  }
  if (misfits > 0) notes.push(`${misfits} recorded monitor samples did not fit and are left out.`)
  return { ...monitor, samples, summary: summarize(samples), notes }
}

function unfinishedSuite(
  plan: Plan,
  idx: number,
  rows: readonly SampleRow[],
  status: SuiteStatus,
  file: string,
  runId: string,
): Record<string, unknown> | null {
  // A well-formed plan always has the config; without it no valid suite result can be formed.
  const config = Array.isArray(plan.suites) ? plan.suites[idx] : undefined
  if (!config) return null
  const sampleSchema = sampleSchemaOf(config.kind)
  const series: unknown[] = []
  let misfits = 0
  for (const r of rows) {
    const ok = sampleSchema.safeParse(parseJson(file, runId, 'sample', r.json))
    if (ok.success) series.push(ok.data)
    else misfits++
  }
  const first = rows[0]!
  const last = rows[rows.length - 1]!
  const notes = [
    `No final result was saved for this suite (the run ended as "${status}" before it finished); ` +
      `its series holds the ${series.length} samples recorded until then.`,
  ]
  if (misfits > 0) {
    notes.push(
      `${misfits} recorded samples did not fit the ${config.kind} sample shape and are left out here.`,
    )
  }
  return {
    index: idx,
    name: config.name ?? config.kind,
    target: config.target,
    kind: config.kind,
    config,
    status,
    startedAt: iso(first.at - first.t * 1000),
    endedAt: status === 'running' ? null : iso(last.at),
    checks: [],
    findings: [],
    notes,
    metrics: null,
    histogram: null,
    series,
  }
}

/** The series element schema of a suite kind, read from the result schema itself. */
function sampleSchemaOf(kind: string): z.ZodType {
  const option = SuiteResultSchema.options.find((o) => o.shape.kind.value === kind)
  return option ? option.shape.series.element : LiveSampleSchema
}

function parseJson(file: string, runId: string, what: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new HistoryError(
      'invalid-data',
      file,
      `the ${what} of run "${runId}" in the history "${file}" is not valid JSON; delete the run.`,
      { cause: err },
    )
  }
}
