import {
  httpLoadCharts,
  type HttpLoadMetrics,
  type HttpLoadSuiteResult,
  type LatencySummary,
} from '@shared/index'
import { fmtBytes, fmtMs, fmtNumber, fmtPercent, fmtRps } from '@shared/format'
import { paperCharts } from '../../analysis/chart-spec'
import { REQUEST_WEIGHTS } from '../../analysis/score'
import type { DetailTable, KeyNumber, SuiteReportParts } from '../contract'
import { httpCompareInputs } from './compare-inputs'
import { checksText, endpointChart, endpointTable } from './request-report'

/** The http-load suite's report parts: what the PDF, HTML, Markdown, CLI and history show. */

function keyNumbers(suite: HttpLoadSuiteResult): KeyNumber[] {
  const m = suite.metrics
  if (!m) return []
  const out: KeyNumber[] = [
    { label: 'requests', text: fmtNumber(m.requests) },
    { label: 'throughput', text: fmtRps(m.rps), rate: true },
    { label: 'p50 latency', text: fmtMs(m.latencyMs.p50) },
    { label: 'p95 latency', text: fmtMs(m.latencyMs.p95) },
    { label: 'p99 latency', text: fmtMs(m.latencyMs.p99) },
    { label: 'max latency', text: fmtMs(m.latencyMs.max) },
    { label: 'mean latency', text: `${fmtMs(m.latencyMs.mean)} (σ ${fmtMs(m.latencyMs.stdev)})` },
    {
      label: 'errors',
      text: `${fmtNumber(m.errors)}${m.timeouts ? ` (${fmtNumber(m.timeouts)} timeouts)` : ''}`,
    },
    { label: 'error rate', text: fmtPercent(m.errorRate) },
    ...checksNumber(m),
    {
      label: 'Apdex',
      text: `${fmtNumber(m.apdex, 3)} (T = ${fmtNumber(suite.config.apdexTMs)} ms)`,
    },
    {
      label: 'status codes',
      text:
        Object.entries(m.statusCodes)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k} ${fmtNumber(n)}`)
          .join(', ') || '—',
    },
    { label: 'transfer', text: `${fmtBytes(m.throughputBytesPerSec)}/s` },
    { label: 'duration', text: `${fmtNumber(m.durationSec, 1)} s` },
    {
      label: 'latency measured as',
      text:
        m.latencyBasis === 'intended-time'
          ? 'from intended send time (open model)'
          : 'service time (closed model)',
    },
  ]
  if (m.targetRps !== undefined)
    out.splice(2, 0, { label: 'target rate', text: fmtRps(m.targetRps) })
  if (m.late !== undefined) out.push({ label: 'late requests', text: fmtNumber(m.late) })
  if (m.dropped !== undefined) out.push({ label: 'dropped requests', text: fmtNumber(m.dropped) })
  return out
}

/** Response checks, a figure apart from the HTTP errors: an answer can come back and be wrong. */
function checksNumber(m: HttpLoadMetrics): KeyNumber[] {
  const text = checksText(m)
  return text ? [{ label: 'checks', text }] : []
}

/** The CLI's shorter form: latency on one line, the error rate with what it is made of. */
function cliNumbers(suite: HttpLoadSuiteResult): KeyNumber[] {
  const m = suite.metrics
  if (!m) return []
  const l = m.latencyMs
  const rows: KeyNumber[] = [
    { label: 'requests', text: fmtNumber(m.requests) },
    {
      label: 'throughput',
      text: `${fmtRps(m.rps)}${m.targetRps ? ` (target ${fmtNumber(m.targetRps)})` : ''}`,
      rate: true,
    },
    {
      label: 'latency',
      text: `p50 ${fmtMs(l.p50)} · p95 ${fmtMs(l.p95)} · p99 ${fmtMs(l.p99)} · max ${fmtMs(l.max)}`,
    },
    {
      label: 'error rate',
      text: `${fmtPercent(m.errorRate)} (${fmtNumber(m.statusCodes['5xx'])} 5xx · ${fmtNumber(m.statusCodes['4xx'])} 4xx · ${fmtNumber(m.errors)} socket errors · ${fmtNumber(m.timeouts)} timeouts)`,
    },
    ...checksNumber(m),
    { label: 'apdex', text: fmtNumber(m.apdex, 2) },
  ]
  if (m.late !== undefined || m.dropped !== undefined)
    rows.push({
      label: 'late / dropped',
      text: `${fmtNumber(m.late ?? 0)} / ${fmtNumber(m.dropped ?? 0)}`,
    })
  return rows
}

function detailTables(suite: HttpLoadSuiteResult): DetailTable[] {
  return [...endpointTable(suite), ...sweepTable(suite)]
}

function sweepTable(suite: HttpLoadSuiteResult): DetailTable[] {
  if (!suite.sweep) return []
  return [
    {
      title: 'Sweep',
      columns: ['load', 'throughput', 'p95', 'p99', 'error rate', 'meets thresholds'],
      numeric: [true, true, true, true, true, false],
      rows: suite.sweep.steps.map((s) => [
        s.connections !== undefined
          ? `${s.connections} connections`
          : `${fmtNumber(s.rate ?? 0)} req/s`,
        fmtRps(s.rps),
        fmtMs(s.latencyMs.p95),
        fmtMs(s.latencyMs.p99),
        fmtPercent(s.errorRate),
        s.meetsThresholds ? 'yes' : 'no',
      ]),
    },
  ]
}

const percentiles = (l: LatencySummary): { p50: number; p95: number; p99: number } => ({
  p50: l.p50,
  p95: l.p95,
  p99: l.p99,
})

export const httpLoadReport: SuiteReportParts<'http-load'> = {
  keyNumbers,
  cliNumbers,
  headline: (s) =>
    s.metrics && {
      throughput: { value: s.metrics.rps, unit: 'req/s' },
      latencyMs: percentiles(s.metrics.latencyMs),
      percentile: 'p95',
      errorRate: s.metrics.errorRate,
    },
  errorRate: (s) => s.metrics?.errorRate ?? null,
  apdex: (s) => (s.metrics ? { value: s.metrics.apdex, tMs: s.config.apdexTMs } : null),
  scoreWeights: REQUEST_WEIGHTS,
  charts: (s) => [...paperCharts(httpLoadCharts, s), ...endpointChart(s)],
  compareInputs: httpCompareInputs,
  detailTables,
}
