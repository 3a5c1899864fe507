import type { SuiteContext, SuiteOutput } from '../../types'
import { encodeHistogram } from '../../common/latency'
import { errorOutput, preflight } from '../closed-suite'
import { failedOf } from '../analysis'
import { WireInputError } from './http-wire'
import { analyseOpen, countsOf, openNotes, rateUnitOf, toHttpSample } from './report'
import { runRateSweep } from './rate-sweep'
import { clientBoundFinding } from '../../common/generator'
import { judgeOpen } from './generator'
import { withRequests } from '../scenario/result'
import { measureOpen, scheduleOf, scheduleSpecOf } from './run'
import type { HttpSample } from '@shared/index'

type Output = SuiteOutput<'http-load'>

/**
 * The open model of the http-load suite: `model: "arrival-rate"` (constant rate or stages) and
 * `sweep.rates`. (A `sweep.connections` is a series of closed-model steps: see ../sweep.)
 */
export async function runOpenModel(ctx: SuiteContext<'http-load'>): Promise<Output> {
  const { config } = ctx
  const pre = await preflight(ctx)
  if (pre.stop) return pre.stop
  const plan = pre.plan
  try {
    if (config.sweep?.rates) return await runRateSweep(ctx, plan)
    return await runSingle(ctx, plan)
  } catch (err) {
    if (err instanceof WireInputError) return errorOutput(config, err.message)
    return errorOutput(config, err instanceof Error ? err.message : String(err))
  }
}

async function runSingle(
  ctx: SuiteContext<'http-load'>,
  plan: Parameters<typeof measureOpen>[1],
): Promise<Output> {
  const { config } = ctx
  const schedule = scheduleOf(config)
  const unit = rateUnitOf(config)
  const series: HttpSample[] = []
  const {
    m,
    generator: g,
    requests,
  } = await measureOpen(ctx, plan, scheduleSpecOf(config), (s) => {
    const sample = toHttpSample(s)
    series.push(sample)
    ctx.progress({
      elapsedSec: s.t,
      expectedSec: schedule.durationSec,
      fraction: schedule.durationSec > 0 ? Math.min(1, s.t / schedule.durationSec) : null,
      label: `target ${Math.round(s.targetRps)} ${unit}, sent ${Math.round(s.sentRps)} ${unit}`,
      sample: { ...sample },
    })
  })
  // the drain's answers were folded into the last sample after it was streamed
  const last = m.samples[m.samples.length - 1]
  if (last && series.length === m.samples.length) series[series.length - 1] = toHttpSample(last)
  const a = analyseOpen(config, m, series)
  const generator = judgeOpen(config, m, g, a.delivered)
  const bound = clientBoundFinding('http', generator)
  const out: Output = {
    status: a.status,
    checks: a.checks,
    findings: bound ? [...a.findings, bound] : a.findings,
    generator,
    metrics: a.metrics,
    series,
    histogram: encodeHistogram(m.latency),
    notes: openNotes(config, m, a.delivered, a.targetRps, a.sentRps),
  }
  withRequests(out, config, requests, m.spanSec)
  if (m.cancelled) out.status = 'cancelled'
  else if (m.completed === 0 && failedOf(countsOf(m)) > 0) {
    out.status = 'error'
    out.error = `no request got an answer: ${Object.keys(m.errorMessages)[0] ?? 'every request failed'}`
  }
  return out
}
