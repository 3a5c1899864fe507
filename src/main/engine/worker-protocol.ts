import type { SuiteKind, SuiteConfig } from '@shared/index'
import type { ResolvedTarget, SuiteOutput, SuiteProgress } from '../suites/types'

/** What the engine hands a worker thread when it starts. */
export interface WorkerInit {
  runId: string
  suiteIndex: number
  kind: SuiteKind
  config: SuiteConfig
  target: ResolvedTarget
}

export type ToWorker = { type: 'cancel' }

export type FromWorker =
  | { type: 'progress'; progress: SuiteProgress }
  | { type: 'log'; message: string }
  /** the suite is cleaning up and needs up to budgetMs (honoured after a cancel) */
  | { type: 'cleanup'; budgetMs: number }
  | { type: 'result'; output: SuiteOutput<SuiteKind> }
  | { type: 'failed'; message: string }
