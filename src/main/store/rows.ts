/** Row shapes as SQLite returns them (see migrations.ts). */

export interface RunRow {
  id: string
  plan_id: string | null
  plan_name: string
  plan: string
  status: string
  started_at: string
  started_ms: number
  ended_at: string | null
  pid: number | null
  host: string | null
  environment: string
  findings: string
  score: string | null
  error: string | null
  baseline: number
  imported_at: string | null
  target_ids: string
  kinds: string
  headline: string
  score_value: number | null
  /** MonitorResult JSON (migration 4); null when the run had no process monitor */
  monitor: string | null
  /** MergedShard[] JSON (migration 5); null unless the run was merged from shards */
  shards: string | null
}

export interface SuiteRow {
  idx: number
  kind: string
  status: string
  json: string
}

/**
 * samples.suite_idx of the process monitor's samples while its run is live: no suite has a
 * negative index, and finishRun moves them into runs.monitor (deleting these rows).
 */
export const MONITOR_SERIES = -1

export interface SampleRow {
  suite_idx: number
  t: number
  at: number
  json: string
}
