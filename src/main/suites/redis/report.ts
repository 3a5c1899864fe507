import { redisCharts, redisErrorRate, type RedisSuiteResult } from '@shared/index'
import { fmtBytes, fmtMs, fmtNumber, fmtPercent, fmtRate } from '@shared/format'
import { plainInput } from '../../analysis/compare'
import type { MetricInput } from '../../analysis/compare'
import { paperCharts } from '../../analysis/chart-spec'
import { DATA_WEIGHTS } from '../../analysis/score'
import type { DetailTable, KeyNumber, SuiteReportParts } from '../contract'
import { latencyKeyNumbers, loadCompareInputs } from '../common/load-report'

/** The redis suite's report parts: what the PDF, HTML, Markdown, CLI and history show. */

function keyNumbers(suite: RedisSuiteResult): KeyNumber[] {
  const m = suite.metrics
  if (!m) return []
  const out: KeyNumber[] = [
    { label: 'commands', text: fmtNumber(m.commands) },
    { label: 'throughput', text: fmtRate(m.opsPerSec, 'ops/s'), rate: true },
    { label: 'peak throughput', text: fmtRate(m.peakOpsPerSec, 'ops/s'), rate: true },
    { label: 'slowest step throughput', text: fmtRate(m.minOpsPerSec, 'ops/s') },
    ...latencyKeyNumbers(m.latencyMs, ['p50', 'p95', 'p99']),
    { label: 'p99 of the slowest step', text: fmtMs(m.p99Ms) },
    { label: 'errors', text: fmtNumber(m.errors) },
    { label: 'error rate', text: fmtPercent(redisErrorRate(m)) },
  ]
  if (m.hitRate)
    out.push({
      label: 'cache hit rate',
      text: `${fmtPercent(m.hitRate.measured, 1)} (expected ${fmtPercent(m.hitRate.expected, 1)})`,
    })
  if (m.compression) out.push({ label: 'compression', text: m.compression.recommendation.summary })
  if (m.health?.version)
    out.push({
      label: 'server',
      text: `Redis ${m.health.version}${m.health.mode ? ` (${m.health.mode})` : ''}`,
    })
  return out
}

function detailTables(suite: RedisSuiteResult): DetailTable[] {
  const m = suite.metrics
  if (!m || m.matrix.length === 0) return []
  return [
    {
      title: 'Operations matrix',
      columns: ['operation', 'payload', 'pipeline', 'ops/s', 'p50', 'p99', 'errors'],
      numeric: [false, true, true, true, true, true, true],
      rows: m.matrix.map((c) => [
        c.operation,
        c.payloadBytes ? fmtBytes(c.payloadBytes) : '—',
        `${c.pipeline}`,
        fmtNumber(c.opsPerSec),
        fmtMs(c.latencyMs.p50),
        fmtMs(c.latencyMs.p99),
        fmtNumber(c.errors),
      ]),
    },
  ]
}

function compareInputs(a: RedisSuiteResult, b: RedisSuiteResult): MetricInput[] {
  const ma = a.metrics
  const mb = b.metrics
  const load = loadCompareInputs(a, b, {
    throughput: {
      key: 'opsPerSec',
      label: 'throughput (ops/s)',
      of: (m) => m.opsPerSec,
      perSecond: (x) => x.opsPerSec,
    },
    percentiles: ['p50', 'p99'],
    errorRate: redisErrorRate,
  })
  return [
    load.throughput,
    ...load.latency,
    plainInput(
      'p95Ms',
      'p95 latency',
      'ms',
      'lower',
      ma?.latencyMs.p95 ?? null,
      mb?.latencyMs.p95 ?? null,
    ),
    plainInput(
      'slowestP99Ms',
      'p99 of the slowest step',
      'ms',
      'lower',
      ma?.p99Ms ?? null,
      mb?.p99Ms ?? null,
    ),
    plainInput(
      'minOpsPerSec',
      'ops/s of the slowest step',
      '',
      'higher',
      ma?.minOpsPerSec ?? null,
      mb?.minOpsPerSec ?? null,
    ),
    load.errorRate,
    plainInput(
      'hitRate',
      'cache hit rate',
      'fraction',
      'higher',
      ma?.hitRate?.measured ?? null,
      mb?.hitRate?.measured ?? null,
    ),
  ]
}

export const redisReport: SuiteReportParts<'redis'> = {
  keyNumbers,
  headline: (s) =>
    s.metrics && {
      throughput: { value: s.metrics.opsPerSec, unit: 'ops/s' },
      latencyMs: s.metrics.latencyMs,
      // every median of a cache is tiny: its tail tells
      percentile: 'p99',
      errorRate: redisErrorRate(s.metrics),
      extras: s.metrics.hitRate ? [`${fmtPercent(s.metrics.hitRate.measured)} hits`] : [],
    },
  errorRate: (s) => (s.metrics ? redisErrorRate(s.metrics) : null),
  scoreWeights: DATA_WEIGHTS,
  charts: (s) => paperCharts(redisCharts, s),
  compareInputs,
  detailTables,
}
