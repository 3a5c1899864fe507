import type { Finding, HttpLoadSuiteResult, HttpSample } from '@shared/index'
import type { SuiteContext, SuiteOutput } from '../../types'
import { encodeHistogram, mergeHistograms, summarize } from '../../common/latency'
import { allPass } from '../../common/thresholds'
import { analyseHttp, type HttpCounts } from '../analysis'
import type { RequestPlan } from '../request-plan'
import type { ArrivalRateMeasurement } from './arrival-rate'
import { analyseOpen, countsOf, OPEN_MODEL_NOTE, toHttpSample } from './report'
import { measureOpen, scheduleOf } from './run'
import { fitUsl, uslKnee } from './usl'

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

/**
 * Knee of a throughput curve by the Universal Scalability Law. Open-model loads are rates, so
 * N is measured in units of the lowest rate (N = rate / lowest rate, N = 1 at the first step);
 * the knee's load is converted back to req/s.
 */
export function rateKnee(steps: readonly { rate: number; rps: number }[]): Sweep['knee'] {
  const base = Math.min(...steps.map((s) => s.rate))
  if (!(base > 0)) return null
  const fit = fitUsl(steps.map((s) => ({ n: s.rate / base, x: s.rps })))
  if (!fit) return null
  const knee = uslKnee(fit, Math.max(...steps.map((s) => s.rate)) / base)
  if (!knee) return null
  return {
    load: r(knee.n * base, 1),
    rps: r(knee.x, 1),
    model: 'usl',
    fit: {
      sigma: r(fit.sigma, 6),
      kappa: r(fit.kappa, 8),
      lambda: r(fit.lambda, 3),
      r2: r(fit.r2, 4),
      rmse: r(fit.rmse, 2),
      /** req/s of one unit of N */
      loadUnit: base,
    },
  }
}

/**
 * Knee of a connections sweep (N = connections). For a server that serves K at a time it lands
 * on K, where the USL peak N* = √((1 − σ)/κ) of a hockey-stick curve lies far beyond it.
 */
export function connectionKnee(
  steps: readonly { connections?: number; rps: number }[],
): Sweep['knee'] {
  const pts = steps.map((s) => ({ n: s.connections ?? 0, x: s.rps }))
  const fit = fitUsl(pts)
  if (!fit) return null
  const knee = uslKnee(fit, Math.max(...pts.map((p) => p.n)))
  if (!knee) return null
  return {
    load: r(knee.n, 1),
    rps: r(knee.x, 1),
    model: 'usl',
    fit: {
      sigma: r(fit.sigma, 6),
      kappa: r(fit.kappa, 8),
      lambda: r(fit.lambda, 3),
      r2: r(fit.r2, 4),
      rmse: r(fit.rmse, 2),
      ...(Number.isFinite(knee.peakN) ? { peakN: r(knee.peakN, 1) } : {}),
    },
  }
}

export function kneeFinding(knee: NonNullable<Sweep['knee']>, unit: string): Finding {
  return {
    id: 'http.knee',
    severity: 'info',
    title: `Throughput knee near ${knee.load} ${unit} (≈ ${knee.rps} req/s served)`,
    detail:
      `A Universal Scalability Law fit (σ = ${knee.fit.sigma}, κ = ${knee.fit.kappa}, R² = ${knee.fit.r2}) ` +
      'says throughput stops following the load there: beyond it, more load mostly adds queueing.',
    evidence: [
      { label: 'knee', value: knee.load, unit },
      { label: 'throughput at knee', value: knee.rps, unit: 'req/s' },
      { label: 'σ (contention)', value: knee.fit.sigma ?? null },
      { label: 'κ (coherency)', value: knee.fit.kappa ?? null },
      { label: 'λ (req/s per unit of load)', value: knee.fit.lambda ?? null },
      { label: 'R²', value: knee.fit.r2 ?? null },
    ],
    recommendation:
      'Keep the production load below the knee; above it latency grows without bound.',
  }
}

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
  const steps: Step[] = []
  const measurements: ArrivalRateMeasurement[] = []
  const series: HttpSample[] = []
  let tOffset = 0
  for (const [i, rate] of rates.entries()) {
    const schedule = scheduleOf({ ...config, amount: undefined, durationSec: stepSec }, rate)
    const stepSeries: HttpSample[] = []
    const m = await measureOpen(ctx, plan, schedule, (s) => {
      const sample = toHttpSample(s, tOffset, i)
      stepSeries.push(sample)
      ctx.progress({
        elapsedSec: tOffset + s.t,
        expectedSec,
        fraction: Math.min(1, (tOffset + s.t) / expectedSec),
        label: `${rate} req/s (${i + 1}/${rates.length})`,
        sample: { ...sample },
      })
    })
    tOffset = r(Math.max(tOffset + m.elapsedSec, stepSeries[stepSeries.length - 1]?.t ?? 0), 3)
    series.push(...stepSeries)
    measurements.push(m)
    const a = analyseOpen(config, m, stepSeries)
    steps.push({
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
  const empty: HttpCounts = {
    statusCodes: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    errors: 0,
    timeouts: 0,
    bytes: 0,
    durationSec: 0,
  }
  const counts: HttpCounts = measurements.map(countsOf).reduce((acc, c) => {
    for (const k of Object.keys(acc.statusCodes) as (keyof HttpCounts['statusCodes'])[]) {
      acc.statusCodes[k] += c.statusCodes[k]
    }
    acc.errors += c.errors
    acc.timeouts += c.timeouts
    acc.bytes += c.bytes
    acc.durationSec += c.durationSec
    return acc
  }, empty)
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
  const findings: Finding[] = []
  if (sustainable) {
    findings.push({
      id: 'http.max-sustainable',
      severity: 'info',
      title: `Max sustainable ≈ ${sustainable.rate} req/s at p95 ≤ ${p95Limit} ms`,
      detail:
        `Of ${steps.length} rates, the highest that was delivered in full and met every threshold ` +
        `(p95 ${sustainable.latencyMs.p95} ms, ${r(sustainable.errorRate * 100, 2)} % errors) is ${sustainable.rate} req/s.`,
      evidence: steps.map((s) => ({
        label: `${s.rate} req/s`,
        value: `${s.rps} req/s, p95 ${s.latencyMs.p95} ms${s.meetsThresholds ? '' : ' (fails)'}`,
      })),
      recommendation:
        'Plan capacity below this rate, with headroom for bursts; re-run the sweep after changes to see whether it moved.',
    })
  } else if (steps.length > 0) {
    findings.push({
      id: 'http.no-sustainable-rate',
      severity: 'critical',
      title: `No rate in the sweep met p95 ≤ ${p95Limit} ms and the thresholds`,
      detail: `Even ${steps[0]?.rate} req/s gave p95 ${steps[0]?.latencyMs.p95} ms and ${r((steps[0]?.errorRate ?? 0) * 100, 2)} % errors.`,
      evidence: steps.map((s) => ({
        label: `${s.rate} req/s`,
        value: `${s.rps} req/s, p95 ${s.latencyMs.p95} ms`,
      })),
      recommendation: 'Sweep lower rates, or fix what makes even a light load slow.',
    })
  }
  if (knee) findings.push(kneeFinding(knee, 'req/s offered'))
  const out: Output = {
    status: sustainable ? 'passed' : 'failed',
    checks: judgedA?.checks ?? [],
    findings: [...findings, ...overall.findings],
    metrics: overall.metrics,
    series,
    histogram: encodeHistogram(histogram),
    notes: [
      OPEN_MODEL_NOTE,
      `Rate sweep: ${steps.length} steps of ${stepSec} s. The metrics cover all steps together; the checks ` +
        (sustainable
          ? `are those of the highest sustainable rate (${sustainable.rate} req/s).`
          : 'are those of the first step, since no step met them.') +
        ` A step is sustainable when its rate was delivered in full, it met the thresholds, and p95 ≤ ${p95Limit} ms.`,
      ...steps.map(
        (s, i) =>
          `step ${i + 1}: ${s.rate} req/s offered → ${s.rps} req/s served, p95 ${s.latencyMs.p95} ms, ` +
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
  if (measurements[measurements.length - 1]?.cancelled) out.status = 'cancelled'
  return out
}
