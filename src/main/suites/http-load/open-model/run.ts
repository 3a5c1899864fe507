import type { HttpLoadConfig } from '@shared/index'
import type { SuiteContext } from '../../types'
import type { RequestPlan } from '../request-plan'
import { runArrivalRate, type ArrivalRateMeasurement, type OpenSample } from './arrival-rate'
import { encodeRequests, endpointOf } from './http-wire'
import { maxConnectionsOf } from './report'
import { ArrivalSchedule } from './schedule'

/** The schedule a plan asks for: stages ramp from `rate` (or 0); otherwise `rate` for durationSec. */
export function scheduleOf(config: HttpLoadConfig, rateOverride?: number): ArrivalSchedule {
  if (rateOverride === undefined && config.stages) {
    return new ArrivalSchedule(config.rate ?? 0, config.stages, config.amount)
  }
  const rate = rateOverride ?? config.rate
  if (rate === undefined)
    throw new Error('rate: the arrival-rate model needs "rate" (requests per second) or "stages"')
  const durationSec =
    config.durationSec ?? (config.amount !== undefined ? config.amount / rate : 10)
  return ArrivalSchedule.constant(rate, durationSec, config.amount)
}

/** One open-model measurement for a suite context, reporting progress as it goes. */
export function measureOpen(
  ctx: SuiteContext<'http-load'>,
  plan: RequestPlan,
  schedule: ArrivalSchedule,
  onSample: (s: OpenSample) => void,
): Promise<ArrivalRateMeasurement> {
  return runArrivalRate({
    endpoint: endpointOf(plan.target),
    requests: encodeRequests(plan.origin, plan.requests),
    schedule,
    maxConnections: maxConnectionsOf(ctx.config, schedule.peakRate),
    timeoutMs: ctx.config.timeoutSec * 1000,
    signal: ctx.signal,
    onSample,
  })
}
