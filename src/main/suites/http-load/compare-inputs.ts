import type { HttpLoadSuiteResult, LatencySummary } from '@shared/index'
import { errorRateInput, latencyInput, plainInput, sampledInput } from '../../analysis/compare'
import type { MetricInput } from '../../analysis/compare'
import { decodeHistogram, summarize } from '../../analysis/latency'
import { endpointCompareInputs } from './request-report'

/** What compare sets side by side for two http-load results. */

function latencyOf(s: HttpLoadSuiteResult): LatencySummary | null {
  if (s.metrics) return s.metrics.latencyMs
  if (s.histogram) return summarize(decodeHistogram(s.histogram))
  return null
}

export function httpCompareInputs(a: HttpLoadSuiteResult, b: HttpLoadSuiteResult): MetricInput[] {
  const la = latencyOf(a)
  const lb = latencyOf(b)
  const series = { a: a.series, b: b.series }
  const latency = { a: la, b: lb }
  const plainLatency = (k: 'mean' | 'max'): MetricInput =>
    plainInput(`${k}Ms`, `${k} latency`, 'ms', 'lower', la?.[k] ?? null, lb?.[k] ?? null)
  return [
    sampledInput(
      { key: 'rps', label: 'throughput', unit: 'req/s', better: 'higher' },
      'rate',
      { a: a.metrics?.rps ?? null, b: b.metrics?.rps ?? null },
      series,
      (x) => x.rps,
    ),
    latencyInput('p50', latency, series),
    latencyInput('p95', latency, series),
    latencyInput('p99', latency, series),
    plainLatency('mean'),
    plainLatency('max'),
    errorRateInput(
      { a: a.metrics?.errorRate ?? null, b: b.metrics?.errorRate ?? null },
      series,
      (x) => x.rps,
    ),
    plainInput('apdex', 'Apdex', '', 'higher', a.metrics?.apdex ?? null, b.metrics?.apdex ?? null),
    plainInput(
      'requests',
      'requests',
      '',
      'none',
      a.metrics?.requests ?? null,
      b.metrics?.requests ?? null,
    ),
    ...endpointCompareInputs(a, b),
  ]
}
