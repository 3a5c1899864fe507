import { Worker } from 'node:worker_threads'
import type { LiveSample, SuiteConfig, SuiteResult } from '@shared/index'
import { SuiteResultSchema, summarizeIssues } from '@shared/index'
import type { ResolvedTarget, SuiteProgress } from '../suites/types'
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol'
import { workerSpawnArgs, type WorkerEntry } from './worker-location'

export interface SuiteRunOptions {
  runId: string
  suiteIndex: number
  name: string
  config: SuiteConfig
  target: ResolvedTarget
  entry: WorkerEntry
  /** a worker silent for this long is presumed hung and stopped */
  watchdogSec: number
  onProgress(p: SuiteProgress): void
  onLog?(message: string): void
}

export interface SuiteHandle {
  result: Promise<SuiteResult & { serverVersion?: string }>
  cancel(): void
}

/**
 * How long a worker may take to return its partial result after cancel before it is stopped;
 * a suite that announces a cleanup phase ('cleanup' message) gets its budget on top.
 */
const CANCEL_GRACE_MS = 1500

/** Runs one suite in its own worker thread; never rejects: every failure becomes a suite result. */
export function runSuiteInWorker(o: SuiteRunOptions): SuiteHandle {
  const startedAt = new Date().toISOString()
  const samples: LiveSample[] = []
  let cancelled = false
  let settle: ((r: SuiteResult & { serverVersion?: string }) => void) | undefined
  const result = new Promise<SuiteResult & { serverVersion?: string }>((res) => (settle = res))

  const init: WorkerInit = {
    runId: o.runId,
    suiteIndex: o.suiteIndex,
    kind: o.config.kind,
    config: o.config,
    target: o.target,
  }
  const spawn = workerSpawnArgs(o.entry)
  const worker = new Worker(spawn.file, { workerData: init, argv: spawn.argv })
  let done = false
  let lastHeard = Date.now()
  let cancelTimer: NodeJS.Timeout | undefined
  /** until when a suite that announced its cleanup may take after a cancel (ms since epoch) */
  let cleanupUntil = 0
  const stopLater = (ms: number): void => {
    if (cancelTimer) clearTimeout(cancelTimer)
    cancelTimer = setTimeout(
      () =>
        finish(fallback('cancelled', 'cancelled; the suite did not stop in time and was stopped')),
      ms,
    )
  }

  const finish = (r: SuiteResult & { serverVersion?: string }): void => {
    if (done) return
    done = true
    clearInterval(watchdog)
    if (cancelTimer) clearTimeout(cancelTimer)
    // The suite has answered; whatever handles it left open must not keep the thread alive.
    void worker.terminate()
    settle!(r)
  }

  /** A result made by the engine when the worker could not make one: keep what was streamed. */
  const fallback = (status: 'error' | 'cancelled', error?: string): SuiteResult => {
    const base = {
      index: o.suiteIndex,
      name: o.name,
      target: o.config.target,
      status,
      ...(error ? { error } : {}),
      startedAt,
      endedAt: new Date().toISOString(),
      checks: [],
      findings: [],
      notes: [],
      metrics: null,
      histogram: null,
      config: o.config,
    }
    const candidate = { ...base, kind: o.config.kind, series: samples }
    const parsed = SuiteResultSchema.safeParse(candidate)
    if (parsed.success) return parsed.data
    // keep every streamed sample that is a series point of this kind (progress-only markers are not)
    const fits = samples.filter(
      (s) => SuiteResultSchema.safeParse({ ...candidate, series: [s] }).success,
    )
    return SuiteResultSchema.parse({ ...candidate, series: fits })
  }

  const watchdog = setInterval(() => {
    if (Date.now() - lastHeard > o.watchdogSec * 1000) {
      finish(
        fallback('error', `the suite stopped responding for ${o.watchdogSec} s and was stopped`),
      )
    }
  }, 1000)
  watchdog.unref()

  worker.on('message', (m: FromWorker) => {
    lastHeard = Date.now()
    switch (m.type) {
      case 'progress':
        samples.push(m.progress.sample)
        o.onProgress(m.progress)
        break
      case 'log':
        o.onLog?.(m.message)
        break
      case 'cleanup':
        cleanupUntil = Date.now() + m.budgetMs
        if (cancelled) stopLater(m.budgetMs + CANCEL_GRACE_MS)
        break
      case 'failed':
        finish(fallback(cancelled ? 'cancelled' : 'error', m.message))
        break
      case 'result': {
        const { serverVersion, notes, ...output } = m.output
        const candidate = {
          ...output,
          index: o.suiteIndex,
          name: o.name,
          target: o.config.target,
          kind: o.config.kind,
          config: o.config,
          startedAt,
          endedAt: new Date().toISOString(),
          notes: notes ?? [],
          status: cancelled && output.status !== 'error' ? 'cancelled' : output.status,
        }
        const parsed = SuiteResultSchema.safeParse(candidate)
        if (parsed.success) finish({ ...parsed.data, ...(serverVersion ? { serverVersion } : {}) })
        else {
          const where = summarizeIssues(parsed.error, 3)
          finish(fallback('error', `the suite returned a malformed result (${where})`))
        }
        break
      }
    }
  })
  worker.on('error', (err) =>
    finish(fallback(cancelled ? 'cancelled' : 'error', `the suite crashed: ${err.message}`)),
  )
  worker.on('exit', (code) => {
    if (!done)
      finish(
        fallback(
          cancelled ? 'cancelled' : 'error',
          `the suite's worker exited (code ${code}) without a result`,
        ),
      )
  })

  return {
    result,
    cancel() {
      if (done || cancelled) return
      cancelled = true
      worker.postMessage({ type: 'cancel' } satisfies ToWorker)
      stopLater(Math.max(CANCEL_GRACE_MS, cleanupUntil - Date.now() + CANCEL_GRACE_MS))
    },
  }
}
