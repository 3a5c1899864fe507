import { z } from 'zod'

/** What an untrusted plan will do, for the one review screen (hosts, commands, env vars, files). */
export const PlanReviewSchema = z.object({
  hosts: z.array(
    z.object({ target: z.string(), kind: z.string(), host: z.string(), loopback: z.boolean() }),
  ),
  commands: z.array(z.object({ target: z.string(), command: z.string() })),
  envVars: z.array(z.object({ path: z.string(), name: z.string() })),
  files: z.array(z.object({ path: z.string(), file: z.string() })),
  nonLoopbackHosts: z.array(z.object({ target: z.string(), host: z.string() })),
})
export type PlanReview = z.infer<typeof PlanReviewSchema>

/** What the API says before a run: whether the user must confirm, and what. */
export const RunReviewSchema = z.object({
  review: PlanReviewSchema,
  /** the plan came from a file or an import and has not been approved */
  untrusted: z.boolean(),
  /** the user must confirm before this plan runs (untrusted, or a new non-loopback host) */
  required: z.boolean(),
  /** non-loopback hosts not confirmed before (asked once per target) */
  newHosts: z.array(z.object({ target: z.string(), host: z.string() })),
  /** what runs.start's `approval` must carry to run it */
  digest: z.string(),
})
export type RunReview = z.infer<typeof RunReviewSchema>
