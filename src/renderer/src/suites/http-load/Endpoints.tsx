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

/**
 * Bars as plain boxes sized in % of the widest p99, so that they follow the panel's width while
 * the names and values keep the app's text size (an SVG viewBox would scale the text too).
 */
function EndpointBars({ requests }: { requests: readonly HttpRequestResult[] }) {
  const title = 'Latency per endpoint (p50 / p95 / p99)'
  const max = Math.max(1, ...requests.map((r) => r.latencyMs.p99))
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
      <div
        className="bar-plot"
        role="img"
        aria-label={chartLabel(
          title,
          BARS.map((b) => b.key),
        )}
      >
        {requests.map((r) => (
          <div className="bar-group" key={r.name} data-request={r.name} aria-hidden="true">
            <div className="bar-name" title={r.name}>
              {r.name}
            </div>
            <div className="bar-lines">
              {BARS.map((b) => (
                <div className="bar-line" key={b.key}>
                  <span
                    className="bar"
                    data-key={b.key}
                    style={{
                      width: `${Math.max(0.3, (r.latencyMs[b.key] / max) * 100) * 0.88}%`,
                      background: b.color,
                    }}
                  />
                  <span className="bar-value">{ms(r.latencyMs[b.key])}</span>
                </div>
              ))}
            </div>
          </div>
        ))}
      </div>
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
  if (r.checksFailed === 0) return <>0</>
  return (
    <span className="verdict-fail">
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
