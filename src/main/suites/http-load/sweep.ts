import type { HttpLoadSuiteResult } from '@shared/index'
import type { SuiteContext, SuiteOutput } from '../types'
import { encodeHistogram, mergeHistograms } from '../common/latency'
import { allPass } from '../common/thresholds'
import { analyseHttp, checkHttpThresholds, emptyStatusCounts } from './analysis'
import type { HttpCounts, StatusClass } from './analysis'
import { CLOSED_MODEL_NOTE, analyseClosed, runClosedLoad } from './closed-model'
import type { ClosedLoadMeasurement } from './closed-model'
import type { RequestPlan } from './request-plan'

type Sweep = NonNullable<HttpLoadSuiteResult['sweep']>
type Step = Sweep['steps'][number]

/**
 * Universal Scalability Law, X(N) = λN / (1 + σ(N−1) + κN(N−1)), fitted by least squares on
 * its linear form N/X = 1/λ + (σ/λ)(N−1) + (κ/λ)N(N−1). Throughput peaks at N* = √((1−σ)/κ).
 * Returns null when the data do not show a peak (κ ≤ 0) or fewer than three steps ran.
 */
export function fitUsl(points: readonly { n: number; x: number }[]): Sweep['knee'] {
  const pts = points.filter((p) => p.x > 0)
  if (pts.length < 3) return null
  // normal equations for y = a + b·u + c·v
  const rows = pts.map((p) => [1, p.n - 1, p.n * (p.n - 1), p.n / p.x] as const)
  const ata = [0, 1, 2].map((i) =>
    [0, 1, 2].map((j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0)),
  )
  const aty = [0, 1, 2].map((i) => rows.reduce((s, r) => s + r[i]! * r[3], 0))
  const sol = solve3(ata, aty)
  if (!sol) return null
  const [a, b, c] = sol as [number, number, number]
  if (!(a > 0) || !(c > 0)) return null
  const lambda = 1 / a
  const sigma = b / a
  const kappa = c / a
  if (sigma >= 1 || sigma < -0.5) return null
  const nStar = Math.sqrt((1 - sigma) / kappa)
  const xAt = (n: number): number => (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1))
  const meanX = pts.reduce((s, p) => s + p.x, 0) / pts.length
  const ssTot = pts.reduce((s, p) => s + (p.x - meanX) ** 2, 0)
  const ssRes = pts.reduce((s, p) => s + (p.x - xAt(p.n)) ** 2, 0)
  const r2 = ssTot > 0 ? 1 - ssRes / ssTot : 0
  const round = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d
  return {
    load: round(nStar, 1),
    rps: round(xAt(nStar), 1),
    model: 'usl',
    fit: { lambda: round(lambda), sigma: round(sigma, 6), kappa: round(kappa, 8), r2: round(r2) },
  }
}

function solve3(m: number[][], y: number[]): number[] | null {
  const a = m.map((row, i) => [...row, y[i]!])
  for (let col = 0; col < 3; col++) {
    let pivot = col
    for (let r = col + 1; r < 3; r++)
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null
    ;[a[col], a[pivot]] = [a[pivot]!, a[col]!]
    for (let r = 0; r < 3; r++) {
      if (r === col) continue
      const f = a[r]![col]! / a[col]![col]!
      for (let k = col; k < 4; k++) a[r]![k]! -= f * a[col]![k]!
    }
  }
  return [0, 1, 2].map((i) => a[i]![3]! / a[i]![i]!)
}

function sumCounts(parts: readonly HttpCounts[]): HttpCounts {
  const total: HttpCounts = {
    statusCodes: emptyStatusCounts(),
    errors: 0,
    timeouts: 0,
    bytes: 0,
    durationSec: 0,
  }
  for (const p of parts) {
    for (const k of Object.keys(total.statusCodes) as StatusClass[])
      total.statusCodes[k] += p.statusCodes[k]
    total.errors += p.errors
    total.timeouts += p.timeouts
    total.bytes += p.bytes
    total.durationSec += p.durationSec
  }
  return total
}

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
  let tOffset = 0
  for (const [i, connections] of levels.entries()) {
    const m = await runClosedLoad(plan, {
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
    })
    if (m.cancelled || m.fatal !== null) break
  }

  const series = measurements.flatMap((m) => m.series)
  const total = mergeHistograms(measurements.map((m) => m.latency.total))
  const success = mergeHistograms(measurements.map((m) => m.success))
  const counts = sumCounts(measurements.map((m) => m.counts))
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
  const knee = fitUsl(steps.map((s) => ({ n: s.connections ?? 0, x: s.rps })))
  const last = measurements[measurements.length - 1]
  const notes = [
    CLOSED_MODEL_NOTE,
    `Sweep: the metrics cover all ${steps.length} steps together; the checks are those of ` +
      (sustainable
        ? `the highest load that met them (${sustainable.connections} connections).`
        : 'the first step, since no step met them.'),
  ]
  const out: SuiteOutput<'http-load'> = {
    status: sustainable ? 'passed' : 'failed',
    checks,
    findings: overall.findings,
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
  if (last?.cancelled) out.status = 'cancelled'
  else if (last?.fatal) {
    out.status = 'error'
    out.error = last.fatal
  }
  return out
}
