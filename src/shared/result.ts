import { z } from 'zod'
import { PlanSchema } from './plan'
import { MonitorResultSchema } from './monitor'
import { FindingSchema, ScoreSchema, SuiteStatusSchema } from './result-common'
import { SuiteResultSchema } from './suites'

export const RESULT_SCHEMA_VERSION = 1

/** A run's status: a suite's, less the two only a suite has (waiting its turn, skipped). */
export const RunStatusSchema = SuiteStatusSchema.exclude(['pending', 'skipped'])
export type RunStatus = z.infer<typeof RunStatusSchema>

export const EnvironmentSchema = z.object({
  perfdeskVersion: z.string(),
  os: z.string(),
  arch: z.string(),
  cpus: z.number().int(),
  cpuModel: z.string(),
  memoryBytes: z.number(),
  node: z.string(),
  runtime: z.enum(['cli', 'electron', 'serve', 'test']),
  /** server versions learned while running, keyed by target id */
  servers: z.record(z.string(), z.string()).default({}),
})
export type Environment = z.infer<typeof EnvironmentSchema>

/** What `perfdesk run --shard i/N` records: which share of which plan this result is. */
export const ShardInfoSchema = z.object({
  /** 0-based; the CLI's `--shard 1/3` is index 0 */
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  /** the shared start time (--start-at), when one was given */
  startAt: z.string().nullable(),
  /** sha256 of the whole (unsharded) plan, secrets redacted: shards of one plan share it */
  planHash: z.string(),
})
export type ShardInfo = z.infer<typeof ShardInfoSchema>

/** One shard a merged result was made of. */
export const MergedShardSchema = ShardInfoSchema.extend({
  runId: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: RunStatusSchema,
  host: z.string().optional(),
})
export type MergedShard = z.infer<typeof MergedShardSchema>

export const RunResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  id: z.string(),
  status: RunStatusSchema,
  /** the plan as run, secrets replaced by references */
  plan: PlanSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  environment: EnvironmentSchema,
  suites: z.array(SuiteResultSchema),
  /** every suite's findings, most severe first */
  findings: z.array(FindingSchema),
  score: ScoreSchema.optional(),
  error: z.string().optional(),
  baseline: z.boolean().default(false),
  importedAt: z.string().optional(),
  /** the process monitored during the run (plan.monitor) */
  monitor: MonitorResultSchema.optional(),
  /** this run is one shard of a plan (`perfdesk run --shard`) */
  shard: ShardInfoSchema.optional(),
  /** this run was merged from these shards (`perfdesk merge`) */
  shards: z.array(MergedShardSchema).optional(),
})
export type RunResult = z.infer<typeof RunResultSchema>

export const RunSummarySchema = z.object({
  id: z.string(),
  planName: z.string(),
  planId: z.string().nullable(),
  status: RunStatusSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  targets: z.array(z.string()),
  kinds: z.array(z.string()),
  score: z.number().nullable(),
  /** one line for the history list, e.g. "1,230 req/s · p95 24.1 ms · 0.0 % errors" */
  headline: z.string(),
  baseline: z.boolean(),
})
export type RunSummary = z.infer<typeof RunSummarySchema>

export const RunFilterSchema = z
  .object({
    target: z.string().optional(),
    status: RunStatusSchema.optional(),
    planId: z.string().optional(),
    limit: z.number().int().min(1).max(10_000).default(200),
  })
  .strict()
export type RunFilter = z.infer<typeof RunFilterSchema>
