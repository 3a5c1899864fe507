import type { GeneratorStats, HttpLoadConfig } from '@shared/index'
import type { SuiteContext, SuiteOutput } from '../types'
import { encodeHistogram } from '../common/latency'
import { probeConnect } from '../../targets/http'
import { checkHttpThresholds, failedOf } from './analysis'
import { clientBoundFinding } from '../common/generator'
import { CLOSED_MODEL_NOTE, analyseClosed } from './closed-model'
import { measureClosed } from './closed-engine'
import type { ClosedLoadMeasurement } from './closed-model'
import { planRequests, requireHttpTarget } from './request-plan'
import type { RequestPlan } from './request-plan'
import { runConnectionSweep } from './sweep'
import { loadDataFile, DataFileError } from './scenario/data'
import { scenarioSpecOf } from './scenario/spec'
import { withRequests } from './scenario/result'

type Output = SuiteOutput<'http-load'>

/** A result for a suite that could not measure (or stopped measuring): status 'error', a plain message. */
export function errorOutput(config: HttpLoadConfig, message: string, notes: string[] = []): Output {
  return {
    status: 'error',
    error: message,
    checks: checkHttpThresholds(config.thresholds, null),
    findings: [],
    metrics: null,
    series: [],
    histogram: null,
    notes,
  }
}

export const cancelledOutput = (config: HttpLoadConfig): Output => ({
  ...errorOutput(config, 'cancelled before the load started'),
  status: 'cancelled',
})

/**
 * Opens one connection first, so that an unreachable or untrusted target fails in a sentence
 * instead of in thousands of socket errors. Gives the request plan, or the output to return.
 */
export async function preflight(
  ctx: SuiteContext<'http-load'>,
): Promise<{ plan: RequestPlan; stop: null } | { plan: null; stop: Output }> {
  let plan: RequestPlan
  try {
    plan = planRequests(requireHttpTarget(ctx.target), ctx.config)
    const rows = ctx.config.data ? loadDataFile(ctx.config.data.file).rows : null
    plan.scenario = scenarioSpecOf(plan, ctx.config, rows)
  } catch (err) {
    if (err instanceof DataFileError) {
      return { plan: null, stop: errorOutput(ctx.config, `data.file: ${err.message}`) }
    }
    return {
      plan: null,
      stop: errorOutput(ctx.config, err instanceof Error ? err.message : String(err)),
    }
  }
  const probe = await probeConnect(plan.target, {
    timeoutMs: Math.min(5000, ctx.config.timeoutSec * 1000),
    signal: ctx.signal,
  })
  if (ctx.signal.aborted) return { plan: null, stop: cancelledOutput(ctx.config) }
  if (!probe.ok) return { plan: null, stop: errorOutput(ctx.config, probe.message) }
  return { plan, stop: null }
}

/** Turns a finished measurement into the suite's output, deciding its status. */
export function closedOutput(
  config: HttpLoadConfig,
  m: ClosedLoadMeasurement,
  notes: string[],
  generator?: GeneratorStats,
): Output {
  const a = analyseClosed(config, m, m.series)
  const bound = generator ? clientBoundFinding('http', generator) : null
  const out: Output = {
    status: a.status,
    checks: a.checks,
    findings: bound ? [...a.findings, bound] : a.findings,
    ...(generator ? { generator } : {}),
    metrics: a.metrics,
    series: m.series,
    histogram: encodeHistogram(m.latency.total),
    notes,
    ...(m.server !== null ? { serverVersion: m.server } : {}),
  }
  withRequests(out, config, m.requests, m.counts.durationSec)
  if (m.cancelled) {
    out.status = 'cancelled'
  } else if (m.fatal !== null) {
    out.status = 'error'
    out.error = `${m.fatal} (the target stopped answering after ${a.metrics.requests} requests)`
  } else if (a.metrics.requests === 0 && failedOf(m.counts) > 0) {
    out.status = 'error'
    out.error = m.firstError ?? `no request got an answer within ${config.timeoutSec} s`
  }
  return out
}

export async function runClosedModel(ctx: SuiteContext<'http-load'>): Promise<Output> {
  const { config } = ctx
  const pre = await preflight(ctx)
  if (pre.stop) return pre.stop
  const plan = pre.plan
  if (config.sweep?.connections) return runConnectionSweep(ctx, plan)

  const notes = [CLOSED_MODEL_NOTE]
  if (config.amount !== undefined && config.connections > config.amount) {
    notes.push(
      `connections lowered from ${config.connections} to ${config.amount}: one request each`,
    )
  }
  const durationSec = config.amount === undefined ? (config.durationSec ?? 10) : undefined
  try {
    const { m, generator } = await measureClosed(config, plan, {
      connections: config.connections,
      durationSec,
      amount: config.amount,
      timeoutSec: config.timeoutSec,
      pipelining: config.pipelining,
      signal: ctx.signal,
      onSample: (sample, state) => {
        ctx.progress({
          elapsedSec: state.elapsedSec,
          expectedSec: durationSec ?? null,
          fraction:
            durationSec !== undefined
              ? Math.min(1, state.elapsedSec / durationSec)
              : Math.min(1, state.attempts / (config.amount ?? 1)),
          sample: { ...sample },
        })
      },
    })
    return closedOutput(config, m, notes, generator)
  } catch (err) {
    return errorOutput(
      config,
      `the ${config.engine} engine could not run: ${err instanceof Error ? err.message : String(err)}`,
      notes,
    )
  }
}
