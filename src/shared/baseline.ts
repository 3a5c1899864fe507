import { z } from 'zod'

/**
 * Where a baseline applies: a plan and the targets it measured. A saved plan is known by its id;
 * a plan made in the run form (no id) by its suites' kinds, so renaming a run keeps its baseline.
 */
export const BaselineScopeSchema = z
  .object({
    plan: z.string().min(1, 'give the plan: its id, or "suites:<kind>" for a run-form plan'),
    target: z.string().min(1, 'give the target id (several: comma-separated)'),
  })
  .strict()
export type BaselineScope = z.infer<typeof BaselineScopeSchema>

/** The scope of a plan as run; `planId` is the saved plan it was started from, if any. */
export function baselineScope(
  plan: { id?: string | undefined; suites: readonly { kind: string; target: string }[] },
  planId?: string | null,
): BaselineScope {
  const kinds = plan.suites.map((s) => s.kind)
  const targets = [...new Set(plan.suites.map((s) => s.target))].sort()
  return {
    plan: planId ?? plan.id ?? `suites:${kinds.join('+')}`,
    target: targets.join(','),
  }
}

/** The run deltas are taken against, and whether the user chose it or it is the latest before. */
export const BaselineInfoSchema = z.object({
  runId: z.string(),
  planName: z.string(),
  startedAt: z.string(),
  /** true: no baseline was chosen for this plan and target; this is the latest finished run */
  automatic: z.boolean(),
  scope: BaselineScopeSchema,
})
export type BaselineInfo = z.infer<typeof BaselineInfoSchema>
