import type Database from 'better-sqlite3'
import type {
  BaselineScope,
  LiveSample,
  MonitorSample,
  Plan,
  RunFilter,
  RunResult,
  RunSummary,
  SavedPlan,
  SuiteResult,
  Target,
} from '@shared/index'
import { Catalog } from './catalog'
import { HistoryError } from './errors'
import { HistoryDb } from './history-db'
import type { MigrationReport } from './migrations'
import { RunQueries } from './run-queries'
import { RunWriter } from './run-writer'
import { SampleBuffer } from './sample-buffer'
import { sqliteTrustMarks, type TrustMarks } from './trust-marks'
import type { BaselineRow } from './baselines'
import type { HistoryStore, MonitorStart, NewRun, RunEnd } from './types'

export { newPlanId } from './catalog'

export interface OpenHistoryOptions {
  /** path of a better_sqlite3.node built for the running ABI (the Electron app's build) */
  nativeBinding?: string
  /** refuse targets whose password/token fields hold literal text instead of a reference */
  requireSecretRefs?: boolean
  /** a background flush of samples failed; the samples stay buffered and are retried */
  onError?: (err: Error) => void
  /** flush the sample buffer once it holds this many samples (default 50) */
  flushEvery?: number
  /** ... or this long after the first unflushed sample arrived (default 2000 ms) */
  flushIntervalMs?: number
  /** how long to wait for another process's write lock (default 5000 ms) */
  busyTimeoutMs?: number
}

/**
 * The history store: one connection (HistoryDb) shared by four parts — the sample buffer, the
 * run writer (the engine's sink and imports), the run queries, and the catalog of targets and
 * plans. This class only composes them and owns the lifecycle.
 */
export class SqliteHistoryStore implements HistoryStore {
  readonly path: string
  /** the connection, for maintenance and tests (integrity checks, pragmas) */
  readonly db: Database.Database
  readonly migration: MigrationReport
  /** untrusted plans and runs, confirmed hosts */
  readonly trust: TrustMarks
  private readonly h: HistoryDb
  private readonly samples: SampleBuffer
  private readonly writer: RunWriter
  private readonly queries: RunQueries
  private readonly catalog: Catalog
  private readonly onExit = (): void => {
    // last chance on a normal exit; a crash or kill -9 loses at most one flush interval
    try {
      this.flush()
    } catch {
      // nothing can be reported any more
    }
  }

  constructor(file: string, opts: OpenHistoryOptions = {}) {
    this.h = HistoryDb.open(file, opts)
    this.path = file
    this.db = this.h.db
    this.migration = this.h.migration
    this.samples = new SampleBuffer(this.h, opts)
    this.trust = sqliteTrustMarks(this.h.db)
    this.writer = new RunWriter(this.h, this.samples, this.trust)
    this.queries = new RunQueries(this.h, this.samples)
    this.catalog = new Catalog(this.h, opts)
    process.on('exit', this.onExit)
  }

  // runs: the engine's sink
  createRun(run: NewRun): void {
    this.writer.createRun(run)
  }
  appendSample(runId: string, suiteIndex: number, sample: LiveSample): void {
    this.writer.appendSample(runId, suiteIndex, sample)
  }
  startMonitor(runId: string, monitor: MonitorStart): void {
    this.writer.startMonitor(runId, monitor)
  }
  appendMonitorSample(runId: string, sample: MonitorSample): void {
    this.writer.appendMonitorSample(runId, sample)
  }
  saveSuiteResult(runId: string, result: SuiteResult): void {
    this.writer.saveSuiteResult(runId, result)
  }
  finishRun(runId: string, end: RunEnd): void {
    this.writer.finishRun(runId, end)
  }
  importRun(input: RunResult): string {
    return this.writer.importRun(input)
  }

  // runs: reading and managing
  getRun(runId: string): RunResult | null {
    return this.queries.getRun(runId)
  }
  listRuns(filter: Partial<RunFilter> = {}): RunSummary[] {
    return this.queries.listRuns(filter)
  }
  deleteRun(runId: string): boolean {
    return this.queries.deleteRun(runId)
  }
  setBaseline(runId: string, baseline: boolean): void {
    this.queries.setBaseline(runId, baseline)
  }
  clearBaseline(scope: BaselineScope): string | null {
    return this.queries.clearBaseline(scope)
  }
  findBaseline(scope: BaselineScope, before?: RunResult): BaselineRow | null {
    return this.queries.findBaseline(scope, before)
  }
  markInterrupted(): number {
    return this.queries.markInterrupted()
  }

  // targets and plans
  listTargets(): Target[] {
    return this.catalog.listTargets()
  }
  saveTarget(input: Target): Target {
    return this.catalog.saveTarget(input)
  }
  deleteTarget(id: string): boolean {
    return this.catalog.deleteTarget(id)
  }
  listPlans(): SavedPlan[] {
    return this.catalog.listPlans()
  }
  getPlan(id: string): SavedPlan | null {
    return this.catalog.getPlan(id)
  }
  savePlan(input: Plan, id?: string): SavedPlan {
    return this.catalog.savePlan(input, id)
  }
  deletePlan(id: string): boolean {
    return this.catalog.deletePlan(id)
  }

  // lifecycle

  /** Writes buffered samples now. Throws a HistoryError (and keeps them buffered) on failure. */
  flush(): void {
    this.samples.flush()
  }

  /** How many samples are waiting to be written. */
  get pendingSamples(): number {
    return this.samples.size
  }

  close(): void {
    if (this.h.closed) return
    this.samples.stopTimer()
    process.off('exit', this.onExit)
    let failure: unknown
    try {
      this.flush()
    } catch (err) {
      failure = err
    }
    this.h.closed = true
    this.db.close()
    if (failure) {
      const lost = this.samples.discard()
      const why = failure instanceof Error ? failure.message : String(failure)
      throw new HistoryError(
        failure instanceof HistoryError ? failure.code : 'sqlite',
        this.path,
        `closed the history "${this.path}" but ${lost} samples could not be written: ${why}`,
        { cause: failure },
      )
    }
  }
}
