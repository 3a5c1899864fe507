import { z } from 'zod'
import { SeveritySchema } from './common'

/** Latency summary in milliseconds, measured with microsecond resolution. */
export const LatencySummarySchema = z.object({
  min: z.number(),
  mean: z.number(),
  stdev: z.number(),
  p50: z.number(),
  p75: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number(),
  max: z.number(),
})
export type LatencySummary = z.infer<typeof LatencySummarySchema>

/** One threshold check: what was measured against the limit the plan set. */
export const ThresholdCheckSchema = z.object({
  metric: z.string(),
  label: z.string(),
  op: z.enum(['<=', '>=']),
  limit: z.number(),
  value: z.number().nullable(),
  unit: z.string(),
  pass: z.boolean(),
})
export type ThresholdCheck = z.infer<typeof ThresholdCheckSchema>

export const EvidenceItemSchema = z.object({
  label: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  unit: z.string().optional(),
})

export const FindingSchema = z.object({
  id: z.string(),
  severity: SeveritySchema,
  title: z.string(),
  detail: z.string(),
  evidence: z.array(EvidenceItemSchema),
  recommendation: z.string(),
  suiteIndex: z.number().int().optional(),
  /** 0–1: the share of the suite's latency, errors or capacity this finding explains; ranks findings of equal severity */
  impact: z.number().min(0).max(1).optional(),
})
export type Finding = z.infer<typeof FindingSchema>

export const ScoreItemSchema = z.object({
  label: z.string(),
  points: z.number(),
  reason: z.string(),
})
export const ScoreSchema = z.object({
  value: z.number().min(0).max(100),
  basis: z.string(),
  items: z.array(ScoreItemSchema),
})
export type Score = z.infer<typeof ScoreSchema>

export const SuiteStatusSchema = z.enum([
  'pending',
  'running',
  'passed',
  'failed',
  'error',
  'cancelled',
  'interrupted',
  'skipped',
])
export type SuiteStatus = z.infer<typeof SuiteStatusSchema>

/**
 * PerfDesk's own load-making side of a suite, measured over the suite's measured time. A
 * number is about the target only when `clientBound` is false: when the generator threads
 * were the limit, throughput is a lower bound for the server.
 */
export const GeneratorStatsSchema = z.object({
  /** generator worker threads that made the load */
  threads: z.number().int().min(1),
  /** 0–1: event-loop utilization of the busiest generator thread over the measured time */
  busy: z.number().min(0).max(1),
  /** mean event-loop utilization over all generator threads */
  busyMean: z.number().min(0).max(1).optional(),
  /** p99 event-loop delay of the generator threads (the worst thread), ms */
  eventLoopDelayP99Ms: z.number().min(0),
  /** CPU seconds the generator process spent (user + system) over the measured time */
  cpuSec: z.number().min(0),
  /** operations (requests, queries, commands) per generator CPU-second */
  opsPerCpuSec: z.number().min(0).nullable().optional(),
  /** true when PerfDesk's generator, not the target, limited the throughput */
  clientBound: z.boolean(),
  /** why it was (or was not) judged client-bound, in plain words */
  reason: z.string().optional(),
})
export type GeneratorStats = z.infer<typeof GeneratorStatsSchema>

/** Fields every suite result carries, whatever its kind. */
export const suiteResultBase = {
  index: z.number().int().min(0),
  name: z.string(),
  target: z.string(),
  status: SuiteStatusSchema,
  error: z.string().optional(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  checks: z.array(ThresholdCheckSchema),
  findings: z.array(FindingSchema),
  score: ScoreSchema.optional(),
  notes: z.array(z.string()).default([]),
  /** the generator's own limits; absent in results from before it was measured */
  generator: GeneratorStatsSchema.optional(),
}

/** A per-second sample as streamed live: `t` in seconds since the suite began, then numbers. */
export const LiveSampleSchema = z.object({ t: z.number() }).catchall(z.number().nullable())
export type LiveSample = z.infer<typeof LiveSampleSchema>
