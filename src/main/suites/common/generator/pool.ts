import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { locateWorkerEntry, workerSpawnArgs } from '../../../engine/worker-location'
import { loadGeneratorTask } from '../../generator-tasks'
import { ThreadMeter, processCpuSec, type ThreadMeterReading } from './meter'
import type { FromGenerator, GeneratorThreadInit, ToGenerator } from './task'

/** `threads` as a plan gives it: a number, or "auto" = one per core but one (at least 1). */
export function resolveThreads(threads: number | 'auto' | undefined): number {
  if (threads === undefined) return 1
  if (threads === 'auto') return Math.max(1, availableParallelism() - 1)
  return Math.max(1, Math.floor(threads))
}

/** Splits `total` (connections, clients, a rate) over `threads` as evenly as whole units allow. */
export function splitEvenly(total: number, threads: number): number[] {
  const n = Math.max(1, Math.min(threads, Math.max(1, Math.floor(total))))
  const base = Math.floor(total / n)
  const rest = total - base * n
  return Array.from({ length: n }, (_, i) => base + (i < rest ? 1 : 0))
}

export interface GeneratorRun<R> {
  /** one part per thread that finished, in thread order */
  parts: R[]
  meters: ThreadMeterReading[]
  /** process CPU seconds over the whole run */
  cpuSec: number
  /** threads that failed, with their message */
  errors: string[]
}

export interface GeneratorRunOptions<P, I> {
  kind: string
  threads: number
  payload(threadIndex: number): P
  signal: AbortSignal
  onInterval?(threadIndex: number, data: I): void
}

/**
 * Runs a suite's generator task on `threads` threads and returns every thread's part with
 * its own meter reading. One thread runs inline (no spawn, no copy); more run in worker
 * threads of the suite worker, each with its own event loop and connections.
 */
export async function runGeneratorThreads<P, I, R>(
  o: GeneratorRunOptions<P, I>,
): Promise<GeneratorRun<R>> {
  const cpu0 = processCpuSec()
  if (o.threads <= 1) {
    const task = await loadGeneratorTask<P, I, R>(o.kind)
    const meter = new ThreadMeter()
    const part = await task.run(o.payload(0), {
      signal: o.signal,
      threadIndex: 0,
      threads: 1,
      interval: (data) => o.onInterval?.(0, data),
    })
    return { parts: [part], meters: [meter.stop()], cpuSec: processCpuSec() - cpu0, errors: [] }
  }
  const spawn = workerSpawnArgs(locateWorkerEntry())
  const settled = await Promise.all(
    Array.from({ length: o.threads }, (_, i) => runOne<P, I, R>(spawn, o, i)),
  )
  const parts: R[] = []
  const meters: ThreadMeterReading[] = []
  const errors: string[] = []
  for (const s of settled) {
    if ('error' in s) errors.push(s.error)
    else {
      parts.push(s.part)
      meters.push(s.meter)
    }
  }
  return { parts, meters, cpuSec: processCpuSec() - cpu0, errors }
}

function runOne<P, I, R>(
  spawn: { file: string; argv: string[] },
  o: GeneratorRunOptions<P, I>,
  threadIndex: number,
): Promise<{ part: R; meter: ThreadMeterReading } | { error: string }> {
  const init: GeneratorThreadInit<P> = {
    kind: o.kind,
    threadIndex,
    threads: o.threads,
    payload: o.payload(threadIndex),
  }
  const worker = new Worker(spawn.file, { workerData: { generator: init }, argv: spawn.argv })
  return new Promise((resolve) => {
    let done = false
    const finish = (r: { part: R; meter: ThreadMeterReading } | { error: string }): void => {
      if (done) return
      done = true
      o.signal.removeEventListener('abort', onAbort)
      void worker.terminate()
      resolve(r)
    }
    const onAbort = (): void => worker.postMessage({ type: 'cancel' } satisfies ToGenerator)
    if (o.signal.aborted) onAbort()
    else o.signal.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (m: FromGenerator<I, R>) => {
      if (m.type === 'interval') o.onInterval?.(threadIndex, m.data)
      else if (m.type === 'done') finish({ part: m.part, meter: m.meter })
      else finish({ error: `generator thread ${threadIndex + 1}: ${m.message}` })
    })
    worker.on('error', (err) =>
      finish({ error: `generator thread ${threadIndex + 1}: ${err.message}` }),
    )
    worker.on('exit', (code) =>
      finish({ error: `generator thread ${threadIndex + 1} exited (code ${code})` }),
    )
  })
}

/** Body of a generator worker thread (called from the suite-worker entry). */
export async function generatorThreadMain(
  init: GeneratorThreadInit,
  port: import('node:worker_threads').MessagePort,
): Promise<void> {
  const abort = new AbortController()
  port.on('message', (m: ToGenerator) => {
    if (m.type === 'cancel') abort.abort()
  })
  try {
    const task = await loadGeneratorTask<unknown, unknown, unknown>(init.kind)
    const meter = new ThreadMeter()
    const part = await task.run(init.payload, {
      signal: abort.signal,
      threadIndex: init.threadIndex,
      threads: init.threads,
      interval: (data) => port.postMessage({ type: 'interval', data }),
    })
    port.postMessage({ type: 'done', part, meter: meter.stop() })
  } catch (err) {
    port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) })
  }
}
