import type {
  LiveSample,
  SuiteConfigOf,
  SuiteKind,
  SuiteResultOf,
  SuiteTargetOf,
  Target,
} from '@shared/index'

/** A target whose secrets have been resolved to plain strings (only ever held in memory). */
export type ResolvedTarget = Target

export interface SuiteProgress {
  elapsedSec: number
  /** how long the suite is expected to take, when it can be known */
  expectedSec: number | null
  /** 0–1 */
  fraction: number | null
  label?: string
  sample: LiveSample
}

/** What a suite's measurement code gets, inside its worker thread. */
export interface SuiteContext<K extends SuiteKind> {
  runId: string
  suiteIndex: number
  config: SuiteConfigOf<K>
  /** the suite's kind of target, secrets resolved */
  target: SuiteTargetOf<K>
  /** aborted when the user cancels; the suite must return what it has within a second */
  signal: AbortSignal
  /** about once a second; the engine forwards it to the UI and stores the sample */
  progress(p: SuiteProgress): void
  log(message: string): void
  /**
   * The suite is removing what it created: after a cancel the engine waits up to `budgetMs`
   * more before it stops the worker (instead of the short cancel grace).
   */
  cleanupPhase?(budgetMs: number): void
}

/** Fields of a suite result that the engine fills in itself. */
type EngineFields =
  'index' | 'name' | 'target' | 'startedAt' | 'endedAt' | 'kind' | 'config' | 'status' | 'notes'

/** What a suite returns: its measured and analysed result, minus the engine's bookkeeping (per kind). */
export type SuiteOutput<K extends SuiteKind> = K extends SuiteKind
  ? Omit<SuiteResultOf<K>, EngineFields> & {
      status: 'passed' | 'failed' | 'cancelled' | 'error'
      notes?: string[]
      /** server version and the like, for the run's environment */
      serverVersion?: string
    }
  : never

/** The worker-side half of a suite. */
export interface SuiteWorker<K extends SuiteKind> {
  run(ctx: SuiteContext<K>): Promise<SuiteOutput<K>>
}
