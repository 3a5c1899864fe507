import type { HttpLoadSuiteResult, LatencySummary } from '@shared/index'
import { finite, perSecondErrorRate, plainInput, type MetricInput } from '../../analysis/compare'
import { decodeHistogram, summarize } from '../../analysis/latency'

/** What compare sets side by side for two http-load results. */

function latencyOf(s: HttpLoadSuiteResult): LatencySummary | null {
  if (s.metrics) return s.metrics.latencyMs
  if (s.histogram) return summarize(decodeHistogram(s.histogram))
  return null
}

export function httpCompareInputs(a: HttpLoadSuiteResult, b: HttpLoadSuiteResult): MetricInput[] {
  const la = latencyOf(a)
  const lb = latencyOf(b)
  const lat = (
    k: keyof LatencySummary,
    label: string,
    seriesKey?: 'p50' | 'p95' | 'p99',
  ): MetricInput => ({
    key: `${k}Ms`,
    label,
    unit: 'ms',
    better: 'lower',
    a: la?.[k] ?? null,
    b: lb?.[k] ?? null,
    kind: seriesKey ? 'latency' : 'none',
    samplesA: seriesKey ? finite(a.series.map((x) => x[seriesKey])) : [],
    samplesB: seriesKey ? finite(b.series.map((x) => x[seriesKey])) : [],
  })
  return [
    {
      key: 'rps',
      label: 'throughput',
      unit: 'req/s',
      better: 'higher',
      a: a.metrics?.rps ?? null,
      b: b.metrics?.rps ?? null,
      kind: 'rate',
      samplesA: finite(a.series.map((x) => x.rps)),
      samplesB: finite(b.series.map((x) => x.rps)),
    },
    lat('p50', 'p50 latency', 'p50'),
    lat('p95', 'p95 latency', 'p95'),
    lat('p99', 'p99 latency', 'p99'),
    lat('mean', 'mean latency'),
    lat('max', 'max latency'),
    {
      key: 'errorRate',
      label: 'error rate',
      unit: 'fraction',
      better: 'lower',
      a: a.metrics?.errorRate ?? null,
      b: b.metrics?.errorRate ?? null,
      kind: 'rate',
      samplesA: perSecondErrorRate(a.series, (x) => x.rps),
      samplesB: perSecondErrorRate(b.series, (x) => x.rps),
    },
    plainInput('apdex', 'Apdex', '', 'higher', a.metrics?.apdex ?? null, b.metrics?.apdex ?? null),
    plainInput(
      'requests',
      'requests',
      '',
      'none',
      a.metrics?.requests ?? null,
      b.metrics?.requests ?? null,
    ),
  ]
}
