/**
 * The history: runs, targets and plans in one SQLite file (WAL, synchronous=NORMAL).
 *
 * Series policy: every suite's series lives in the samples table. Live samples are appended
 * (buffered, written every 50 samples or 2 s) while a suite runs; saveSuiteResult replaces them
 * with the result's own series, so getRun returns exactly the series that was saved. A suite with
 * samples but no saved result (the run was cancelled, failed or killed first) comes back from
 * getRun as a suite with the run's fate as status and those samples as its series.
 */
import { SqliteHistoryStore, type OpenHistoryOptions } from './sqlite-store'

export type { HistoryStore, MonitorStart, NewRun, RunEnd, RunSink } from './types'
export { HistoryError, type HistoryErrorCode } from './errors'
export { SqliteHistoryStore, newPlanId, type OpenHistoryOptions } from './sqlite-store'
export { LATEST_SCHEMA_VERSION, migrate, migrations, type Migration } from './migrations'
export { defaultDbPath, resolveDbPath, userDataDir } from './paths'
export { runHeadline, suiteHeadline } from './headline'

/** Opens (creating or upgrading) the history database at `path`. */
export function openHistory(path: string, opts: OpenHistoryOptions = {}): SqliteHistoryStore {
  return new SqliteHistoryStore(path, opts)
}

/**
 * Opens the history and marks runs left 'running' by a dead process as 'interrupted'. Every
 * entry point (app, CLI, serve) opens the history this way.
 */
export function openHistoryAndRecover(
  path: string,
  opts: OpenHistoryOptions = {},
): { store: SqliteHistoryStore; interrupted: number } {
  const store = openHistory(path, opts)
  try {
    return { store, interrupted: store.markInterrupted() }
  } catch (err) {
    store.close()
    throw err
  }
}
