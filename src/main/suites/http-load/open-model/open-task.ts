import type { GeneratorIO, GeneratorTask } from '../../common/generator/task'
import { encodeHistogram } from '../../common/latency'
import type { IntervalPart } from '../../../analysis/hdr-merge'
import { startTogether } from '../native-engine/start-barrier'
import { runArrivalRate } from './arrival-rate'
import type { Endpoint } from './http-wire'
import type { RequestPart } from '../scenario/request-stats'
import { ScenarioRunner } from '../scenario/runner'
import type { ScenarioSpec } from '../scenario/spec'
import type { ArrivalRateMeasurement, OpenSample } from './measurement'
import { StridedSchedule, shardScheduleOf, type RateStage } from './schedule'

/**
 * The open model in one generator thread: thread k of N sends requests k, k + N, k + 2N, … of
 * the plan's schedule at their times in the whole schedule, from a start shared by all
 * threads, so that together they send exactly the one even schedule.
 */

export interface OpenThreadPayload {
  endpoint: Endpoint
  scenario: ScenarioSpec
  schedule: { startRate: number; stages: RateStage[]; limit?: number }
  maxConnections: number
  timeoutMs: number
  barrier?: SharedArrayBuffer
}

export type OpenIntervalCounts = Omit<OpenSample, 't' | 'p50' | 'p95' | 'p99'>
export type OpenInterval = IntervalPart<OpenIntervalCounts> & { t: number }

type Histograms = 'latency' | 'success' | 'service' | 'sendLag'
/** A thread's measurement with its histograms encoded (as it crosses threads). */
export type OpenThreadPart = Omit<ArrivalRateMeasurement, Histograms> &
  Record<Histograms, string> & { requests: RequestPart[] }

export async function runOpenThread(
  p: OpenThreadPayload,
  io: Pick<GeneratorIO<OpenInterval>, 'signal' | 'interval' | 'threads' | 'threadIndex'>,
): Promise<OpenThreadPart> {
  const whole = shardScheduleOf(p.schedule)
  const schedule = io.threads > 1 ? new StridedSchedule(whole, io.threadIndex, io.threads) : whole
  let second = 0
  const scenario = new ScenarioRunner(p.scenario, io.threadIndex, io.threads)
  const m = await runArrivalRate({
    endpoint: p.endpoint,
    scenario,
    schedule,
    maxConnections: p.maxConnections,
    timeoutMs: p.timeoutMs,
    signal: io.signal,
    start: () => startTogether(p.barrier, io.threads, io.signal),
    onSample: (s, h) => {
      const { t, p50: _50, p95: _95, p99: _99, ...counts } = s
      io.interval({ second: second++, t, histogram: encodeHistogram(h), counts })
    },
  })
  const part: OpenThreadPart = {
    ...m,
    latency: encodeHistogram(m.latency),
    success: encodeHistogram(m.success),
    service: encodeHistogram(m.service),
    sendLag: encodeHistogram(m.sendLag),
    requests: scenario.finish(),
  }
  for (const h of [m.latency, m.success, m.service, m.sendLag]) h.destroy()
  return part
}

export const openTask: GeneratorTask<OpenThreadPayload, OpenInterval, OpenThreadPart> = {
  run: (payload, io) => runOpenThread(payload, io),
}
