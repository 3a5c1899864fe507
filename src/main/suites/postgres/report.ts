import { postgresCharts, type PostgresSuiteResult } from '@shared/index'
import { fmtMs, fmtNumber, fmtPercent, fmtRate } from '@shared/format'
import { plainInput } from '../../analysis/compare'
import type { MetricInput } from '../../analysis/compare'
import { paperCharts } from '../../analysis/chart-spec'
import { DATA_WEIGHTS } from '../../analysis/score'
import type { DetailTable, KeyNumber, SuiteReportParts } from '../contract'
import { latencyKeyNumbers, loadCompareInputs } from '../common/load-report'

/** The postgres suite's report parts: what the PDF, HTML, Markdown, CLI and history show. */

function keyNumbers(suite: PostgresSuiteResult): KeyNumber[] {
  const m = suite.metrics
  if (!m) return []
  return [
    {
      label: 'pool size',
      text: `${m.poolSize}${m.recommendedPoolSize !== null ? ` (recommended ${m.recommendedPoolSize})` : ' (none recommended)'}`,
    },
    { label: 'transactions', text: fmtNumber(m.transactions) },
    { label: 'throughput', text: fmtRate(m.tps, 'tx/s'), rate: true },
    ...latencyKeyNumbers(m.latencyMs, ['p50', 'p95', 'p99', 'max']),
    { label: 'pool wait p95', text: fmtMs(m.waitMs.p95) },
    { label: 'execution p95', text: fmtMs(m.execMs.p95) },
    { label: 'time waiting for a connection', text: fmtPercent(m.waitShare, 1) },
    { label: 'errors', text: fmtNumber(m.errors) },
    { label: 'error rate', text: fmtPercent(m.errorRate) },
  ]
}

function detailTables(suite: PostgresSuiteResult): DetailTable[] {
  const d = suite.details
  if (!d) return []
  return [
    {
      title: 'Pool sizes',
      columns: ['pool size', 'tx/s', 'p95', 'p99', 'wait share', 'errors', 'meets thresholds'],
      numeric: [true, true, true, true, true, true, false],
      rows: d.steps.map((s) => [
        `${s.poolSize}${s.poolSize === d.recommendedPoolSize ? ' (recommended)' : ''}`,
        fmtNumber(s.tps, 0),
        fmtMs(s.latencyMs.p95),
        fmtMs(s.latencyMs.p99),
        fmtPercent(s.waitShare, 1),
        fmtNumber(s.errors),
        s.meetsThresholds ? 'yes' : 'no',
      ]),
    },
  ]
}

function compareInputs(a: PostgresSuiteResult, b: PostgresSuiteResult): MetricInput[] {
  const ma = a.metrics
  const mb = b.metrics
  const load = loadCompareInputs(a, b, {
    throughput: {
      key: 'tps',
      label: 'throughput (tx/s)',
      of: (m) => m.tps,
      perSecond: (x) => x.tps,
    },
    percentiles: ['p50', 'p95', 'p99'],
    errorRate: (m) => m.errorRate,
  })
  return [
    load.throughput,
    ...load.latency,
    load.errorRate,
    plainInput(
      'waitShare',
      'time waiting for a connection',
      'fraction',
      'lower',
      ma?.waitShare ?? null,
      mb?.waitShare ?? null,
    ),
    plainInput('poolSize', 'pool size', '', 'none', ma?.poolSize ?? null, mb?.poolSize ?? null),
  ]
}

export const postgresReport: SuiteReportParts<'postgres'> = {
  keyNumbers,
  headline: (s) =>
    s.metrics && {
      throughput: { value: s.metrics.tps, unit: 'tx/s' },
      latencyMs: s.metrics.latencyMs,
      percentile: 'p95',
      errorRate: s.metrics.errorRate,
    },
  errorRate: (s) => s.metrics?.errorRate ?? null,
  scoreWeights: DATA_WEIGHTS,
  charts: (s) => paperCharts(postgresCharts, s),
  compareInputs,
  detailTables,
}
