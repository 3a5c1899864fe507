import { z } from 'zod'
import { MonitorSampleSchema } from './monitor'
import { PlanSchema } from './plan'
import { LiveSampleSchema, SuiteStatusSchema } from './result-common'
import { RunStatusSchema } from './result'

/** The event stream of a run, as the UI and the CLI see it. About one progress event a second. */
export const RunEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run-started'),
    runId: z.string(),
    plan: PlanSchema,
    startedAt: z.string(),
  }),
  z.object({
    type: z.literal('suite-started'),
    runId: z.string(),
    suiteIndex: z.number().int(),
    kind: z.string(),
    name: z.string(),
    expectedSec: z.number().nullable(),
  }),
  z.object({
    type: z.literal('progress'),
    runId: z.string(),
    suiteIndex: z.number().int(),
    elapsedSec: z.number(),
    expectedSec: z.number().nullable(),
    /** 0–1 of the suite, when it can be known */
    fraction: z.number().nullable(),
    /** e.g. "pool 10 (2/4)" for suites that run in steps */
    label: z.string().optional(),
    sample: LiveSampleSchema,
  }),
  z.object({
    type: z.literal('suite-finished'),
    runId: z.string(),
    suiteIndex: z.number().int(),
    status: SuiteStatusSchema,
    error: z.string().optional(),
  }),
  /** a sample of the monitored process (plan.monitor), about once a second for the whole run */
  z.object({
    type: z.literal('monitor'),
    runId: z.string(),
    sample: MonitorSampleSchema,
  }),
  z.object({
    type: z.literal('run-finished'),
    runId: z.string(),
    status: RunStatusSchema,
    error: z.string().optional(),
  }),
])
export type RunEvent = z.infer<typeof RunEventSchema>
