import { z } from 'zod'
import { IdSchema, optionalFraction } from '../common'
import { GeneratorStatsSchema, LatencySummarySchema, suiteResultBase } from '../result-common'
import { errorsChart, percentileSeries, throughputChart, type ChartDescription } from '../charts'

export const RedisOperationSchema = z.enum([
  'set',
  'get',
  'mget',
  'hset',
  'hgetall',
  'incr',
  'lpush',
  'lrange',
  'zadd',
  'zrange',
  'sadd',
  'del',
])
export type RedisOperation = z.infer<typeof RedisOperationSchema>

export const RedisHitRateConfigSchema = z
  .object({
    /** distinct keys the workload can ask for */
    keys: z.number().int().min(1, 'hitRate.keys must be at least 1').max(10_000_000),
    /** Zipf exponent: 0 is uniform, 1 is the classic web-cache skew */
    zipf: z.number().min(0).max(5).default(1),
    /** TTL set on each miss; none means keys live until the run's cleanup */
    ttlSec: z.number().positive().optional(),
    requests: z.number().int().min(1).max(100_000_000),
    valueBytes: z
      .number()
      .int()
      .min(1)
      .max(1024 * 1024)
      .default(100),
    /** the replay stops here even if not every request was sent (a load loop is always bounded) */
    maxSec: z.number().positive().max(3600).default(60),
  })
  .strict()
export type RedisHitRateConfig = z.infer<typeof RedisHitRateConfigSchema>

export const RedisThresholdsSchema = z
  .object({
    /** p99 of the slowest matrix cell */
    p99Ms: z.number().positive().optional(),
    /** ops/s of the slowest matrix cell */
    minOpsPerSec: z.number().positive().optional(),
    /** measured hit rate of the cache-aside simulation */
    minHitRate: optionalFraction('minHitRate'),
  })
  .strict()
export type RedisThresholds = z.infer<typeof RedisThresholdsSchema>

export const RedisConfigSchema = z
  .object({
    kind: z.literal('redis'),
    name: z.string().optional(),
    target: IdSchema,
    operations: z
      .array(RedisOperationSchema)
      .min(1, 'add at least one operation, e.g. ["set","get"]')
      .default(['set', 'get']),
    /** bytes of value data each command carries (sent or returned) */
    payloadBytes: z
      .array(
        z
          .number()
          .int()
          .min(1)
          .max(64 * 1024 * 1024),
      )
      .min(1)
      .default([100, 1024, 10240, 102400]),
    /** commands sent per round trip */
    pipeline: z.array(z.number().int().min(1).max(1024)).min(1).default([1, 16]),
    /** concurrent connections */
    clients: z.number().int().min(1).max(1000).default(4),
    /** generator threads the connections are split over: a number, or "auto" (cores − 1, at least 1) */
    threads: z
      .union([
        z.number().int().min(1, 'threads must be at least 1').max(64, 'threads can be at most 64'),
        z.literal('auto'),
      ])
      .default(1),
    /** seconds per matrix step */
    durationSec: z.number().positive('durationSec must be more than 0').max(3600).default(2),
    /** an example value for the compression study: JSON text or the path of a file */
    valueSample: z.string().min(1).optional(),
    hitRate: RedisHitRateConfigSchema.optional(),
    /** a command that takes longer than this counts as the server not answering */
    timeoutMs: z.number().int().min(100).max(600_000).default(5000),
    thresholds: RedisThresholdsSchema.default({}),
  })
  .strict()
export type RedisConfig = z.infer<typeof RedisConfigSchema>

/** One step of the matrix: an operation at a payload size and pipeline depth, `clients` connections. */
export const RedisMatrixCellSchema = z.object({
  operation: RedisOperationSchema,
  /** 0 for operations that carry no value (incr) */
  payloadBytes: z.number().int().min(0),
  pipeline: z.number().int().min(1),
  opsPerSec: z.number(),
  /** per command; a pipelined command's latency is its batch's round trip */
  latencyMs: LatencySummarySchema,
  errors: z.number().int(),
  commands: z.number().int(),
  durationSec: z.number(),
  firstError: z.string().optional(),
  /** HDR histogram of per-command latency in µs, compressed base64 */
  histogram: z.string().optional(),
  /** the step was cut short (cancel or a lost server) */
  partial: z.boolean().optional(),
  /** PerfDesk's generator over this step; clientBound: the ops/s are a lower bound for the server */
  generator: GeneratorStatsSchema.optional(),
})
export type RedisMatrixCell = z.infer<typeof RedisMatrixCellSchema>

/** Where p99 stops growing in proportion: the first payload at which it reaches 2× the smallest payload's. */
export const RedisLatencyBendSchema = z.object({
  operation: RedisOperationSchema,
  pipeline: z.number().int(),
  baselineBytes: z.number().int(),
  baselineP99Ms: z.number(),
  /** null when p99 never doubled across the sizes measured */
  bendBytes: z.number().int().nullable(),
  bendP99Ms: z.number().nullable(),
  /** p99 at the largest payload divided by p99 at the smallest */
  growth: z.number(),
})
export type RedisLatencyBend = z.infer<typeof RedisLatencyBendSchema>

export const RedisCodecSchema = z.enum(['raw', 'gzip', 'brotli', 'deflate'])
export type RedisCodec = z.infer<typeof RedisCodecSchema>

export const RedisCompressionRowSchema = z.object({
  codec: RedisCodecSchema,
  /** zlib level or brotli quality; null for raw */
  level: z.number().int().nullable(),
  bytes: z.number().int(),
  /** original size / encoded size */
  ratio: z.number(),
  encodeUs: z.number(),
  decodeUs: z.number(),
  /** encode + SET, and GET + decode, measured against the server */
  setMs: LatencySummarySchema.nullable(),
  getMs: LatencySummarySchema.nullable(),
})
export type RedisCompressionRow = z.infer<typeof RedisCompressionRowSchema>

export const RedisCompressionSizeRowSchema = z.object({
  bytes: z.number().int(),
  codec: RedisCodecSchema,
  ratio: z.number(),
  encodeUs: z.number(),
  decodeUs: z.number(),
})

export const RedisCompressionSchema = z.object({
  source: z.enum(['json-text', 'file', 'generated-json']),
  sampleBytes: z.number().int(),
  rows: z.array(RedisCompressionRowSchema),
  /** the chosen codec on prefixes of the sample: where compression starts to pay */
  bySize: z.array(RedisCompressionSizeRowSchema),
  recommendation: z.object({
    compress: z.boolean(),
    codec: RedisCodecSchema.nullable(),
    /** compress values of at least this many bytes */
    minBytes: z.number().int().nullable(),
    summary: z.string(),
  }),
})
export type RedisCompression = z.infer<typeof RedisCompressionSchema>

export const RedisHitRatePointSchema = z.object({
  /** requests sent so far (end of the window) */
  requests: z.number().int(),
  t: z.number(),
  /** hit rate within the window */
  measured: z.number(),
  expected: z.number(),
})

export const RedisHitRateSchema = z.object({
  keys: z.number().int(),
  zipf: z.number(),
  ttlSec: z.number().nullable(),
  plannedRequests: z.number().int(),
  requests: z.number().int(),
  hits: z.number().int(),
  /** error replies to the SET on a miss (e.g. OOM under noeviction) */
  errors: z.number().int(),
  durationSec: z.number(),
  requestsPerSec: z.number(),
  /** hits / requests over the whole replay */
  measured: z.number(),
  /** the same, computed from the Zipf distribution */
  expected: z.number(),
  steadyState: z.object({
    fromRequest: z.number().int(),
    measured: z.number(),
    expected: z.number(),
  }),
  /** exact: no TTL (hits = requests − expected distinct keys); poisson-ttl: per-key Poisson approximation */
  model: z.enum(['exact', 'poisson-ttl']),
  series: z.array(RedisHitRatePointSchema),
  /** keys the server evicted during the replay (server-wide counter) */
  evictedDuring: z.number().int().nullable(),
})
export type RedisHitRate = z.infer<typeof RedisHitRateSchema>

export const RedisTtlCheckSchema = z.object({
  probeTtlMs: z.number().int(),
  /** PTTL right after SET … PX was positive and at most the TTL asked for */
  ttlSet: z.boolean(),
  observedPttlMs: z.number().int().nullable(),
  /** the probe key was gone after its TTL */
  expired: z.boolean(),
  waitedMs: z.number().int(),
  /** the hit-rate simulation's TTL as read back from one of its keys */
  configuredTtlSec: z.number().nullable(),
  configuredPttlMs: z.number().int().nullable(),
  configuredOk: z.boolean().nullable(),
  maxmemoryBytes: z.number().nullable(),
  maxmemoryPolicy: z.string().nullable(),
  usedMemoryBytes: z.number().nullable(),
  warnings: z.array(z.string()),
})
export type RedisTtlCheck = z.infer<typeof RedisTtlCheckSchema>

export const RedisSlowlogEntrySchema = z.object({
  id: z.number().int(),
  timestamp: z.number().int(),
  durationUs: z.number().int(),
  command: z.string(),
  /** the command touched this run's keys */
  ours: z.boolean(),
})

export const RedisLatencyEventSchema = z.object({
  event: z.string(),
  timestamp: z.number().int(),
  latestMs: z.number(),
  maxMs: z.number(),
})

export const RedisHealthSchema = z.object({
  version: z.string().nullable(),
  mode: z.string().nullable(),
  role: z.string().nullable(),
  uptimeSec: z.number().nullable(),
  connectedClients: z.number().nullable(),
  maxclients: z.number().nullable(),
  usedMemoryBytes: z.number().nullable(),
  usedMemoryRssBytes: z.number().nullable(),
  maxmemoryBytes: z.number().nullable(),
  maxmemoryPolicy: z.string().nullable(),
  fragmentationRatio: z.number().nullable(),
  /** instantaneous_ops_per_sec as the server saw it at the end */
  opsPerSec: z.number().nullable(),
  keyspaceHits: z.number().nullable(),
  keyspaceMisses: z.number().nullable(),
  /** hits / (hits + misses) over the server's lifetime */
  hitRatio: z.number().nullable(),
  evictedKeys: z.number().nullable(),
  expiredKeys: z.number().nullable(),
  rejectedConnections: z.number().nullable(),
  /** counters that moved while the suite ran (server-wide, other clients included) */
  during: z.object({
    commands: z.number().nullable(),
    hits: z.number().nullable(),
    misses: z.number().nullable(),
    evicted: z.number().nullable(),
    expired: z.number().nullable(),
  }),
  slowlog: z.array(RedisSlowlogEntrySchema).nullable(),
  slowlogThresholdUs: z.number().nullable(),
  /** null when LATENCY LATEST is unavailable; empty when the monitor is off or saw nothing */
  latency: z.array(RedisLatencyEventSchema).nullable(),
  latencyMonitorThresholdMs: z.number().nullable(),
})
export type RedisHealth = z.infer<typeof RedisHealthSchema>

export const RedisMetricsSchema = z.object({
  commands: z.number().int(),
  errors: z.number().int(),
  /** failed commands over all commands, 0–1 (redisErrorRate); absent in older results */
  errorRate: z.number().min(0).max(1).optional(),
  /** all matrix commands over all matrix time */
  opsPerSec: z.number(),
  peakOpsPerSec: z.number(),
  /** p99 of the slowest matrix cell */
  p99Ms: z.number(),
  minOpsPerSec: z.number(),
  /** every matrix command, merged */
  latencyMs: LatencySummarySchema,
  matrix: z.array(RedisMatrixCellSchema),
  bends: z.array(RedisLatencyBendSchema),
  compression: RedisCompressionSchema.nullable(),
  hitRate: RedisHitRateSchema.nullable(),
  ttl: RedisTtlCheckSchema.nullable(),
  health: RedisHealthSchema.nullable(),
})
export type RedisMetrics = z.infer<typeof RedisMetricsSchema>

/**
 * The one Redis error rate: error replies over commands. A command that failed may or may not
 * be counted among `commands`, so the larger of the two is the denominator (never over 100 %).
 */
export function redisErrorRate(m: Pick<RedisMetrics, 'commands' | 'errors' | 'errorRate'>): number {
  if (m.errorRate !== undefined) return m.errorRate
  return m.commands + m.errors > 0 ? m.errors / Math.max(m.commands, m.errors) : 0
}

/** A live sample: one per second or per matrix step. */
export const RedisSampleSchema = z.object({
  t: z.number(),
  step: z.number(),
  opsPerSec: z.number(),
  p50: z.number(),
  p99: z.number(),
  errors: z.number(),
  hitRate: z.number().optional(),
})
export type RedisSample = z.infer<typeof RedisSampleSchema>

export const RedisDetailsSchema = z.object({
  /** every key the suite wrote started with this */
  keyPrefix: z.string(),
  cleanup: z.object({
    done: z.boolean(),
    removed: z.number().int(),
    error: z.string().optional(),
  }),
  server: z.object({ version: z.string().nullable(), mode: z.string().nullable() }),
})
export type RedisDetails = z.infer<typeof RedisDetailsSchema>

export const RedisSuiteResultSchema = z.object({
  ...suiteResultBase,
  kind: z.literal('redis'),
  config: RedisConfigSchema,
  metrics: RedisMetricsSchema.nullable(),
  series: z.array(RedisSampleSchema),
  /** HDR histogram of every matrix command's latency in µs, compressed base64 */
  histogram: z.string().nullable(),
  details: RedisDetailsSchema.optional(),
})
export type RedisSuiteResult = z.infer<typeof RedisSuiteResultSchema>

/** The per-second (or per matrix step) charts of a redis result. */
export const redisCharts: ChartDescription[] = [
  throughputChart('ops', 'ops/s', { key: 'opsPerSec', label: 'ops/s' }),
  {
    id: 'latency',
    title: 'Latency p50 / p99 per command',
    unit: 'ms',
    series: percentileSeries('p50', 'p99'),
  },
  errorsChart('Error replies'),
  {
    id: 'hit',
    title: 'Cache hit rate (replay)',
    unit: 'fraction',
    optional: true,
    series: [{ key: 'hitRate', label: 'hit rate', hue: 'teal' }],
  },
]

/** The redis suite in the shared registry (src/shared/suites/index.ts). */
export const redisShared = {
  kind: 'redis',
  targetKind: 'redis',
  config: RedisConfigSchema,
  result: RedisSuiteResultSchema,
  charts: redisCharts,
} as const
