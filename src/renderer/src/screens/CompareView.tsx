import { useMemo, useState } from 'react'
import {
  loadDifferences,
  type RunResult,
  type SuiteComparison,
  type SuiteKind,
  type SuiteResult,
} from '@shared/index'
import { CompareVerdictBanner, ComparisonTable, verdictText } from '../components/ComparisonTable'
import { PALETTE } from '../components/palette'
import { Section, StatusBadge } from '../components/ui'
import { alignXY, XYChart, type PlotAxis } from '../components/XYChart'
import { ms, num, rate, when } from '../lib/format'
import { useCompare } from '../stores/compare'

export const COLOR_A = PALETTE.blue
export const COLOR_B = PALETTE.amber

/** What the overlaid charts draw for each kind of suite: its throughput and a tail latency. */
const OVERLAY: Partial<
  Record<
    SuiteKind,
    { rate: { key: string; title: string; unit: string }; latency: { key: string; title: string } }
  >
> = {
  'http-load': {
    rate: { key: 'rps', title: 'Throughput', unit: 'req/s' },
    latency: { key: 'p95', title: 'p95 latency' },
  },
  postgres: {
    rate: { key: 'tps', title: 'Throughput', unit: 'tx/s' },
    latency: { key: 'p95', title: 'p95 latency' },
  },
  redis: {
    rate: { key: 'opsPerSec', title: 'Throughput', unit: 'ops/s' },
    latency: { key: 'p99', title: 'p99 latency' },
  },
  'http-cache': {
    rate: { key: 'requests', title: 'Requests sent', unit: 'requests' },
    latency: { key: 'ms', title: 'mean response time' },
  },
}

const seconds: PlotAxis = { format: (v) => `${num(v, Number.isInteger(v) ? 0 : 1)}s` }

function seriesOf(suite: SuiteResult | undefined, key: string): { x: number; y: number | null }[] {
  if (!suite) return []
  return (suite.series as Record<string, unknown>[]).map((p) => {
    const v = p[key]
    return { x: Number(p.t), y: typeof v === 'number' && Number.isFinite(v) ? v : null }
  })
}

/** A and B over time on the same plot: throughput, and latency. */
function OverlayCharts({
  cmp,
  a,
  b,
  spec,
}: {
  cmp: SuiteComparison
  a: RunResult
  b: RunResult
  spec: NonNullable<(typeof OVERLAY)[SuiteKind]>
}) {
  const sa = a.suites.find((s) => s.index === cmp.index)
  const sb = b.suites.find((s) => s.index === cmp.index)
  const labelA = `A · ${when(a.startedAt)}`
  const labelB = `B · ${when(b.startedAt)}`
  const charts = useMemo(
    () =>
      (['rate', 'latency'] as const).map((which) => {
        const key = spec[which].key
        const { x, values } = alignXY([seriesOf(sa, key), seriesOf(sb, key)])
        return {
          which,
          x,
          series: [
            { label: labelA, color: COLOR_A, values: values[0] ?? [] },
            { label: labelB, color: COLOR_B, values: values[1] ?? [] },
          ],
        }
      }),
    [sa, sb, spec, labelA, labelB],
  )
  if (!sa?.series.length && !sb?.series.length) return null
  return (
    <div className="charts">
      {charts.map((c) => (
        <XYChart
          key={c.which}
          id={`compare-${cmp.index}-${c.which}`}
          title={
            c.which === 'rate'
              ? `${spec.rate.title} (${spec.rate.unit}), A and B`
              : `${spec.latency.title}, A and B`
          }
          x={c.x}
          series={c.series}
          xAxis={seconds}
          y={
            c.which === 'rate'
              ? { format: (v) => rate(v, spec.rate.unit) }
              : { format: (v) => ms(v) }
          }
        />
      ))}
    </div>
  )
}

function RunCard({ role, run, color }: { role: 'A' | 'B'; run: RunResult; color: string }) {
  return (
    <div className="run-card" data-testid={`compare-run-${role}`} style={{ borderColor: color }}>
      <div className="run-card-role" style={{ color }}>
        {role}
      </div>
      <div>
        <div className="run-card-name">
          {run.plan.name} {run.baseline ? <span className="badge baseline">baseline</span> : null}
        </div>
        <div className="run-meta">
          <StatusBadge status={run.status} />
          <span>{when(run.startedAt)}</span>
          <span className="muted mono">{run.id}</span>
        </div>
      </div>
      <div className="run-card-score">
        {run.score ? (
          <>
            <b>{num(run.score.value)}</b>
            <span className="score-label">score</span>
          </>
        ) : null}
      </div>
    </div>
  )
}

/** Says when A and B did not get the same load, before any verdict is read. */
function LoadWarning({ a, b, indexes }: { a: RunResult; b: RunResult; indexes: number[] }) {
  const diffs = loadDifferences(a, b, indexes)
  if (!diffs.length) return null
  return (
    <div className="banner warn" role="status" data-testid="compare-load-warning">
      <b>The load differed:</b> {diffs.join('; ')}. A faster or slower B reflects the different load
      as much as the service: compare runs with the same settings to judge a change.
    </div>
  )
}

export function CompareView() {
  const { comparison, a, b, loading, error, tolerancePct, setTolerance, swap, close } = useCompare()
  const [tol, setTol] = useState(String(tolerancePct))
  const tolNumber = Number(tol)
  const tolBad = tol.trim() === '' || !Number.isFinite(tolNumber) || tolNumber < 0

  return (
    <div className="compare-view" data-testid="compare-view">
      <button type="button" className="btn ghost back" onClick={close}>
        ← All runs
      </button>
      <header className="run-head">
        <div>
          <h1>Compare runs</h1>
          <p className="muted">
            B against A, suite by suite. A difference counts when a significance test on the
            per-second samples says it is beyond noise; a worse one is a regression when it is also
            beyond the tolerance.
          </p>
        </div>
        <div className="run-head-right">
          <form
            className="tolerance"
            onSubmit={(e) => {
              e.preventDefault()
              if (!tolBad) void setTolerance(tolNumber)
            }}
          >
            <label>
              Tolerance{' '}
              <input
                name="tolerance"
                inputMode="decimal"
                className={tolBad ? 'invalid' : ''}
                value={tol}
                onChange={(e) => setTol(e.target.value)}
                onBlur={() => {
                  if (!tolBad && tolNumber !== tolerancePct) void setTolerance(tolNumber)
                }}
              />{' '}
              %
            </label>
          </form>
          <button type="button" className="btn" disabled={!comparison} onClick={() => void swap()}>
            Swap A ↔ B
          </button>
        </div>
      </header>
      {error ? <div className="banner error">{error}</div> : null}
      {loading && !comparison ? <p className="muted">Comparing…</p> : null}
      {comparison && a && b ? (
        <>
          <div className="run-cards">
            <RunCard role="A" run={a} color={COLOR_A} />
            <RunCard role="B" run={b} color={COLOR_B} />
          </div>
          <LoadWarning a={a} b={b} indexes={comparison.suites.map((s) => s.index)} />
          <CompareVerdictBanner comparison={comparison.suites} />
          {comparison.onlyInA.map((s) => (
            <p key={`a${s}`} className="muted">
              Only in A: suite {s}
            </p>
          ))}
          {comparison.onlyInB.map((s) => (
            <p key={`b${s}`} className="muted">
              Only in B: suite {s}
            </p>
          ))}
          {comparison.suites.length === 0 ? (
            <div className="banner">
              These runs have no suite in common (suites match by position, kind and target).
            </div>
          ) : null}
          {comparison.suites.map((s) => (
            <Section
              key={s.index}
              className="suite-panel"
              title={
                <>
                  <span className="muted">{s.index + 1}</span> {s.nameB}{' '}
                  <span className="muted">· {s.target}</span>{' '}
                  {s.regressions.length ? (
                    <span className="badge verdict verdict-regression">
                      {s.regressions.length} {verdictText.regression}
                      {s.regressions.length > 1 ? 's' : ''}
                    </span>
                  ) : null}
                </>
              }
            >
              <ComparisonTable suite={s} />
              {OVERLAY[s.kind] ? (
                <OverlayCharts cmp={s} a={a} b={b} spec={OVERLAY[s.kind]!} />
              ) : null}
            </Section>
          ))}
          <p className="muted small">
            Tolerance {num(comparison.maxRegressionPct, 1)} %, significance level {comparison.alpha}{' '}
            with Holm's correction across a suite's metrics.
          </p>
        </>
      ) : null}
    </div>
  )
}
