import type { Finding, HttpLoadSuiteResult, HttpSample } from '@shared/index'
import type { SuiteContext, SuiteOutput } from '../../types'
import { encodeHistogram, mergeHistograms, summarize } from '../../common/latency'
import { allPass } from '../../common/thresholds'
import { analyseHttp, sumHttpCounts } from '../analysis'
import type { RequestPlan } from '../request-plan'
import type { ArrivalRateMeasurement } from './arrival-rate'
import { analyseOpen, countsOf, openModelNotes, rateUnitOf, toHttpSample } from './report'
import { measureOpen, scheduleSpecOf } from './run'
import { mergeRequestParts, type RequestPart } from '../scenario/request-stats'
import { withRequests } from '../scenario/result'
import { judgeOpen } from './generator'
import { clientBoundFinding, combineGenerator } from '../../common/generator'
import { kneeFinding, maxSustainableFinding, rateKnee } from '../knee'

type Sweep = NonNullable<HttpLoadSuiteResult['sweep']>
type Step = Sweep['steps'][number]
type Output = SuiteOutput<'http-load'>

const r = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d

/**
 * The latency limit a step must meet to count as sustainable: the plan's p95 threshold, else
 * its Apdex T (the latency it calls "satisfied"). Without one, an open model past capacity
 * would still "deliver" its rate — into an ever-growing queue.
 */
export const sustainableP95Of = (config: SuiteContext<'http-load'>['config']): number =>
  config.thresholds.p95Ms ?? config.apdexTMs

/** One open-model step per rate, `durationSec` each, then the curve, its knee and the limit. */
export async function runRateSweep(
  ctx: SuiteContext<'http-load'>,
  plan: RequestPlan,
): Promise<Output> {
  const { config } = ctx
  const rates = config.sweep?.rates ?? []
  const stepSec = config.durationSec ?? 10
  const expectedSec = stepSec * rates.length
  const p95Limit = sustainableP95Of(config)
  const unit = rateUnitOf(config)
  const steps: Step[] = []
  const measurements: ArrivalRateMeasurement[] = []
  const stepRequests: RequestPart[][] = []
  const series: HttpSample[] = []
  let tOffset = 0
  for (const [i, rate] of rates.entries()) {
    const spec = scheduleSpecOf({ ...config, amount: undefined, durationSec: stepSec }, rate)
    const stepSeries: HttpSample[] = []
    const {
      m,
      generator: g,
      requests,
    } = await measureOpen(ctx, plan, spec, (s) => {
      const sample = toHttpSample(s, tOffset, i)
      stepSeries.push(sample)
      ctx.progress({
        elapsedSec: tOffset + s.t,
        expectedSec,
        fraction: Math.min(1, (tOffset + s.t) / expectedSec),
        label: `${rate} ${unit} (${i + 1}/${rates.length})`,
        sample: { ...sample },
      })
    })
    // the drain's answers were folded into the last sample after it was streamed
    const last = m.samples[m.samples.length - 1]
    if (last && stepSeries.length === m.samples.length)
      stepSeries[stepSeries.length - 1] = toHttpSample(last, tOffset, i)
    tOffset = r(Math.max(tOffset + m.elapsedSec, stepSeries[stepSeries.length - 1]?.t ?? 0), 3)
    series.push(...stepSeries)
    measurements.push(m)
    stepRequests.push(requests)
    const a = analyseOpen(config, m, stepSeries)
    const generator = judgeOpen(config, m, g, a.delivered)
    steps.push({
      generator,
      rate,
      rps: a.metrics.rps,
      latencyMs: a.metrics.latencyMs,
      errorRate: a.metrics.errorRate,
      meetsThresholds:
        m.completed > 0 &&
        allPass(a.checks) &&
        a.metrics.errorRate <= (config.thresholds.errorRate ?? 0.01) &&
        a.metrics.latencyMs.p95 <= p95Limit,
    })
    if (m.cancelled) break
  }

  const histogram = mergeHistograms(measurements.map((m) => m.latency))
  const counts = sumHttpCounts(measurements.map(countsOf))
  const due = measurements.reduce((s, m) => s + m.due, 0)
  const overall = analyseHttp({
    histogram,
    successHistogram: mergeHistograms(measurements.map((m) => m.success)),
    counts,
    thresholds: config.thresholds,
    apdexTMs: config.apdexTMs,
    timeoutSec: config.timeoutSec,
    series: [],
    latencyBasis: 'intended-time',
    openModel: {
      targetRps: counts.durationSec > 0 ? r(due / counts.durationSec) : 0,
      late: measurements.reduce((s, m) => s + m.late, 0),
      dropped: measurements.reduce((s, m) => s + m.dropped, 0),
      serviceTime: mergeHistograms(measurements.map((m) => m.service)),
    },
  })

  const sustainable = [...steps].reverse().find((s) => s.meetsThresholds)
  const sustainableIndex = sustainable ? steps.indexOf(sustainable) : 0
  const judged = measurements[sustainableIndex]
  const judgedA = judged ? analyseOpen(config, judged, []) : null
  const knee =
    steps.length >= 3 ? rateKnee(steps.map((s) => ({ rate: s.rate ?? 0, rps: s.rps }))) : null
  const findings: Finding[] = [
    maxSustainableFinding(steps, sustainable ?? null, p95Limit, 'rate', unit),
  ]
  if (knee) findings.push(kneeFinding(knee, `${unit} offered`))
  const generator = combineGenerator(steps.flatMap((s) => (s.generator ? [s.generator] : [])))
  const bound = generator
    ? clientBoundFinding('http', generator, {
        where: steps.filter((s) => s.generator?.clientBound).map((s) => `${s.rate} req/s`),
      })
    : null
  if (bound) findings.push(bound)
  const out: Output = {
    ...(generator ? { generator } : {}),
    status: sustainable ? 'passed' : 'failed',
    checks: judgedA?.checks ?? [],
    findings: [...findings, ...overall.findings],
    metrics: overall.metrics,
    series,
    histogram: encodeHistogram(histogram),
    notes: [
      ...openModelNotes(config),
      `Rate sweep: ${steps.length} steps of ${stepSec} s. The metrics cover all steps together; the checks ` +
        (sustainable
          ? `are those of the highest sustainable rate (${sustainable.rate} req/s).`
          : 'are those of the first step, since no step met them.') +
        ` A step is sustainable when its rate was delivered in full, it met the thresholds, and p95 ≤ ${p95Limit} ms.`,
      ...steps.map(
        (s, i) =>
          `step ${i + 1}: ${s.rate} ${unit} offered → ${s.rps} req/s served, p95 ${s.latencyMs.p95} ms, ` +
          `service p95 ${summarize(measurements[i]!.service).p95} ms, late ${measurements[i]!.late}, dropped ${measurements[i]!.dropped}`,
      ),
    ],
    sweep: {
      steps,
      knee,
      maxSustainable: sustainable
        ? { load: sustainable.rate ?? 0, rps: sustainable.rps, p95Ms: sustainable.latencyMs.p95 }
        : null,
    },
  }
  // per request over all the steps together, as the metrics
  withRequests(out, config, mergeRequestParts(stepRequests), counts.durationSec)
  if (measurements[measurements.length - 1]?.cancelled) out.status = 'cancelled'
  return out
}
