import {
  baselineScope,
  nothingInCommon,
  type BaselineDeltas,
  type BaselineInfo,
  type BaselineScope,
  type RunComparison,
  type RunResult,
} from '@shared/index'
import { compareRuns } from '../suites/parts'
import type { HistoryStore } from '../store/types'
import { failed, notFound } from './errors'

/**
 * The compare and baseline methods of the API. analysis/ computes; these fetch the runs,
 * refuse what makes no sense (a running run), and hand back the shared contract's types (the
 * assignments below are where a drift between analysis/compare.ts and shared/compare.ts shows).
 */

function finishedRun(store: HistoryStore, runId: string, role: string): RunResult {
  const run = store.getRun(runId)
  if (!run) throw notFound('run', runId)
  if (run.status === 'running') {
    throw failed(`run ${role}"${runId}" is still running; wait for it to finish`)
  }
  return run
}

export function compareStoredRuns(
  store: HistoryStore,
  input: { a: string; b: string; maxRegressionPct?: number | undefined },
): RunComparison {
  if (input.a === input.b) throw failed('pick two different runs to compare')
  const a = finishedRun(store, input.a, 'A ')
  const b = finishedRun(store, input.b, 'B ')
  const out: RunComparison = compareRuns(
    a,
    b,
    input.maxRegressionPct === undefined ? {} : { maxRegressionPct: input.maxRegressionPct },
  )
  // nothing measured alike: no verdict at all, rather than a "no regression" about nothing
  const none = nothingInCommon(a, b, out)
  if (none) throw failed(none)
  return out
}

export function setRunBaseline(
  store: HistoryStore,
  runId: string,
  baseline: boolean,
  activeRuns: readonly string[],
): { ok: boolean } {
  if (baseline && activeRuns.includes(runId)) {
    throw failed('this run is still running; mark it as the baseline once it has finished')
  }
  const run = finishedRun(store, runId, '')
  if (baseline && run.status !== 'passed' && run.status !== 'failed') {
    throw failed(
      `run "${runId}" ended ${run.status}: only a run that measured its whole plan (passed or failed) can be a baseline`,
    )
  }
  store.setBaseline(runId, baseline)
  return { ok: true }
}

/** The baseline a run of `scope` is compared with, as the API shows it; null when none. */
export function baselineOf(
  store: HistoryStore,
  scope: BaselineScope,
  run?: RunResult,
): BaselineInfo | null {
  const found = store.findBaseline(scope, run)
  const baseline = found ? store.getRun(found.runId) : null
  if (!found || !baseline) return null
  return {
    runId: baseline.id,
    planName: baseline.plan.name,
    startedAt: baseline.startedAt,
    automatic: found.automatic,
    scope,
  }
}

export function baselineDeltasOf(store: HistoryStore, runId: string): BaselineDeltas {
  const run = store.getRun(runId)
  if (!run) throw notFound('run', runId)
  if (run.status === 'running') return null
  const info = baselineOf(store, baselineScope(run.plan), run)
  if (!info || info.runId === run.id) return null
  const baseline = store.getRun(info.runId)
  if (!baseline) return null
  const out: BaselineDeltas = {
    baselineId: baseline.id,
    baseline: info,
    comparison: compareRuns(baseline, run),
  }
  return out
}
