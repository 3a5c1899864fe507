import { useEffect, useState } from 'react'
import { RunStatusSchema, type RunStatus } from '@shared/index'
import { RunView } from '../components/RunView'
import { Empty, Section, StatusBadge } from '../components/ui'
import { duration, num, secondsBetween, when } from '../lib/format'
import { useApp } from '../stores/app'
import { useHistory } from '../stores/history'
import { useRun } from '../stores/run'
import { useTargets } from '../stores/targets'

function RunDetail({ runId }: { runId: string }) {
  const { open, openError, exporting, exportRun, remove, openRun } = useHistory()
  const startPlan = useRun((s) => s.startPlan)
  const running = useRun((s) => s.live?.status === 'running')
  const go = useApp((s) => s.go)
  const [confirming, setConfirming] = useState(false)

  if (openError) return <div className="banner error">{openError}</div>
  if (!open || open.id !== runId) return <p className="muted">Loading…</p>
  const actions = (
    <div className="btn-row">
      <button
        type="button"
        className="btn"
        disabled={running}
        title={running ? 'a run is in progress' : 'start the same plan again'}
        onClick={() => {
          go('run')
          void openRun(null)
          void startPlan(open.plan)
        }}
      >
        Run again
      </button>
      <button
        type="button"
        className="btn"
        disabled={exporting !== null}
        onClick={() => void exportRun(runId, 'json')}
      >
        {exporting === 'json' ? 'Exporting…' : 'Export JSON'}
      </button>
      <button
        type="button"
        className="btn"
        disabled={exporting !== null}
        onClick={() => void exportRun(runId, 'pdf')}
      >
        {exporting === 'pdf' ? 'Exporting…' : 'Export PDF'}
      </button>
      <button
        type="button"
        className="btn"
        disabled={exporting !== null}
        onClick={() => void exportRun(runId, 'html')}
      >
        {exporting === 'html' ? 'Exporting…' : 'HTML'}
      </button>
      {confirming ? (
        <span className="confirm">
          Delete this run?
          <button
            type="button"
            className="btn danger small"
            onClick={() => {
              setConfirming(false)
              void remove(runId)
            }}
          >
            Delete
          </button>
          <button type="button" className="btn ghost small" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className="btn ghost" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
    </div>
  )
  return (
    <>
      <button type="button" className="btn ghost back" onClick={() => void openRun(null)}>
        ← All runs
      </button>
      <RunView run={open} live={null} actions={actions} />
    </>
  )
}

export function HistoryScreen() {
  const { runs, loaded, loadError, filter, setFilter, refresh, openId, openRun } = useHistory()
  const targets = useTargets((s) => s.targets)
  useEffect(() => {
    void refresh()
  }, [refresh])

  if (openId) return <RunDetail runId={openId} />

  return (
    <Section
      title="History"
      actions={
        <div className="filters">
          <select
            aria-label="filter by target"
            value={filter.target}
            onChange={(e) => setFilter({ target: e.target.value })}
          >
            <option value="">All targets</option>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name ?? t.id}
              </option>
            ))}
          </select>
          <select
            aria-label="filter by status"
            value={filter.status}
            onChange={(e) => setFilter({ status: e.target.value as RunStatus | '' })}
          >
            <option value="">Any status</option>
            {RunStatusSchema.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      }
    >
      {loadError ? <div className="banner error">{loadError}</div> : null}
      {loaded && !runs.length ? (
        <Empty>
          <h3>No runs{filter.target || filter.status ? ' match' : ' yet'}</h3>
          <p>Finished runs are kept here, newest first, and open offline.</p>
        </Empty>
      ) : (
        <table className="table history" data-testid="history">
          <thead>
            <tr>
              <th>Started</th>
              <th>Plan</th>
              <th>Status</th>
              <th>Targets</th>
              <th>Result</th>
              <th className="num">Score</th>
              <th className="num">Took</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr
                key={r.id}
                className="clickable"
                data-run-id={r.id}
                tabIndex={0}
                onClick={() => void openRun(r.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void openRun(r.id)
                }}
              >
                <td className="mono">{when(r.startedAt)}</td>
                <td>{r.planName}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{r.targets.join(', ')}</td>
                <td className="headline">{r.headline}</td>
                <td className="num">{r.score === null ? '–' : num(r.score)}</td>
                <td className="num">{duration(secondsBetween(r.startedAt, r.endedAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}
