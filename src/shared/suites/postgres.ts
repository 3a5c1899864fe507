import { z } from 'zod'
import { IdSchema } from '../common'
import { suiteResultBase } from '../result-common'

/** A parameter generator, evaluated once per execution. */
export const PgParamSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.object({ randomInt: z.tuple([z.number().int(), z.number().int()]) }).strict(),
  z.object({ pick: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).min(1) }).strict(),
  z.object({ sequence: z.number().int() }).strict(),
])
export type PgParam = z.infer<typeof PgParamSchema>

export const PgQuerySchema = z
  .object({
    name: z.string().min(1),
    sql: z.string().min(1, 'sql cannot be empty'),
    params: z.array(PgParamSchema).default([]),
    weight: z.number().positive().default(1),
  })
  .strict()

export const PostgresThresholdsSchema = z
  .object({
    p95Ms: z.number().positive().optional(),
    p99Ms: z.number().positive().optional(),
    minTps: z.number().positive().optional(),
    errorRate: z.number().min(0).max(1).optional(),
  })
  .strict()

export const PostgresConfigSchema = z
  .object({
    kind: z.literal('postgres'),
    name: z.string().optional(),
    target: IdSchema,
    queries: z.array(PgQuerySchema).min(1, 'add at least one query'),
    poolSizes: z.array(z.number().int().min(1).max(1000)).min(1).default([5, 10, 20, 50]),
    clients: z.number().int().min(1).max(10_000).default(16),
    durationSec: z.number().positive().max(86_400).default(10),
    explain: z.enum(['off', 'plan', 'analyze']).default('plan'),
    allowWrites: z.boolean().default(false),
    whatIf: z.boolean().default(false),
    thresholds: PostgresThresholdsSchema.default({}),
  })
  .strict()
export type PostgresConfig = z.infer<typeof PostgresConfigSchema>

export const PostgresSuiteResultSchema = z.object({
  ...suiteResultBase,
  kind: z.literal('postgres'),
  config: PostgresConfigSchema,
  /** headline numbers of the recommended (or best) step; suite-specific detail in `details` */
  metrics: z.record(z.string(), z.unknown()).nullable(),
  series: z.array(z.object({ t: z.number() }).catchall(z.number().nullable())),
  histogram: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).optional(),
})
export type PostgresSuiteResult = z.infer<typeof PostgresSuiteResultSchema>
