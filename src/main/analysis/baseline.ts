import type { RunResult, RunSummary } from '@shared/index'

/**
 * The baseline of `run`'s plan among `history` (by plan id when the plan has one, else by plan
 * name), or undefined when the plan has none or `run` is the baseline itself. The caller reads
 * the history; this only picks.
 */
export function pickBaseline(
  history: readonly RunSummary[],
  run: Pick<RunResult, 'id' | 'plan'>,
): RunSummary | undefined {
  const planId = run.plan.id
  return history
    .filter((s) => s.baseline && s.id !== run.id)
    .find((s) =>
      planId !== undefined
        ? s.planId === planId
        : s.planId === null && s.planName === run.plan.name,
    )
}
