import type { HttpLoadConfig } from '@shared/index'
import type { SuiteContext } from '../../types'
import { resolveThreads, runGeneratorThreads, splitEvenly } from '../../common/generator'
import type { GeneratorMeasure } from '../native-engine/closed-native'
import { newStartBarrier } from '../native-engine/start-barrier'
import { IntervalStream } from '../native-engine/interval-stream'
import { mergeIntervals } from '../../../analysis/hdr-merge'
import { scenarioOf, type RequestPlan } from '../request-plan'
import { mergeRequestParts, type RequestPart } from '../scenario/request-stats'
import { ScenarioRunner } from '../scenario/runner'
import type { ArrivalRateMeasurement, OpenSample } from './measurement'
import { endpointOf } from './http-wire'
import { mergeOpenParts } from './merge'
import type {
  OpenInterval,
  OpenIntervalCounts,
  OpenThreadPart,
  OpenThreadPayload,
} from './open-task'
import { maxConnectionsOf } from './report'
import { ArrivalSchedule, shardScheduleOf, type RateStage } from './schedule'

/** The generator task's registered kind (src/main/suites/generator-tasks.ts). */
export const OPEN_TASK_KIND = 'http-load:open'

export interface ScheduleSpec {
  startRate: number
  stages: RateStage[]
  limit?: number
  /** a shard's share (`perfdesk run --shard`): requests index, index + of, … of the whole */
  stride?: { index: number; of: number }
}

/** The schedule a plan asks for: stages ramp from `rate` (or 0); otherwise `rate` for durationSec. */
export function scheduleSpecOf(config: HttpLoadConfig, rateOverride?: number): ScheduleSpec {
  const limit = {
    ...(config.amount !== undefined ? { limit: config.amount } : {}),
    ...(config.shard ? { stride: { index: config.shard.index, of: config.shard.count } } : {}),
  }
  if (rateOverride === undefined && config.stages) {
    return { startRate: config.rate ?? 0, stages: config.stages, ...limit }
  }
  const rate = rateOverride ?? config.rate
  if (rate === undefined)
    throw new Error('rate: the arrival-rate model needs "rate" (requests per second) or "stages"')
  const durationSec =
    config.durationSec ?? (config.amount !== undefined ? config.amount / rate : 10)
  return { startRate: rate, stages: [{ durationSec, rate }], ...limit }
}

export const scheduleOf = (config: HttpLoadConfig, rateOverride?: number): ArrivalSchedule => {
  const s = scheduleSpecOf(config, rateOverride)
  return new ArrivalSchedule(s.startRate, s.stages, s.limit)
}

/**
 * One open-model measurement for a suite context over the plan's generator threads (the
 * schedule interleaved over them, maxConnections split), reporting merged progress as it goes.
 */
export async function measureOpen(
  ctx: SuiteContext<'http-load'>,
  plan: RequestPlan,
  spec: ScheduleSpec,
  onSample: (s: OpenSample) => void,
): Promise<{ m: ArrivalRateMeasurement; generator: GeneratorMeasure; requests: RequestPart[] }> {
  const schedule = shardScheduleOf(spec)
  const maxConn = splitEvenly(
    maxConnectionsOf(ctx.config, schedule.peakRate),
    resolveThreads(ctx.config.threads),
  )
  const threads = maxConn.length
  const barrier = threads > 1 ? newStartBarrier() : undefined
  const scenario = scenarioOf(plan)
  // compiled here once too, so that a bad template or header fails before any thread starts
  new ScenarioRunner(scenario, 0, 1).finish()
  const endpoint = endpointOf(plan.target)
  const percentiles = new Map<number, Pick<OpenSample, 'p50' | 'p95' | 'p99'>>()
  const stream = new IntervalStream<OpenIntervalCounts, OpenInterval>(threads, (second, parts) => {
    const [merged] = mergeIntervals(parts)
    if (!merged) return
    const p = { p50: merged.latency.p50, p95: merged.latency.p95, p99: merged.latency.p99 }
    percentiles.set(second, p)
    onSample({ ...merged.counts, ...p, t: Math.max(...parts.map((x) => x.t)) })
  })
  const run = await runGeneratorThreads<OpenThreadPayload, OpenInterval, OpenThreadPart>({
    kind: OPEN_TASK_KIND,
    threads,
    signal: ctx.signal,
    payload: (i) => ({
      endpoint,
      scenario,
      schedule: spec,
      maxConnections: maxConn[i]!,
      timeoutMs: ctx.config.timeoutSec * 1000,
      ...(barrier ? { barrier } : {}),
    }),
    onInterval: (i, data) => stream.add(i, data, false),
  })
  stream.finish()
  if (run.parts.length === 0) throw new Error(run.errors[0] ?? 'no generator thread finished')
  const m = mergeOpenParts(run.parts, percentiles, run.cpuSec)
  return {
    m,
    generator: { threads, meters: run.meters, cpuSec: run.cpuSec },
    requests: mergeRequestParts(run.parts.map((p) => p.requests)),
  }
}
