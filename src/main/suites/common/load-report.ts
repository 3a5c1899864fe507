import { fmtMs } from '@shared/format'
import { errorRateInput, latencyInput, sampledInput } from '../../analysis/compare'
import type { MetricInput } from '../../analysis/compare'
import type { KeyNumber } from '../contract'

/** Report parts every load suite (postgres, redis) builds alike from its metrics and series. */

type Percentile = 'p50' | 'p95' | 'p99'
type Latency = Record<Percentile | 'max', number>

/** Key numbers of a latency summary, one a percentile ("p95 latency: 12.3 ms"). */
export function latencyKeyNumbers(
  latencyMs: Latency,
  percentiles: readonly (Percentile | 'max')[],
): KeyNumber[] {
  return percentiles.map((k) => ({ label: `${k} latency`, text: fmtMs(latencyMs[k]) }))
}

/**
 * The compare inputs of two load results that every load suite has: throughput and latency
 * percentiles tested on their per-second samples, and the error rate on the per-second rates.
 * Given apart so that each suite keeps its own order of rows.
 */
export function loadCompareInputs<
  M extends { latencyMs: Latency },
  K extends Percentile,
  S extends { errors: number } & Record<K, number | null | undefined>,
>(
  a: { metrics?: M | null; series: readonly S[] },
  b: { metrics?: M | null; series: readonly S[] },
  o: {
    throughput: { key: string; label: string; of: (m: M) => number; perSecond: (s: S) => number }
    percentiles: readonly K[]
    errorRate: (m: M) => number | null
  },
): { throughput: MetricInput; latency: MetricInput[]; errorRate: MetricInput } {
  const ma = a.metrics
  const mb = b.metrics
  const series = { a: a.series, b: b.series }
  const latency = { a: ma?.latencyMs, b: mb?.latencyMs }
  const t = o.throughput
  return {
    throughput: sampledInput(
      { key: t.key, label: t.label, unit: '', better: 'higher' },
      'rate',
      { a: ma ? t.of(ma) : null, b: mb ? t.of(mb) : null },
      series,
      t.perSecond,
    ),
    latency: o.percentiles.map((k) => latencyInput(k, latency, series)),
    errorRate: errorRateInput(
      { a: ma ? o.errorRate(ma) : null, b: mb ? o.errorRate(mb) : null },
      series,
      t.perSecond,
    ),
  }
}
