import type { HttpSample } from '@shared/index'
import { decodeHistogram, LatencyRecorder } from '../../common/latency'
import { runGeneratorThreads, splitEvenly } from '../../common/generator'
import type { ThreadMeterReading } from '../../common/generator'
import { mergeHistogramList, mergeIntervals } from '../../../analysis/hdr-merge'
import { addHttpCounts, emptyHttpCounts } from '../analysis'
import type { ClosedLoadMeasurement, ClosedLoadOptions } from '../closed-model'
import { endpointOf } from '../open-model/http-wire'
import { scenarioOf, type RequestPlan } from '../request-plan'
import { mergeRequestParts } from '../scenario/request-stats'
import { ScenarioRunner } from '../scenario/runner'
import type {
  ClosedInterval,
  ClosedIntervalCounts,
  ClosedThreadPart,
  ClosedThreadPayload,
} from './closed-task'
import { IntervalStream } from './interval-stream'
import { newStartBarrier } from './start-barrier'

/** The generator task's registered kind (src/main/suites/generator-tasks.ts). */
export const CLOSED_TASK_KIND = 'http-load:closed'

export interface GeneratorMeasure {
  threads: number
  meters: ThreadMeterReading[]
  /** process CPU seconds over the run */
  cpuSec: number
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000

/**
 * The native closed model over `threads` generator threads: connections (and an `amount`)
 * split evenly, every thread starting on one shared clock, their per-second intervals merged
 * exactly as they come (a second is streamed once every thread has reported it) and their
 * totals merged at the end. Gives the same measurement as the autocannon engine.
 */
export async function runNativeClosedLoad(
  plan: RequestPlan,
  o: ClosedLoadOptions & { threads: number },
): Promise<{ m: ClosedLoadMeasurement; generator: GeneratorMeasure; threadHistograms: string[] }> {
  const scenario = scenarioOf(plan)
  // compiled here once too, so that a bad template or header fails before any thread starts
  new ScenarioRunner(scenario, 0, 1).finish()
  const endpoint = endpointOf(plan.target)
  const connections = o.amount !== undefined ? Math.min(o.connections, o.amount) : o.connections
  const conns = splitEvenly(connections, Math.max(1, o.threads))
  const threads = conns.length
  const amounts = o.amount !== undefined ? splitEvenly(o.amount, threads) : null
  const barrier = threads > 1 ? newStartBarrier() : undefined
  const series: HttpSample[] = []
  let attempts = 0

  const stream = new IntervalStream<ClosedIntervalCounts>(threads, (second, parts) => {
    const [merged] = mergeIntervals(parts)
    if (!merged) return
    const partial = parts.every((p) => p.counts.partialMs > 0)
    const secLen = partial ? Math.max(...parts.map((p) => p.counts.partialMs)) / 1000 : 1
    const c = merged.counts
    attempts += c.responses + c.socketErrors + c.timeouts
    const t = partial ? second + secLen : second + 1
    const sample: HttpSample = {
      t: r3(t + (o.tOffset ?? 0)),
      rps: secLen > 0 ? Math.round((c.responses / secLen) * 10) / 10 : 0,
      p50: merged.latency.p50,
      p95: merged.latency.p95,
      p99: merged.latency.p99,
      errors: c.failed,
      ...(o.step !== undefined ? { step: o.step } : {}),
    }
    series.push(sample)
    o.onSample(sample, { elapsedSec: t, attempts })
  })
  const run = await runGeneratorThreads<ClosedThreadPayload, ClosedInterval, ClosedThreadPart>({
    kind: CLOSED_TASK_KIND,
    threads,
    signal: o.signal,
    payload: (i) => ({
      endpoint,
      scenario,
      origin: plan.origin,
      connections: conns[i]!,
      ...(o.durationSec !== undefined ? { durationSec: o.durationSec } : {}),
      ...(amounts ? { amount: amounts[i]! } : {}),
      timeoutMs: o.timeoutSec * 1000,
      pipelining: o.pipelining,
      ...(barrier ? { barrier } : {}),
    }),
    onInterval: (i, data) => stream.add(i, data, data.counts.partialMs > 0),
  })
  stream.finish()
  if (run.parts.length === 0) throw new Error(run.errors[0] ?? 'no generator thread finished')

  const hs = run.parts.map((p) => decodeHistogram(p.histogram))
  const ss = run.parts.map((p) => decodeHistogram(p.success))
  const latency = new LatencyRecorder()
  latency.total.add(mergeHistogramList(hs))
  const success = mergeHistogramList(ss)
  for (const h of [...hs, ...ss]) h.destroy()
  const counts = emptyHttpCounts()
  for (const p of run.parts) {
    addHttpCounts(counts, p.counts)
    // the threads ran side by side on one clock: the run lasted as long as the longest
    counts.durationSec = Math.max(counts.durationSec, p.counts.durationSec)
  }
  const first = <K extends 'fatal' | 'firstError' | 'server'>(k: K): string | null =>
    run.parts.map((p: ClosedThreadPart) => p[k]).find((v) => v !== null && v !== '') ?? null
  const m: ClosedLoadMeasurement = {
    latency,
    success,
    counts,
    series,
    cancelled: run.parts.some((p) => p.cancelled) || o.signal.aborted,
    fatal: first('fatal'),
    firstError: first('firstError') ?? run.errors[0] ?? null,
    server: first('server'),
    requests: mergeRequestParts(run.parts.map((p) => p.requests)),
  }
  return {
    m,
    generator: { threads, meters: run.meters, cpuSec: run.cpuSec },
    // each thread's own latency histogram, as it measured it
    threadHistograms: run.parts.map((p) => p.histogram),
  }
}
