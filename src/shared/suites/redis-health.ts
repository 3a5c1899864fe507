import { z } from 'zod'
import type { ChartDescription } from '../charts'
import { IdSchema } from '../common'
import { LiveSampleSchema, suiteResultBase } from '../result-common'
import { HealthMetricsSchema } from './postgres-health'

export const RedisHealthConfigSchema = z
  .object({
    kind: z.literal('redis-health'),
    name: z.string().optional(),
    target: IdSchema,
    /** keys looked at (TYPE, PTTL, MEMORY USAGE) at most; beyond it the scan is a sample */
    maxKeys: z.number().int().min(1).max(100_000_000).default(200_000),
    /** keys looked at per second at most, so that a production server barely notices */
    keysPerSec: z.number().int().min(10).max(1_000_000).default(20_000),
    /** the scan stops here even when not every key was seen */
    maxSec: z.number().positive().max(3600).default(20),
    /** SCAN COUNT hint */
    scanCount: z.number().int().min(1).max(100_000).default(500),
    /** MEMORY USAGE … SAMPLES n for lists, sets, hashes and sorted sets */
    memorySamples: z.number().int().min(0).max(1000).default(5),
    /** a key at least this big is a finding */
    bigKeyBytes: z
      .number()
      .int()
      .min(1)
      .default(1024 * 1024),
    /** share of keys without a TTL above which it is a finding */
    noTtlShare: z.number().min(0).max(1).default(0.5),
    /** the access skew the cache-sizing curve assumes: 0 uniform, 1 classic web skew */
    zipf: z.number().min(0).max(5).default(1),
    timeoutMs: z.number().int().min(100).max(600_000).default(5000),
  })
  .strict()
export type RedisHealthConfig = z.infer<typeof RedisHealthConfigSchema>

export const RedisBigKeySchema = z.object({
  key: z.string(),
  type: z.string(),
  bytes: z.number(),
  /** null: no TTL */
  ttlSec: z.number().nullable(),
})
export type RedisBigKey = z.infer<typeof RedisBigKeySchema>

export const RedisCurvePointSchema = z.object({
  memoryBytes: z.number(),
  hitRate: z.number(),
})

export const RedisCacheCurveSchema = z.object({
  /** keys the curve covers (DBSIZE of the database) */
  keys: z.number().int(),
  meanKeyBytes: z.number(),
  zipf: z.number(),
  /** Che's approximation of an LRU cache under independent Zipf requests */
  model: z.string(),
  points: z.array(RedisCurvePointSchema),
  /** memory for 90 / 95 / 99 % hits; null when not reachable */
  for90: z.number().nullable(),
  for95: z.number().nullable(),
  for99: z.number().nullable(),
  /** the hit rate at today's maxmemory, when that is smaller than the data */
  atMaxmemory: z.number().nullable(),
})
export type RedisCacheCurve = z.infer<typeof RedisCacheCurveSchema>

export const RedisHealthDataSchema = z.object({
  version: z.string().nullable(),
  db: z.number().int(),
  /** DBSIZE before and after: the suite writes nothing, so they differ only by others' writes */
  dbsizeBefore: z.number().int(),
  dbsizeAfter: z.number().int(),
  scan: z.object({
    keysSeen: z.number().int(),
    /** the whole keyspace was walked (else: a sample of keysSeen keys) */
    complete: z.boolean(),
    durationSec: z.number(),
    sampledBytes: z.number(),
    /** DBSIZE × mean sampled size */
    estimatedBytes: z.number(),
  }),
  bigKeys: z.array(RedisBigKeySchema),
  types: z.array(z.object({ type: z.string(), keys: z.number().int(), bytes: z.number() })),
  ttl: z.object({
    withTtl: z.number().int(),
    withoutTtl: z.number().int(),
    noTtlShare: z.number().nullable(),
    /** 95 % confidence half-width of noTtlShare when sampled; 0 for a complete scan */
    margin: z.number(),
  }),
  memory: z.object({
    usedBytes: z.number().nullable(),
    rssBytes: z.number().nullable(),
    peakBytes: z.number().nullable(),
    maxmemoryBytes: z.number().nullable(),
    policy: z.string().nullable(),
    fragmentationRatio: z.number().nullable(),
  }),
  persistence: z.object({
    rdbLastSaveStatus: z.string().nullable(),
    rdbLastSaveAgeSec: z.number().nullable(),
    rdbChangesSinceSave: z.number().nullable(),
    rdbSaveConfig: z.string().nullable(),
    aofEnabled: z.boolean().nullable(),
    aofLastWriteStatus: z.string().nullable(),
  }),
  stats: z.object({
    hits: z.number().nullable(),
    misses: z.number().nullable(),
    hitRatio: z.number().nullable(),
    evictedKeys: z.number().nullable(),
    expiredKeys: z.number().nullable(),
    opsPerSec: z.number().nullable(),
  }),
  clients: z.object({
    connected: z.number().nullable(),
    blocked: z.number().nullable(),
    maxclients: z.number().nullable(),
    rejected: z.number().nullable(),
  }),
  slowlog: z.array(
    z.object({
      id: z.number().int(),
      timestamp: z.number().int(),
      durationUs: z.number().int(),
      command: z.string(),
    }),
  ),
  slowlogThresholdUs: z.number().nullable(),
  curve: RedisCacheCurveSchema.nullable(),
  problems: z.array(z.string()),
})
export type RedisHealthData = z.infer<typeof RedisHealthDataSchema>

export const RedisHealthSuiteResultSchema = z.object({
  ...suiteResultBase,
  kind: z.literal('redis-health'),
  config: RedisHealthConfigSchema,
  metrics: HealthMetricsSchema.nullable(),
  series: z.array(LiveSampleSchema),
  health: RedisHealthDataSchema.nullable().default(null),
})
export type RedisHealthSuiteResult = z.infer<typeof RedisHealthSuiteResultSchema>

/** The redis-health suite in the shared registry (src/shared/suites/index.ts): no per-second charts. */
export const redisHealthShared = {
  kind: 'redis-health',
  targetKind: 'redis',
  config: RedisHealthConfigSchema,
  result: RedisHealthSuiteResultSchema,
  charts: [] as ChartDescription[],
} as const
