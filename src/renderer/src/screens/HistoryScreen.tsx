import { useEffect } from 'react'
import { RunStatusSchema, type RunStatus } from '@shared/index'
import { ImportShardsButton } from '../components/ImportShards'
import { ExportButtons } from '../components/ExportButtons'
import { RunView } from '../components/RunView'
import { ScoreCell } from '../components/Score'
import { ConfirmDelete, Empty, Section, StatusBadge } from '../components/ui'
import { duration, secondsBetween, when } from '../lib/format'
import { call } from '../transport'
import { useApp } from '../stores/app'
import { COMPARE_MAX, useCompare } from '../stores/compare'
import { useHistory } from '../stores/history'
import { CompareView } from './CompareView'
import { useRun } from '../stores/run'
import { useTargets } from '../stores/targets'

function RunDetail({ runId }: { runId: string }) {
  const { open, openError, remove, openRun, setBaseline } = useHistory()
  const startPlan = useRun((s) => s.startPlan)
  const running = useRun((s) => s.live?.status === 'running')
  const go = useApp((s) => s.go)

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
          void startPlan(open.plan, { sourceRunId: open.id })
        }}
      >
        Run again
      </button>
      <button
        type="button"
        className={`btn baseline-toggle${open.baseline ? ' on' : ''}`}
        aria-pressed={open.baseline}
        // only a run that measured its whole plan can be what later runs are held against
        disabled={!open.baseline && open.status !== 'passed' && open.status !== 'failed'}
        title={
          open.baseline
            ? 'runs of this plan and target show their deltas against this one; click to unmark'
            : open.status === 'passed' || open.status === 'failed'
              ? 'runs of this plan and target will show their deltas against this one'
              : `a run that ended ${open.status} measured only part of its plan: it cannot be a baseline`
        }
        onClick={() => void setBaseline(runId, !open.baseline)}
      >
        {open.baseline ? '★ Baseline' : '☆ Use as baseline'}
      </button>
      <ExportButtons runId={runId} />
      <ConfirmDelete
        question="Delete this run?"
        onDelete={() =>
          void remove(runId).then((gone) => {
            // the Run screen must not keep showing a run that no longer exists
            const run = useRun.getState()
            if (gone && run.live?.runId === runId) run.clearLive()
          })
        }
      />
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
  const { selected, toggle, clearSelection, compare, open: comparing } = useCompare()
  useEffect(() => {
    void refresh()
  }, [refresh])
  // a deleted run cannot stay ticked
  const present = new Set(runs.map((r) => r.id))
  const ticked = selected.filter((id) => present.has(id))

  if (comparing) return <CompareView />
  if (openId) return <RunDetail runId={openId} />

  return (
    <Section
      title="History"
      actions={
        <div className="filters">
          <span className="muted compare-hint">
            {ticked.length < COMPARE_MAX
              ? `tick ${COMPARE_MAX - ticked.length} ${ticked.length ? 'more run' : 'runs'} to compare`
              : 'two runs ticked'}
          </span>
          <button
            type="button"
            className="btn primary"
            disabled={ticked.length !== COMPARE_MAX}
            onClick={() => void compare()}
          >
            Compare{ticked.length ? ` (${ticked.length}/${COMPARE_MAX})` : ''}
          </button>
          {ticked.length ? (
            <button type="button" className="btn ghost" onClick={clearSelection}>
              Clear
            </button>
          ) : null}
          <ImportShardsButton />
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
              <th className="pick" aria-label="compare" />
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
                <td className="pick" onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`compare run ${r.id}`}
                    checked={ticked.includes(r.id)}
                    disabled={
                      r.status === 'running' ||
                      (!ticked.includes(r.id) && ticked.length >= COMPARE_MAX)
                    }
                    onChange={() => toggle(r.id)}
                    onKeyDown={(e) => e.stopPropagation()}
                  />
                </td>
                <td className="mono">{when(r.startedAt)}</td>
                <td>
                  {r.planName}{' '}
                  {r.baseline ? (
                    <span
                      className="badge baseline"
                      data-testid="baseline-badge"
                      title="the baseline of this plan: later runs show their deltas against it"
                    >
                      baseline
                    </span>
                  ) : null}
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{r.targets.join(', ')}</td>
                <td className="headline">{r.headline}</td>
                <td className="num">
                  <ScoreCell
                    value={r.score}
                    load={async () => (await call('runs.get', { runId: r.id })).score ?? null}
                  />
                </td>
                <td className="num">{duration(secondsBetween(r.startedAt, r.endedAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}
