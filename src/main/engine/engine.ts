import { randomUUID } from 'node:crypto'
import type {
  Environment,
  FieldProblem,
  Plan,
  RunEvent,
  RunResult,
  RunStatus,
  SuiteResult,
} from '@shared/index'
import { InputError, PlanSchema, RESULT_SCHEMA_VERSION, describeIssues } from '@shared/index'
import type { MonitorResult, ProcessTarget } from '@shared/index'
import { loopbackPorts, monitorProblems, startMonitor, type RunningMonitor } from '../monitor'
import type { RunSink } from '../store/types'
import { completeSuite } from '../suites/parts'
import { suiteDefinition } from '../suites/registry'
import { finalizeRun } from './finalize'
import { captureEnvironment } from './environment'
import { credentialValues, redactPlan, scrubValues } from '@shared/redaction'
import { resolvePlanSecrets, type SecretLookup } from '../secrets'
import { reviewDigest, reviewLines, reviewPlan } from '../trust/review'
import { scrubbingSink } from './scrub-sink'
import { runSuiteInWorker, type SuiteHandle } from './run-suite'
import { locateWorkerEntry, type WorkerEntry } from './worker-location'

export interface EngineOptions {
  store: RunSink
  runtime: Environment['runtime']
  secrets?: SecretLookup
  workerEntry?: WorkerEntry
  /** seconds of silence after which a suite is presumed hung */
  watchdogSec?: number
}

export interface StartedRun {
  runId: string
  /** resolves when the run has ended, whatever its status; never rejects */
  done: Promise<RunResult>
}

type Listener = (e: RunEvent) => void

export interface StartOptions {
  planId?: string | null
  /** the plan came from a file or an import: it runs only with its review's approval */
  untrusted?: boolean
  /** the digest of the review the user approved (reviewDigest) */
  approval?: string
}

/** An untrusted plan was started without the approval of its review. */
export class UnreviewedPlanError extends Error {
  constructor(readonly review: ReturnType<typeof reviewPlan>) {
    super(
      'this plan comes from a file or an import and has not been reviewed; nothing was run. ' +
        'Review what it will do and approve it first:\n' +
        (reviewLines(review).join('\n') || '  (plain load on this machine)'),
    )
    this.name = 'UnreviewedPlanError'
  }
}

interface ActiveRun {
  cancelled: boolean
  current: SuiteHandle | null
}

/**
 * Runs plans: validates them, runs their suites one after another in worker threads,
 * streams events, stores everything in the history as it goes.
 */
export class Engine {
  private readonly listeners = new Set<Listener>()
  private readonly active = new Map<string, ActiveRun>()
  private readonly entry: WorkerEntry

  constructor(private readonly opts: EngineOptions) {
    this.entry = opts.workerEntry ?? locateWorkerEntry()
  }

  /** Subscribes to every run's events; returns the unsubscribe function. */
  on(_event: 'event', listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  activeRuns(): string[] {
    return [...this.active.keys()]
  }

  /**
   * Validates the plan completely before anything is written; throws InputError naming each
   * bad field, a missing secret included (unless `secrets: false`: nothing is read yet).
   */
  prepare(input: unknown, options: { secrets?: boolean } = {}): Plan {
    const parsed = PlanSchema.safeParse(input)
    if (!parsed.success) throw new InputError('invalid plan', describeIssues(parsed.error))
    const plan = parsed.data
    const readFiles = options.secrets !== false
    const problems = [...suiteProblems(plan, readFiles), ...monitorProblems(plan)]
    if (problems.length) throw new InputError('invalid plan', problems)
    if (readFiles) resolvePlanSecrets(plan, this.opts.secrets)
    return plan
  }

  /**
   * Starts a run. A plan from a file or an import (`untrusted`) runs only with the `approval`
   * of its review (reviewDigest): nothing of it is read or started before.
   */
  start(input: unknown, options: StartOptions = {}): StartedRun {
    const checked = this.prepare(input, { secrets: false })
    if (options.untrusted) {
      const review = reviewPlan(checked)
      if (options.approval !== reviewDigest(review)) throw new UnreviewedPlanError(review)
    }
    // the plan's local files (test data) are read only now, once it may run
    const fileProblems = suiteProblems(checked, true)
    if (fileProblems.length) throw new InputError('invalid plan', fileProblems)
    // secrets resolved in memory, for the workers only; every value is scrubbed from what leaves
    const plan = resolvePlanSecrets(checked, this.opts.secrets)
    const targets = plan.targets
    const secrets = credentialValues(plan)
    const clean = <T>(x: T): T => scrubValues(x, secrets)
    const store = scrubbingSink(this.opts.store, clean)
    const runId = newRunId()
    const startedAt = new Date().toISOString()
    const environment = captureEnvironment(this.opts.runtime)
    const storedPlan = clean(redactPlan(checked))
    store.createRun({
      id: runId,
      plan: storedPlan,
      planId: options.planId ?? null,
      startedAt,
      environment,
    })
    const state: ActiveRun = { cancelled: false, current: null }
    this.active.set(runId, state)
    this.emit({ type: 'run-started', runId, plan: storedPlan, startedAt })

    const done = this.execute(
      { store, clean },
      runId,
      plan,
      storedPlan,
      targets,
      state,
      startedAt,
      environment,
    ).finally(() => this.active.delete(runId))
    return { runId, done }
  }

  /** Stops a run within about a second; what was measured is kept. */
  cancel(runId: string): boolean {
    const state = this.active.get(runId)
    if (!state) return false
    state.cancelled = true
    state.current?.cancel()
    return true
  }

  /** A history write that must not stop the run (the final result still reaches the caller). */
  private storeSafely(write: () => void): void {
    try {
      write()
    } catch (err) {
      runErrorNote(err)
    }
  }

  private emit(e: RunEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        // a listener's failure must not break a run
      }
    }
  }

  private async execute(
    { store, clean }: { store: RunSink; clean: <T>(x: T) => T },
    runId: string,
    plan: Plan,
    storedPlan: Plan,
    targets: Plan['targets'],
    state: ActiveRun,
    startedAt: string,
    environment: Environment,
  ): Promise<RunResult> {
    const emit = (e: RunEvent): void => this.emit(clean(e))
    const suites: SuiteResult[] = []
    let runError: string | undefined
    // the process monitor (plan.monitor) runs from before the first suite to after the last
    let monitor: RunningMonitor | null = null
    if (plan.monitor) {
      try {
        monitor = await startMonitor({
          target: targets.find((t) => t.id === plan.monitor!.process) as ProcessTarget,
          waitFor: loopbackPorts(plan),
          isCancelled: () => state.cancelled,
          onSample: (sample) => {
            emit({ type: 'monitor', runId, sample })
            // written as it comes, like the suites' samples: a killed app keeps them
            this.storeSafely(() => store.appendMonitorSample(runId, sample))
          },
        })
        const { pid, command, source } = monitor
        this.storeSafely(() =>
          store.startMonitor(runId, {
            target: plan.monitor!.process,
            pid,
            ...(command !== undefined ? { command } : {}),
            source,
          }),
        )
      } catch (err) {
        runError = `the monitored process could not be started: ${err instanceof Error ? err.message : String(err)}`
      }
    }
    try {
      for (const [index, config] of plan.suites.entries()) {
        const def = suiteDefinition(config.kind)
        const name = def.describe(config as never)
        if (state.cancelled || runError) {
          const s = skipped(
            index,
            name,
            storedPlan.suites[index]!,
            runError
              ? 'not run: the monitored process could not be started'
              : 'not run: the run was cancelled',
          )
          store.saveSuiteResult(runId, s)
          suites.push(s)
          continue
        }
        const target = targets.find((t) => t.id === config.target)!
        const expectedSec = def.expectedSec(config as never)
        emit({
          type: 'suite-started',
          runId,
          suiteIndex: index,
          kind: config.kind,
          name,
          expectedSec,
        })
        const handle = runSuiteInWorker({
          runId,
          suiteIndex: index,
          name,
          config,
          target,
          entry: this.entry,
          watchdogSec: this.opts.watchdogSec ?? 60,
          onProgress: (p) => {
            store.appendSample(runId, index, p.sample)
            emit({ type: 'progress', runId, suiteIndex: index, ...p })
          },
        })
        state.current = handle
        monitor?.setSuite(index)
        const { serverVersion, ...raw } = await handle.result
        const result = completeSuite(raw)
        monitor?.setSuite(undefined)
        state.current = null
        if (serverVersion) environment.servers[config.target] = serverVersion
        // the stored plan must not carry secrets back out through the result's config copy
        const stored = { ...result, config: storedPlan.suites[index]! } as SuiteResult
        store.saveSuiteResult(runId, stored)
        suites.push(stored)
        emit({
          type: 'suite-finished',
          runId,
          suiteIndex: index,
          status: stored.status,
          ...(stored.error ? { error: stored.error } : {}),
        })
      }
    } catch (err) {
      runError = err instanceof Error ? err.message : String(err)
    }
    // stops the command PerfDesk started, whatever way the suites ended
    const monitorResult: MonitorResult | undefined = monitor ? await monitor.stop() : undefined

    const status: Exclude<RunStatus, 'running'> = runError
      ? 'error'
      : state.cancelled
        ? 'cancelled'
        : suites.some((s) => s.status === 'error' || s.status === 'interrupted')
          ? 'error'
          : suites.some((s) => s.status === 'failed')
            ? 'failed'
            : 'passed'
    const endedAt = new Date().toISOString()
    const error = runError ?? firstSuiteError(suites)
    const run = finalizeRun({
      schemaVersion: RESULT_SCHEMA_VERSION,
      id: runId,
      status,
      plan: storedPlan,
      startedAt,
      endedAt,
      environment,
      suites,
      findings: [],
      ...(error ? { error } : {}),
      baseline: false,
      ...(monitorResult ? { monitor: monitorResult } : {}),
    })
    try {
      for (const s of run.suites) if (s.score) store.saveSuiteResult(runId, s)
      store.finishRun(runId, {
        status,
        endedAt,
        findings: run.findings,
        ...(run.score ? { score: run.score } : {}),
        ...(error ? { error } : {}),
        environment,
        ...(run.monitor ? { monitor: run.monitor } : {}),
      })
    } catch (err) {
      // the history could not be written (disk full?): the result document still reaches the caller
      runErrorNote(err)
    }
    emit({ type: 'run-finished', runId, status, ...(error ? { error } : {}) })
    return clean(run)
  }
}

function firstSuiteError(suites: SuiteResult[]): string | undefined {
  const s = suites.find((x) => x.status === 'error' && x.error)
  return s ? `suite ${s.index + 1} (${s.name}): ${s.error}` : undefined
}

function runErrorNote(err: unknown): void {
  process.stderr.write(
    `perfdesk: could not write the run to the history: ${err instanceof Error ? err.message : String(err)}\n`,
  )
}

function skipped(
  index: number,
  name: string,
  config: Plan['suites'][number],
  note: string,
): SuiteResult {
  const now = new Date().toISOString()
  return {
    index,
    name,
    target: config.target,
    kind: config.kind,
    config,
    status: 'skipped',
    startedAt: now,
    endedAt: now,
    checks: [],
    findings: [],
    notes: [note],
    metrics: null,
    series: [],
    histogram: null,
  } as SuiteResult
}

/** Sortable, unique, short enough to type: 20250101-120000-ab12cd. */
function newRunId(): string {
  const d = new Date()
  const p = (n: number): string => String(n).padStart(2, '0')
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
  return `${stamp}-${randomUUID().slice(0, 6)}`
}

/** Each suite's own checks; `readFiles` false leaves out those that read local files. */
function suiteProblems(plan: Plan, readFiles: boolean): FieldProblem[] {
  return plan.suites.flatMap((s, i) =>
    (suiteDefinition(s.kind).validate?.(s as never, { readFiles }) ?? []).map((p) => ({
      path: `suites[${i}].${p.path}`,
      message: p.message,
    })),
  )
}
