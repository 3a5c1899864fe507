import type { HttpLoadSuiteResult, HttpRequestResult } from '@shared/index'
import { requestErrorRate, requestThresholdVerdict } from '@shared/suites/http-requests'
import { ChartTable, chartLabel } from '../../components/ChartTable'
import { PALETTE } from '../../components/palette'
import { ms, num, pct, rate } from '../../lib/format'
import { HealthTable, type Column } from '../common/health-table'

/**
 * The per-endpoint view of a multi-request result: p50/p95/p99 as horizontal bars, one group
 * per request, and the table of each request's own numbers, checks and thresholds.
 */

const BARS = [
  { key: 'p50', color: PALETTE.green },
  { key: 'p95', color: PALETTE.amber },
  { key: 'p99', color: PALETTE.red },
] as const

const W = 640
const LABEL_W = 190
const VALUE_W = 64
const BAR_H = 8
const GROUP_GAP = 12

/** Shortens a name to fit the label column (about 6.5 px a character at 11 px). */
const fit = (s: string, chars = 28): string => (s.length > chars ? `${s.slice(0, chars - 1)}…` : s)

function EndpointBars({ requests }: { requests: readonly HttpRequestResult[] }) {
  const title = 'Latency per endpoint (p50 / p95 / p99)'
  const max = Math.max(1, ...requests.map((r) => r.latencyMs.p99))
  const groupH = BARS.length * BAR_H + GROUP_GAP
  const height = requests.length * groupH + 4
  const scale = (v: number): number => (v / max) * (W - LABEL_W - VALUE_W)
  return (
    <figure className="chart endpoint-bars" data-chart="endpoints">
      <figcaption>
        {title}
        <span className="bar-legend" aria-hidden="true">
          {BARS.map((b) => (
            <span key={b.key}>
              <i style={{ background: b.color }} />
              {b.key}
            </span>
          ))}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        width="100%"
        role="img"
        aria-label={chartLabel(
          title,
          BARS.map((b) => b.key),
        )}
      >
        {requests.map((r, i) => {
          const y0 = i * groupH + 2
          return (
            <g key={r.name} data-request={r.name}>
              <text className="bar-name" x={LABEL_W - 8} y={y0 + (BARS.length * BAR_H) / 2 + 4}>
                <title>{r.name}</title>
                {fit(r.name)}
              </text>
              {BARS.map((b, k) => {
                const v = r.latencyMs[b.key]
                const w = Math.max(1, scale(v))
                const y = y0 + k * BAR_H
                return (
                  <g key={b.key}>
                    <rect x={LABEL_W} y={y} width={w} height={BAR_H - 1} fill={b.color} />
                    <text className="bar-value" x={LABEL_W + w + 4} y={y + BAR_H - 1}>
                      {ms(v)}
                    </text>
                  </g>
                )
              })}
            </g>
          )
        })}
      </svg>
      <ChartTable
        title={title}
        x={requests.map((_, i) => i)}
        xLabel="endpoint"
        xFormat={(i) => requests[i]?.name ?? ''}
        columns={BARS.map((b) => ({
          label: b.key,
          values: requests.map((r) => r.latencyMs[b.key]),
          format: ms,
        }))}
      />
    </figure>
  )
}

function ChecksCell({ r }: { r: HttpRequestResult }) {
  const total = r.checksPassed + r.checksFailed
  if (total === 0) return <span className="muted">—</span>
  return (
    <span className={r.checksFailed > 0 ? 'verdict-fail' : undefined}>
      {num(r.checksFailed)} <span className="muted">({pct(r.checksFailed / total)})</span>
    </span>
  )
}

function ThresholdCell({ r }: { r: HttpRequestResult }) {
  const verdict = requestThresholdVerdict(r)
  const failed = (r.thresholds ?? []).filter((c) => !c.pass)
  if (verdict === '—') return <span className="muted">—</span>
  return (
    <span
      className={failed.length ? 'verdict-fail' : 'verdict-pass'}
      title={failed.map((c) => `${c.label} ${c.op} ${c.limit} ${c.unit}`).join('; ') || undefined}
    >
      {verdict}
    </span>
  )
}

const COLUMNS: Column<HttpRequestResult>[] = [
  { title: 'Request', cell: (r) => r.name },
  { title: 'Method', cell: (r) => r.method },
  { title: 'Path', cell: (r) => <code>{r.path}</code> },
  { title: 'Count', num: true, cell: (r) => num(r.count) },
  { title: 'req/s', num: true, cell: (r) => rate(r.rps) },
  { title: 'p50', num: true, cell: (r) => ms(r.latencyMs.p50) },
  { title: 'p95', num: true, cell: (r) => ms(r.latencyMs.p95) },
  { title: 'p99', num: true, cell: (r) => ms(r.latencyMs.p99) },
  { title: 'Errors', num: true, cell: (r) => pct(requestErrorRate(r)) },
  { title: 'Checks failed', num: true, cell: (r) => <ChecksCell r={r} /> },
  { title: 'Thresholds', cell: (r) => <ThresholdCell r={r} /> },
]

export function Endpoints({ r }: { r: HttpLoadSuiteResult }) {
  const requests = r.requests ?? []
  return (
    <section className="endpoints" data-testid="endpoints">
      {requests.length > 1 ? <EndpointBars requests={requests} /> : null}
      <HealthTable
        title="Per endpoint"
        note="Each request of the mix (or step of the flow) on its own. Checks failed are answers that came back but were not what the plan expected; they are not in the error rate."
        rows={requests}
        columns={COLUMNS}
        testId="endpoint-table"
      />
    </section>
  )
}
