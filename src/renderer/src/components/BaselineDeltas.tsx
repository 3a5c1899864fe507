import { useEffect, useState } from 'react'
import type { BaselineDeltas, RunResult } from '@shared/index'
import { useApp } from '../stores/app'
import { useCompare } from '../stores/compare'
import { useHistory } from '../stores/history'
import { call } from '../transport'
import { BaselineLabel } from './BaselineLabel'
import { CompareVerdictBanner, ComparisonTable } from './ComparisonTable'
import { Section } from './ui'

/**
 * A finished run's deltas against the baseline of its plan and target (chosen, or automatic: the
 * latest finished run before it), unless this run is it. Fetched again whenever a baseline changes.
 */
export function BaselineDeltasPanel({ run }: { run: RunResult }) {
  const version = useHistory((s) => s.baselineVersion)
  const [deltas, setDeltas] = useState<{ runId: string; value: BaselineDeltas } | null>(null)
  const finished = run.status !== 'running'
  useEffect(() => {
    if (!finished) return
    let live = true
    call('runs.baselineDeltas', { runId: run.id }).then(
      (value) => {
        if (live) setDeltas({ runId: run.id, value })
      },
      () => {
        // no deltas is no reason to bother the user: the run itself is on screen
        if (live) setDeltas({ runId: run.id, value: null })
      },
    )
    return () => {
      live = false
    }
  }, [run.id, finished, version, run.baseline])

  const d = deltas?.runId === run.id ? deltas.value : null
  if (!d) return null
  const c = d.comparison
  return (
    <Section
      className="baseline-panel"
      title="Against the baseline"
      actions={
        <button
          type="button"
          className="btn small"
          onClick={() => {
            useApp.getState().go('history')
            void useCompare.getState().compare({ a: d.baselineId, b: run.id })
          }}
        >
          Open comparison
        </button>
      }
    >
      <div data-testid="baseline-deltas">
        <p className="small">
          <BaselineLabel info={d.baseline} />
        </p>
        <CompareVerdictBanner comparison={c.suites} />
        {c.suites.map((s) => (
          <ComparisonTable key={s.index} suite={s} />
        ))}
        <p className="muted small">
          A is the baseline (run <span className="mono">{c.a.id}</span>), B this run; tolerance{' '}
          {c.maxRegressionPct} %.
        </p>
      </div>
    </Section>
  )
}
