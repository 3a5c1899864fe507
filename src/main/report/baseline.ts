import type { RunResult } from '@shared/index'
import type { HistoryStore } from '../store/types'
import { compareRuns, type CompareOptions, type RunComparison } from './compare'

export interface BaselineDeltas {
  baselineId: string
  comparison: RunComparison
}

/**
 * The deltas of `run` against the baseline of its plan (by plan id when the plan has one, else
 * by plan name), or null when the plan has no baseline or `run` is the baseline itself.
 */
export function deltasAgainstBaseline(
  store: Pick<HistoryStore, 'listRuns' | 'getRun'>,
  run: RunResult,
  opts: CompareOptions = {},
): BaselineDeltas | null {
  const planId = run.plan.id
  const candidates = (
    planId !== undefined
      ? store.listRuns({ planId, limit: 10_000 })
      : store.listRuns({ limit: 10_000 })
  )
    .filter((s) => s.baseline && s.id !== run.id)
    .filter((s) =>
      planId !== undefined
        ? s.planId === planId
        : s.planId === null && s.planName === run.plan.name,
    )
  const summary = candidates[0]
  if (!summary) return null
  const baseline = store.getRun(summary.id)
  if (!baseline) return null
  return { baselineId: baseline.id, comparison: compareRuns(baseline, run, opts) }
}
