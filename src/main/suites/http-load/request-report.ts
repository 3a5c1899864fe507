import type { HttpLoadMetrics, HttpLoadSuiteResult, HttpRequestResult } from '@shared/index'
import { fmtMs, fmtNumber, fmtPercent, fmtRps } from '@shared/format'
import { palette, type ChartSpec } from '../../analysis/chart-spec'
import { plainInput, type MetricInput } from '../../analysis/compare'
import type { DetailTable } from '../contract'
import {
  requestErrorRate,
  requestThresholdVerdict,
  showsEndpoints,
} from '@shared/suites/http-requests'

/**
 * The per-request (per-endpoint) parts of the http-load report: the table, the bar chart of
 * p50/p95/p99 per endpoint, the checks figure and the compare rows matched by request name.
 */

/** "12 of 3,000 failed (0.40 %)", or null when no check ran. */
export function checksText(m: Pick<HttpLoadMetrics, 'checks'>): string | null {
  if (!m.checks) return null
  const { passed, failed } = m.checks
  const total = passed + failed
  return `${fmtNumber(failed)} of ${fmtNumber(total)} failed${total ? ` (${fmtPercent(failed / total)})` : ''}`
}

function checksCell(r: HttpRequestResult): string {
  const total = r.checksPassed + r.checksFailed
  if (total === 0) return '—'
  return r.checksFailed === 0
    ? '0'
    : `${fmtNumber(r.checksFailed)} (${fmtPercent(r.checksFailed / total)})`
}

const COLUMNS = [
  'request',
  'method',
  'path',
  'count',
  'req/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'errors',
  'checks failed',
  'thresholds',
]

/** Units live in the column headers, so that the cells stay narrow enough for a PDF page. */
const msCell = (v: number): string => fmtMs(v).replace(/ ms$/, '')
const rpsCell = (v: number): string => fmtRps(v).replace(/ req\/s$/, '')

export function endpointTable(s: HttpLoadSuiteResult): DetailTable[] {
  if (!showsEndpoints(s)) return []
  return [
    {
      title: 'Per endpoint',
      columns: COLUMNS,
      numeric: [false, false, false, true, true, true, true, true, true, true, false],
      widths: [2.6, 1.2, 2.2, 1.1, 0.9, 0.8, 0.8, 0.8, 1, 1.6, 1.6],
      rows: (s.requests ?? []).map((r) => [
        r.name,
        r.method,
        r.path,
        fmtNumber(r.count),
        rpsCell(r.rps),
        msCell(r.latencyMs.p50),
        msCell(r.latencyMs.p95),
        msCell(r.latencyMs.p99),
        fmtPercent(requestErrorRate(r)),
        checksCell(r),
        requestThresholdVerdict(r),
      ]),
      // the short forms (Markdown, CLI) keep name, count, req/s, p95, p99, errors, checks, thresholds
      brief: [0, 3, 4, 6, 7, 8, 9, 10],
    },
  ]
}

export function endpointChart(s: HttpLoadSuiteResult): ChartSpec[] {
  if (!showsEndpoints(s) || (s.requests ?? []).length < 2) return []
  const rs = s.requests ?? []
  const pick = (k: 'p50' | 'p95' | 'p99'): (number | null)[] =>
    rs.map((r) => (r.count > 0 ? r.latencyMs[k] : null))
  return [
    {
      id: `s${s.index}-endpoints`,
      title: 'Latency per endpoint (p50 / p95 / p99)',
      unit: 'ms',
      xs: rs.map((_, i) => i),
      bars: true,
      x: { label: 'endpoint', format: (i) => rs[i]?.name ?? '' },
      series: [
        { key: 'p50', label: 'p50', color: palette.green, values: pick('p50') },
        { key: 'p95', label: 'p95', color: palette.amber, values: pick('p95') },
        { key: 'p99', label: 'p99', color: palette.red, values: pick('p99') },
      ],
    },
  ]
}

/**
 * p95 and throughput per endpoint, matched by request name; an endpoint that only one run has
 * is listed with the other side empty and says so. No per-second samples exist per endpoint,
 * so these rows are shown, not tested.
 */
export function endpointCompareInputs(
  a: HttpLoadSuiteResult,
  b: HttpLoadSuiteResult,
): MetricInput[] {
  const ra = a.requests ?? []
  const rb = b.requests ?? []
  if (ra.length < 2 && rb.length < 2) return []
  const names = [...ra.map((r) => r.name), ...rb.map((r) => r.name)].filter(
    (n, i, all) => all.indexOf(n) === i,
  )
  return names.flatMap((name) => {
    const x = ra.find((r) => r.name === name)
    const y = rb.find((r) => r.name === name)
    const only = !y ? ' (only in A)' : !x ? ' (only in B)' : ''
    return [
      plainInput(
        `requests[${name}].p95Ms`,
        `${name} p95${only}`,
        'ms',
        'lower',
        x ? x.latencyMs.p95 : null,
        y ? y.latencyMs.p95 : null,
      ),
      plainInput(
        `requests[${name}].rps`,
        `${name} req/s${only}`,
        'req/s',
        'higher',
        x ? x.rps : null,
        y ? y.rps : null,
      ),
    ]
  })
}
