import type {
  BaselineScope,
  Environment,
  Finding,
  LiveSample,
  MonitorResult,
  MonitorSample,
  Plan,
  RunFilter,
  RunResult,
  RunStatus,
  RunSummary,
  SavedPlan,
  Score,
  SuiteResult,
  Target,
} from '@shared/index'
import type { TrustMarks } from './trust-marks'
import type { BaselineRow } from './baselines'

export interface NewRun {
  id: string
  plan: Plan
  planId: string | null
  startedAt: string
  environment: Environment
}

export interface RunEnd {
  status: Exclude<RunStatus, 'running'>
  endedAt: string
  findings: Finding[]
  score?: Score
  error?: string
  environment?: Environment
  /** the process monitor's samples, summary and findings (plan.monitor) */
  monitor?: MonitorResult
}

/** What is known of the process monitor once it has begun: enough to rebuild it from its samples. */
export type MonitorStart = Pick<MonitorResult, 'target' | 'pid' | 'command' | 'source'>

/** What the engine needs of the history. */
export interface RunSink {
  createRun(run: NewRun): void
  /** samples arrive about once a second; implementations write them in batches */
  appendSample(runId: string, suiteIndex: number, sample: LiveSample): void
  saveSuiteResult(runId: string, result: SuiteResult): void
  /** the run's process monitor has begun (plan.monitor); its samples follow */
  startMonitor(runId: string, monitor: MonitorStart): void
  /** a monitor sample, about once a second; written in the same batches as suite samples */
  appendMonitorSample(runId: string, sample: MonitorSample): void
  finishRun(runId: string, end: RunEnd): void
}

/** The whole history, as the API, the CLI and the UI use it. */
export interface HistoryStore extends RunSink {
  readonly path: string
  /** untrusted (imported) plans and runs, and the non-loopback hosts the user confirmed */
  readonly trust: TrustMarks
  getRun(runId: string): RunResult | null
  listRuns(filter?: Partial<RunFilter>): RunSummary[]
  deleteRun(runId: string): boolean
  /** imports a result document from elsewhere; returns its id */
  importRun(result: RunResult): string
  /** makes a run the chosen baseline of its plan and target (replacing any other), or not */
  setBaseline(runId: string, baseline: boolean): void
  /** forgets the chosen baseline of a plan and target; returns the run that was it */
  clearBaseline(scope: BaselineScope): string | null
  /** the chosen baseline of a scope, else the latest passed/failed run (before `before`) */
  findBaseline(scope: BaselineScope, before?: RunResult): BaselineRow | null
  /** runs left `running` by a process that died are marked `interrupted`; returns how many */
  markInterrupted(): number
  listTargets(): Target[]
  saveTarget(target: Target): Target
  deleteTarget(id: string): boolean
  listPlans(): SavedPlan[]
  getPlan(id: string): SavedPlan | null
  savePlan(plan: Plan, id?: string): SavedPlan
  deletePlan(id: string): boolean
  close(): void
}
