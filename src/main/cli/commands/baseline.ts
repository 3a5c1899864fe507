import { BaselineScopeSchema, baselineScope, type BaselineInfo } from '@shared/index'
import { baselineDeltasOf, baselineOf, setRunBaseline } from '../../api/compare'
import { ApiFailure } from '../../api/errors'
import type { HistoryStore } from '../../store/types'
import { parse, UsageError } from '../args'
import { openCliHistory } from '../history'
import { EXIT, type Io } from '../io'

const USAGE =
  'perfdesk baseline set RUN_ID | clear RUN_ID | clear PLAN TARGET | show RUN_ID [--db FILE]'

/** "Baseline: checkout API, 2026-12-01T17:00:00Z (run r-12, chosen)" */
export function baselineText(info: BaselineInfo): string {
  return `Baseline: ${info.planName}, ${info.startedAt} (run ${info.runId}, ${info.automatic ? 'automatic: the latest finished run of this plan and target' : 'chosen'})`
}

/**
 * The line `perfdesk run` prints after its summary: which run it is compared with and whether
 * anything regressed against it. Empty when the plan and target have no other finished run.
 */
export function baselineSummary(store: HistoryStore, runId: string): string {
  const d = baselineDeltasOf(store, runId)
  if (!d) return ''
  const regressed = d.comparison.suites.flatMap((s) =>
    s.regressions.map(
      (k) => `${s.metrics.find((m) => m.key === k)?.label ?? k} (suite ${s.index + 1})`,
    ),
  )
  const verdict = regressed.length
    ? `regressed against it: ${regressed.join(', ')}`
    : 'no significant regression against it'
  return `${baselineText(d.baseline)}\n  ${verdict}; details: perfdesk compare ${d.baselineId} ${runId}\n`
}

/** Chooses, clears or shows the baseline of a plan and target. */
export async function baselineCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { db: { type: 'string' } }, USAGE)
  const [action, ...rest] = positionals
  if (!action || !['set', 'clear', 'show'].includes(action))
    throw new UsageError(`say what to do: set, clear or show\nusage: ${USAGE}`)
  if (rest.length < 1 || rest.length > (action === 'clear' ? 2 : 1))
    throw new UsageError(`usage: ${USAGE}`)
  const history = openCliHistory(values.db, io)
  const { store } = history
  try {
    const scopeOfRun = (runId: string) => {
      const run = store.getRun(runId)
      if (!run)
        throw new UsageError(
          `no run "${runId}" in the history ${history.path} (see "perfdesk runs")`,
        )
      return { run, scope: baselineScope(run.plan) }
    }
    if (action === 'set') {
      const { run, scope } = scopeOfRun(rest[0]!)
      setRunBaseline(store, run.id, true, [])
      io.stdout(`run ${run.id} is now the baseline of plan "${scope.plan}" on ${scope.target}\n`)
      return EXIT.ok
    }
    if (action === 'show') {
      const { run, scope } = scopeOfRun(rest[0]!)
      const info = baselineOf(store, scope, run)
      io.stdout(
        info && info.runId !== run.id
          ? `${baselineText(info)}\n`
          : info
            ? `run ${run.id} is the baseline of plan "${scope.plan}" on ${scope.target}\n`
            : `plan "${scope.plan}" on ${scope.target} has no baseline yet\n`,
      )
      return EXIT.ok
    }
    const parsed =
      rest.length === 2
        ? BaselineScopeSchema.safeParse({ plan: rest[0], target: rest[1] })
        : { success: true as const, data: scopeOfRun(rest[0]!).scope }
    if (!parsed.success) throw new UsageError(`give PLAN and TARGET\nusage: ${USAGE}`)
    const scope = parsed.data
    const was = store.clearBaseline(scope)
    io.stdout(
      was
        ? `cleared: run ${was} is no longer the baseline of plan "${scope.plan}" on ${scope.target}; deltas are against the latest finished run again\n`
        : `plan "${scope.plan}" on ${scope.target} had no chosen baseline; nothing to clear\n`,
    )
    return EXIT.ok
  } catch (err) {
    if (err instanceof ApiFailure) throw new UsageError(err.message)
    throw err
  } finally {
    store.close()
  }
}
