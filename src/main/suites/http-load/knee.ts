import type { Finding, HttpLoadSuiteResult } from '@shared/index'
import { fitUsl, uslKnee } from './usl'

type Sweep = NonNullable<HttpLoadSuiteResult['sweep']>

const r = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d

/**
 * Knee of a throughput curve X(N) by a Universal Scalability Law fit, N in units of `unit`
 * (the load is N × unit). For a server that serves K at a time it lands on K, where the USL
 * peak N* = √((1 − σ)/κ) of such a hockey-stick curve lies far beyond it.
 */
function uslKneeOf(points: readonly { n: number; x: number }[], unit: number): Sweep['knee'] {
  const fit = fitUsl(points)
  if (!fit) return null
  const knee = uslKnee(fit, Math.max(...points.map((p) => p.n)))
  if (!knee) return null
  return {
    load: r(knee.n * unit, 1),
    rps: r(knee.x, 1),
    model: 'usl',
    fit: {
      sigma: r(fit.sigma, 6),
      kappa: r(fit.kappa, 8),
      lambda: r(fit.lambda, 3),
      r2: r(fit.r2, 4),
      rmse: r(fit.rmse, 2),
      ...(Number.isFinite(knee.peakN) ? { peakN: r(knee.peakN, 1) } : {}),
      ...(unit !== 1 ? { loadUnit: unit } : {}),
    },
  }
}

/**
 * Knee of a rate sweep. Open-model loads are rates, so N is measured in units of the lowest
 * rate (N = 1 at the first step); the knee's load is converted back to req/s.
 */
export function rateKnee(steps: readonly { rate: number; rps: number }[]): Sweep['knee'] {
  const base = Math.min(...steps.map((s) => s.rate))
  if (!(base > 0)) return null
  return uslKneeOf(
    steps.map((s) => ({ n: s.rate / base, x: s.rps })),
    base,
  )
}

/** Knee of a connections sweep (N = connections). */
export function connectionKnee(
  steps: readonly { connections?: number; rps: number }[],
): Sweep['knee'] {
  return uslKneeOf(
    steps.map((s) => ({ n: s.connections ?? 0, x: s.rps })),
    1,
  )
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

type Step = Sweep['steps'][number]

/**
 * "Max sustainable ≈ N req/s at p95 ≤ T": the highest step that met every threshold (and, for
 * rates, was delivered in full), or a critical finding when none did.
 */
export function maxSustainableFinding(
  steps: readonly Step[],
  sustainable: Step | null,
  p95Limit: number,
  by: 'rate' | 'connections',
  /** what the offered rate counts: req/s, or walks/s for a flow */
  rateUnit = 'req/s',
): Finding {
  const load = (s: Step): string =>
    by === 'rate' ? `${s.rate ?? 0} ${rateUnit}` : `${s.connections ?? 0} connections`
  const evidence = steps.map((s) => ({
    label: load(s),
    value: `${s.rps} req/s, p95 ${s.latencyMs.p95} ms${s.meetsThresholds ? '' : ' (fails)'}`,
  }))
  if (sustainable) {
    const rps = Math.round(by === 'rate' ? (sustainable.rate ?? sustainable.rps) : sustainable.rps)
    return {
      id: 'http.max-sustainable',
      severity: 'info',
      title:
        `Max sustainable ≈ ${rps} ${by === 'rate' ? rateUnit : 'req/s'} at p95 ≤ ${p95Limit} ms` +
        (by === 'connections' ? ` (${load(sustainable)})` : ''),
      detail:
        `Of ${steps.length} steps, the highest load that met every threshold ` +
        (by === 'rate' ? 'and was delivered in full ' : '') +
        `(p95 ${sustainable.latencyMs.p95} ms, ${r(sustainable.errorRate * 100, 2)} % errors) is ${load(sustainable)}.`,
      evidence,
      recommendation:
        'Plan capacity below this load, with headroom for bursts; re-run the sweep after changes to see whether it moved.',
    }
  }
  const first = steps[0]
  return {
    id: by === 'rate' ? 'http.no-sustainable-rate' : 'http.no-sustainable-load',
    severity: 'critical',
    title: `No load in the sweep met p95 ≤ ${p95Limit} ms and the thresholds`,
    detail: first
      ? `Even ${load(first)} gave p95 ${first.latencyMs.p95} ms and ${r(first.errorRate * 100, 2)} % errors.`
      : 'No step completed.',
    evidence,
    recommendation: 'Sweep lower loads, or fix what makes even a light load slow.',
  }
}
