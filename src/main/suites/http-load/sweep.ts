import type { HttpLoadSuiteResult } from '@shared/index'
import type { SuiteContext, SuiteOutput } from '../types'
import { encodeHistogram, mergeHistograms } from '../common/latency'
import { allPass } from '../common/thresholds'
import { analyseHttp, checkHttpThresholds, sumHttpCounts } from './analysis'
import type { GeneratorStats } from '@shared/index'
import { clientBoundFinding, combineGenerator } from '../common/generator'
import { CLOSED_MODEL_NOTE, analyseClosed } from './closed-model'
import { measureClosed } from './closed-engine'
import { mergeRequestParts } from './scenario/request-stats'
import { withRequests } from './scenario/result'
import type { ClosedLoadMeasurement } from './closed-model'
import type { RequestPlan } from './request-plan'
import { connectionKnee, kneeFinding, maxSustainableFinding } from './knee'

type Sweep = NonNullable<HttpLoadSuiteResult['sweep']>
type Step = Sweep['steps'][number]

/**
 * Closed-model sweep: one step per connection count, each `durationSec` long (or `amount`
 * requests), to find where throughput stops growing (the knee) and the highest load that
 * still meets the thresholds.
 */
export async function runConnectionSweep(
  ctx: SuiteContext<'http-load'>,
  plan: RequestPlan,
): Promise<SuiteOutput<'http-load'>> {
  const { config } = ctx
  const levels = config.sweep?.connections ?? [config.connections]
  const stepSec = config.amount === undefined ? (config.durationSec ?? 10) : undefined
  const expectedSec = stepSec !== undefined ? stepSec * levels.length : null
  const measurements: ClosedLoadMeasurement[] = []
  const steps: Step[] = []
  const generators: GeneratorStats[] = []
  let tOffset = 0
  for (const [i, connections] of levels.entries()) {
    const { m, generator } = await measureClosed(config, plan, {
      connections,
      durationSec: stepSec,
      amount: config.amount,
      timeoutSec: config.timeoutSec,
      pipelining: config.pipelining,
      signal: ctx.signal,
      tOffset,
      step: i,
      onSample: (sample, state) => {
        const done = tOffset + state.elapsedSec
        ctx.progress({
          elapsedSec: done,
          expectedSec,
          fraction:
            expectedSec !== null
              ? Math.min(1, done / expectedSec)
              : (i + Math.min(1, state.attempts / (config.amount ?? 1))) / levels.length,
          label: `${connections} connections (${i + 1}/${levels.length})`,
          sample: { ...sample },
        })
      },
    })
    tOffset += m.counts.durationSec
    measurements.push(m)
    generators.push(generator)
    const a = analyseClosed(config, m, m.series)
    const noThresholds = Object.values(config.thresholds).every((v) => v === undefined)
    steps.push({
      connections,
      rps: a.metrics.rps,
      latencyMs: a.metrics.latencyMs,
      errorRate: a.metrics.errorRate,
      // without thresholds, "sustainable" means at most 1 % errors
      meetsThresholds:
        a.metrics.requests > 0 &&
        allPass(a.checks) &&
        (!noThresholds || a.metrics.errorRate <= 0.01),
      generator,
    })
    if (m.cancelled || m.fatal !== null) break
  }

  const series = measurements.flatMap((m) => m.series)
  const total = mergeHistograms(measurements.map((m) => m.latency.total))
  const success = mergeHistograms(measurements.map((m) => m.success))
  const counts = sumHttpCounts(measurements.map((m) => m.counts))
  const overall = analyseHttp({
    histogram: total,
    successHistogram: success,
    counts,
    thresholds: config.thresholds,
    apdexTMs: config.apdexTMs,
    timeoutSec: config.timeoutSec,
    series: [],
    latencyBasis: 'service-time',
  })
  const sustainable = [...steps].reverse().find((s) => s.meetsThresholds)
  const judged = sustainable ?? steps[0]
  const judgedIndex = judged ? steps.indexOf(judged) : -1
  const judgedM = measurements[judgedIndex]
  const checks = judgedM
    ? checkHttpThresholds(config.thresholds, analyseClosed(config, judgedM, judgedM.series).metrics)
    : checkHttpThresholds(config.thresholds, null)
  const knee = steps.length >= 3 ? connectionKnee(steps) : null
  const last = measurements[measurements.length - 1]
  const notes = [
    CLOSED_MODEL_NOTE,
    `Sweep: the metrics cover all ${steps.length} steps together; the checks are those of ` +
      (sustainable
        ? `the highest load that met them (${sustainable.connections} connections).`
        : 'the first step, since no step met them.'),
  ]
  const generator = combineGenerator(generators)
  const bound = generator
    ? clientBoundFinding('http', generator, {
        where: steps
          .filter((s) => s.generator?.clientBound)
          .map((s) => `${s.connections} connections`),
      })
    : null
  const out: SuiteOutput<'http-load'> = {
    status: sustainable ? 'passed' : 'failed',
    checks,
    ...(generator ? { generator } : {}),
    findings: [
      maxSustainableFinding(
        steps,
        sustainable ?? null,
        config.thresholds.p95Ms ?? config.apdexTMs,
        'connections',
      ),
      ...(knee ? [kneeFinding(knee, 'connections')] : []),
      ...(bound ? [bound] : []),
      ...overall.findings,
    ],
    metrics: overall.metrics,
    series,
    histogram: encodeHistogram(total),
    notes,
    sweep: {
      steps,
      knee,
      maxSustainable: sustainable
        ? {
            load: sustainable.connections ?? 0,
            rps: sustainable.rps,
            p95Ms: sustainable.latencyMs.p95,
          }
        : null,
    },
  }
  // per request over all the steps together, as the metrics
  withRequests(
    out,
    config,
    mergeRequestParts(measurements.flatMap((m) => (m.requests ? [m.requests] : []))),
    counts.durationSec,
  )
  if (last?.cancelled) out.status = 'cancelled'
  else if (last?.fatal) {
    out.status = 'error'
    out.error = last.fatal
  }
  return out
}
