import { z } from 'zod'
import { IdSchema } from './common'
import { SuiteConfigSchema, suiteTargetKind } from './suites'
import { TargetSchema } from './targets'

export const PLAN_FORMAT_VERSION = 1

export const PlanSchema = z
  .object({
    formatVersion: z.literal(PLAN_FORMAT_VERSION).default(PLAN_FORMAT_VERSION),
    id: IdSchema.optional(),
    name: z.string().min(1, 'give the plan a name').max(200),
    description: z.string().optional(),
    targets: z.array(TargetSchema).min(1, 'add at least one target'),
    suites: z.array(SuiteConfigSchema).min(1, 'add at least one suite'),
    /** a process monitor riding along with every suite */
    monitor: z.object({ process: IdSchema }).strict().optional(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const seen = new Map<string, number>()
    plan.targets.forEach((t, i) => {
      if (seen.has(t.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, 'id'],
          message: `target id "${t.id}" is used twice`,
        })
      }
      seen.set(t.id, i)
    })
    plan.suites.forEach((s, i) => {
      const ti = seen.get(s.target)
      if (ti === undefined) {
        const ids = [...seen.keys()].map((k) => `"${k}"`).join(', ')
        ctx.addIssue({
          code: 'custom',
          path: ['suites', i, 'target'],
          message: `no target with id "${s.target}"; the plan's targets are ${ids || 'none'}`,
        })
        return
      }
      const t = plan.targets[ti]!
      const want = suiteTargetKind[s.kind]
      if (t.kind !== want) {
        ctx.addIssue({
          code: 'custom',
          path: ['suites', i, 'target'],
          message: `a ${s.kind} suite needs a ${want} target, but "${t.id}" is ${t.kind}`,
        })
      }
    })
    if (plan.monitor) {
      const t = plan.targets.find((x) => x.id === plan.monitor!.process)
      if (!t || t.kind !== 'process') {
        ctx.addIssue({
          code: 'custom',
          path: ['monitor', 'process'],
          message: 'name a target of kind "process"',
        })
      }
    }
  })

export type Plan = z.infer<typeof PlanSchema>
/** What a user writes: defaults not yet applied. */
export type PlanInput = z.input<typeof PlanSchema>
