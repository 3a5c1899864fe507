import { z } from 'zod'
import { HeadersSchema, IdSchema } from '../common'
import { GeneratorStatsSchema, LatencySummarySchema, suiteResultBase } from '../result-common'
import { errorsChart, percentileSeries, throughputChart, type ChartDescription } from '../charts'

export const HttpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])

export const HttpRequestSpecSchema = z
  .object({
    method: HttpMethodSchema.default('GET'),
    path: z.string().startsWith('/', 'a path starts with "/", e.g. /items?page=1'),
    body: z.string().optional(),
    headers: HeadersSchema.optional(),
  })
  .strict()
export type HttpRequestSpec = z.infer<typeof HttpRequestSpecSchema>

export const HttpThresholdsSchema = z
  .object({
    p50Ms: z.number().positive().optional(),
    p95Ms: z.number().positive().optional(),
    p99Ms: z.number().positive().optional(),
    maxMs: z.number().positive().optional(),
    errorRate: z.number().min(0).max(1, 'errorRate is a fraction between 0 and 1').optional(),
    minRps: z.number().positive().optional(),
    minApdex: z.number().min(0).max(1).optional(),
  })
  .strict()
export type HttpThresholds = z.infer<typeof HttpThresholdsSchema>

export const RateStageSchema = z
  .object({
    durationSec: z.number().positive().max(86400),
    rate: z.number().min(0).max(1_000_000),
  })
  .strict()

export const HttpLoadConfigSchema = z
  .object({
    kind: z.literal('http-load'),
    name: z.string().optional(),
    target: IdSchema,
    requests: z
      .array(HttpRequestSpecSchema)
      .min(1, 'add at least one request, e.g. {"method":"GET","path":"/"}'),
    /** closed model: a fixed number of connections, each sending as soon as the last answer came */
    model: z.enum(['connections', 'arrival-rate']).default('connections'),
    connections: z.number().int().min(1, 'connections must be at least 1').max(10_000).default(10),
    durationSec: z.number().positive('durationSec must be more than 0').max(86_400).optional(),
    amount: z.number().int().positive('amount must be a positive number of requests').optional(),
    timeoutSec: z.number().positive().max(600).default(10),
    pipelining: z.number().int().min(1).max(256).default(1),
    /** closed model: PerfDesk's own HTTP/1.1 wire client, or autocannon (one thread) */
    engine: z.enum(['native', 'autocannon']).default('native'),
    /** generator threads: a number, or "auto" = one per core but one (at least 1); default 1 */
    threads: z
      .union([z.number().int().min(1, 'threads must be at least 1').max(64), z.literal('auto')])
      .optional(),
    apdexTMs: z.number().positive().default(500),
    /** open model: requests per second on an even schedule */
    rate: z.number().positive().max(1_000_000).optional(),
    stages: z.array(RateStageSchema).min(1).optional(),
    maxConnections: z.number().int().min(1).max(10_000).optional(),
    sweep: z
      .object({
        connections: z.array(z.number().int().min(1).max(10_000)).min(2).optional(),
        rates: z.array(z.number().positive().max(1_000_000)).min(2).optional(),
      })
      .strict()
      .refine((s) => (s.connections === undefined) !== (s.rates === undefined), {
        message: 'give either sweep.connections or sweep.rates',
      })
      .optional(),
    thresholds: HttpThresholdsSchema.default({}),
    /** set by `perfdesk run --shard i/N` (open model): this process sends requests i, i+N, … */
    shard: z
      .object({ index: z.number().int().min(0), count: z.number().int().min(1).max(10_000) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.durationSec !== undefined && c.amount !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: 'give either durationSec or amount, not both',
      })
    }
    const manyThreads = c.threads === 'auto' || (c.threads ?? 1) > 1
    if (c.engine === 'autocannon' && manyThreads) {
      ctx.addIssue({
        code: 'custom',
        path: ['threads'],
        message:
          'the autocannon engine runs in one thread: remove threads, or use "engine": "native"',
      })
    }
    if (
      c.model === 'arrival-rate' &&
      c.rate === undefined &&
      c.stages === undefined &&
      !c.sweep?.rates
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['rate'],
        message: 'the arrival-rate model needs "rate" (requests per second) or "stages"',
      })
    }
  })
export type HttpLoadConfig = z.infer<typeof HttpLoadConfigSchema>

export const StatusClassCountsSchema = z.object({
  '1xx': z.number().int(),
  '2xx': z.number().int(),
  '3xx': z.number().int(),
  '4xx': z.number().int(),
  '5xx': z.number().int(),
})

export const HttpLoadMetricsSchema = z.object({
  /** completed requests (any status) */
  requests: z.number().int(),
  rps: z.number(),
  throughputBytesPerSec: z.number(),
  latencyMs: LatencySummarySchema,
  statusCodes: StatusClassCountsSchema,
  errors: z.number().int(),
  timeouts: z.number().int(),
  errorRate: z.number(),
  apdex: z.number(),
  durationSec: z.number(),
  /** closed model: service time under a closed loop; open model: from each request's intended send time */
  latencyBasis: z.enum(['service-time', 'intended-time']),
  /** open model only */
  targetRps: z.number().optional(),
  late: z.number().int().optional(),
  dropped: z.number().int().optional(),
  serviceTimeMs: LatencySummarySchema.optional(),
})
export type HttpLoadMetrics = z.infer<typeof HttpLoadMetricsSchema>

export const HttpSampleSchema = z.object({
  t: z.number(),
  rps: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  errors: z.number(),
  late: z.number().optional(),
  dropped: z.number().optional(),
  step: z.number().optional(),
})
export type HttpSample = z.infer<typeof HttpSampleSchema>

export const HttpSweepStepSchema = z.object({
  connections: z.number().optional(),
  rate: z.number().optional(),
  rps: z.number(),
  latencyMs: LatencySummarySchema,
  errorRate: z.number(),
  meetsThresholds: z.boolean(),
  /** the generator's limits during this step */
  generator: GeneratorStatsSchema.optional(),
})

export const HttpLoadSuiteResultSchema = z.object({
  ...suiteResultBase,
  kind: z.literal('http-load'),
  config: HttpLoadConfigSchema,
  metrics: HttpLoadMetricsSchema.nullable(),
  series: z.array(HttpSampleSchema),
  /** HDR histogram of latency in microseconds, base64 of the compressed encoding */
  histogram: z.string().nullable(),
  sweep: z
    .object({
      steps: z.array(HttpSweepStepSchema),
      knee: z
        .object({
          load: z.number(),
          rps: z.number(),
          model: z.string(),
          fit: z.record(z.string(), z.number()),
        })
        .nullable(),
      maxSustainable: z.object({ load: z.number(), rps: z.number(), p95Ms: z.number() }).nullable(),
    })
    .optional(),
})
export type HttpLoadSuiteResult = z.infer<typeof HttpLoadSuiteResultSchema>

/** The per-second charts of an http-load result, for the app and the reports alike. */
export const httpLoadCharts: ChartDescription[] = [
  throughputChart('rps', 'req/s', { key: 'rps', label: 'req/s' }),
  {
    id: 'latency',
    title: 'Latency p50 / p95 / p99',
    unit: 'ms',
    series: percentileSeries('p50', 'p95', 'p99'),
  },
  errorsChart('Errors', [
    { key: 'late', label: 'late/s', hue: 'amber', optional: true },
    { key: 'dropped', label: 'dropped/s', hue: 'purple', optional: true },
  ]),
]

/** The http-load suite in the shared registry (src/shared/suites/index.ts). */
export const httpLoadShared = {
  kind: 'http-load',
  targetKind: 'http',
  config: HttpLoadConfigSchema,
  result: HttpLoadSuiteResultSchema,
  charts: httpLoadCharts,
} as const
