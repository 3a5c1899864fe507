import { maskSealed } from '@shared/redaction'
import { useMemo, type ReactNode } from 'react'
import type { RunResult, SuiteConfig, ThresholdCheck } from '@shared/index'
import type { LiveRun, LiveSuite } from '../stores/run'
import { suiteUi } from '../suites/registry'
import type { SeriesPoint } from '../suites/types'
import { duration, num, secondsBetween, when, withUnit } from '../lib/format'
import { BaselineDeltasPanel } from './BaselineDeltas'
import { SuiteResultView } from './SuiteResultView'
import { FindingsList } from './Findings'
import { ProcessMonitorCharts, ProcessMonitorView } from './ProcessMonitor'
import { ScoreBreakdown, ScoreTile } from './Score'
import { SeriesCharts } from './SeriesChart'
import { Section, StatusBadge } from './ui'
import { TableHead } from './table-head'

/** Progress of the running suite, with the time left when the suite knows its length. */
export function ProgressBar({ suite }: { suite: LiveSuite }) {
  const fraction =
    suite.fraction ?? (suite.expectedSec ? Math.min(1, suite.elapsedSec / suite.expectedSec) : null)
  const left = suite.expectedSec !== null ? Math.max(0, suite.expectedSec - suite.elapsedSec) : null
  return (
    <div className="progress" data-testid="progress">
      <div className="progress-track">
        <div
          className={`progress-fill${fraction === null ? ' indeterminate' : ''}`}
          style={{ width: `${Math.round((fraction ?? 1) * 100)}%` }}
        />
      </div>
      <div className="progress-text">
        <span>
          {duration(suite.elapsedSec)}
          {suite.expectedSec !== null ? ` of ${duration(suite.expectedSec)}` : ''}
          {suite.label ? ` · ${suite.label}` : ''}
        </span>
        <span data-testid="time-left">{left !== null ? `${duration(left)} left` : 'running…'}</span>
      </div>
    </div>
  )
}

function LiveSuiteView({ suite, config }: { suite: LiveSuite; config: SuiteConfig | undefined }) {
  const ui = suiteUi(suite.kind)
  const last = suite.samples.at(-1) ?? null
  const points = suite.samples as SeriesPoint[]
  // the plan's config object lives as long as the run: its charts are built once
  const charts = useMemo(
    () => (ui?.chartsFor && config ? ui.chartsFor(config) : (ui?.charts ?? [])),
    [ui, config],
  )
  return (
    <>
      {suite.status === 'running' ? <ProgressBar suite={suite} /> : null}
      {ui ? <ui.LiveStats sample={last} /> : null}
      {suite.error ? <div className="banner error">{suite.error}</div> : null}
      <SeriesCharts specs={charts} points={points} xMax={suite.expectedSec} />
    </>
  )
}

export function ChecksTable({ checks }: { checks: ThresholdCheck[] }) {
  if (!checks.length) return <p className="muted">No thresholds were set.</p>
  return (
    <table className="table checks" data-testid="checks">
      <TableHead columns={['Check', 'Limit', 'Measured', 'Result']} />
      <tbody>
        {checks.map((c, i) => (
          <tr key={i} className={c.pass ? 'pass' : 'fail'}>
            <td>{c.label}</td>
            <td>
              {c.op === '<=' ? '≤' : '≥'} {withUnit(c.limit, c.unit)}
            </td>
            <td>{withUnit(c.value, c.unit)}</td>
            <td>
              <span className={`badge ${c.pass ? 'status-passed' : 'status-failed'}`}>
                {c.pass ? 'pass' : 'fail'}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * A run, live or from the history: the same header, suites, checks and findings. While a
 * suite runs its charts follow the live samples; once done, its stored result takes over.
 */
export function RunView({
  run,
  live,
  actions,
}: {
  run: RunResult | null
  live: LiveRun | null
  actions?: ReactNode
}) {
  const status = run?.status ?? live?.status ?? 'running'
  const plan = run?.plan ?? live?.plan ?? null
  const startedAt = run?.startedAt ?? live?.startedAt ?? null
  const took = run ? secondsBetween(run.startedAt, run.endedAt) : null
  const suiteCount = Math.max(
    run?.suites.length ?? 0,
    live?.suites.length ?? 0,
    plan?.suites.length ?? 0,
  )
  const checks = run ? run.suites.flatMap((s) => s.checks) : []
  // a suite's error is shown with its suite; the run's own only when no suite explains it
  const suiteErrors = Boolean(run?.suites.some((s) => s.error) || live?.suites.some((s) => s.error))
  const error = suiteErrors ? undefined : (run?.error ?? live?.error)
  return (
    <div className="run-view" data-testid="run-view" data-status={status}>
      <header className="run-head">
        <div>
          <h1>{plan?.name ?? 'Run'}</h1>
          <div className="run-meta">
            <StatusBadge status={status} />
            {run?.baseline ? (
              <span className="badge baseline" data-testid="baseline-badge">
                baseline
              </span>
            ) : null}
            <span>started {when(startedAt)}</span>
            {took !== null ? <span>took {duration(took)}</span> : null}
            {plan ? <span>{plan.targets.map((t) => t.name ?? t.id).join(', ')}</span> : null}
            <span className="muted mono">{run?.id ?? live?.runId}</span>
          </div>
        </div>
        <div className="run-head-right">
          {run?.score ? <ScoreTile score={run.score} /> : null}
          {actions}
        </div>
      </header>
      {error ? <div className="banner error">{error}</div> : null}
      {run && run.status !== 'running' ? <BaselineDeltasPanel run={run} /> : null}
      {Array.from({ length: suiteCount }, (_, i) => {
        const result = run?.suites.find((s) => s.index === i)
        const liveSuite = live?.suites[i]
        // a credential in a suite's name (a request path's ?access_token=) shows as •••
        const name = maskSealed(
          result?.name ?? liveSuite?.name ?? plan?.suites[i]?.name ?? `Suite ${i + 1}`,
        )
        const suiteStatus = result?.status ?? liveSuite?.status ?? 'pending'
        return (
          <Section
            key={i}
            className="suite-panel"
            title={
              <>
                <span className="muted">{i + 1}</span> {name} <StatusBadge status={suiteStatus} />
              </>
            }
          >
            {result && result.status !== 'running' ? (
              <SuiteResultView result={result} />
            ) : liveSuite ? (
              <LiveSuiteView suite={liveSuite} config={plan?.suites[i]} />
            ) : (
              <p className="muted">Waiting to start…</p>
            )}
          </Section>
        )
      })}
      {run?.monitor && run.status !== 'running' ? (
        <Section title={`Process ${run.monitor.pid}`}>
          <ProcessMonitorView monitor={run.monitor} />
        </Section>
      ) : live && live.monitor.length > 0 && (!run || run.status === 'running') ? (
        <Section title="Process">
          <ProcessMonitorCharts samples={live.monitor} />
        </Section>
      ) : null}
      {run && run.status !== 'running' ? (
        <div className="two-col">
          <Section title="Threshold checks">
            <ChecksTable checks={checks} />
          </Section>
          <Section title={`Findings (${run.findings.length})`}>
            <FindingsList findings={run.findings} />
          </Section>
        </div>
      ) : null}
      {run?.score?.items.length ? (
        <Section title={`Score ${num(run.score.value)} / 100`}>
          <ScoreBreakdown score={run.score} />
        </Section>
      ) : null}
    </div>
  )
}
