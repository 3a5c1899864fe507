import { z } from 'zod'
import { HeadersSchema, IdSchema, optionalFraction } from '../common'
import {
  GeneratorStatsSchema,
  LatencySummarySchema,
  ThresholdCheckSchema,
  suiteResultBase,
} from '../result-common'
import { errorsChart, percentileSeries, throughputChart, type ChartDescription } from '../charts'

export const HttpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])

/** A JSON value a check compares with. */
const JsonScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()])

/**
 * One check on a response. Exactly one of `status`, `bodyContains`, `jsonPath` or `maxMs`.
 * A failed check is not an HTTP error: it is counted apart, in `checks.failed`.
 */
export const HttpCheckSchema = z
  .object({
    /** the status must be one of these, e.g. [200, 201] */
    status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
    /** the body must contain this text */
    bodyContains: z.string().min(1).optional(),
    /** a JSONPath into the body, e.g. "$.items[0].id"; with `equals` or `exists` */
    jsonPath: z.string().startsWith('$', 'a JSONPath starts with "$", e.g. $.id').optional(),
    equals: JsonScalarSchema.optional(),
    exists: z.boolean().optional(),
    /** the response must come within this many milliseconds */
    maxMs: z.number().positive().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const kinds = [c.status, c.bodyContains, c.jsonPath, c.maxMs].filter((v) => v !== undefined)
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'a check has exactly one of status, bodyContains, jsonPath or maxMs',
      })
    }
    if (c.jsonPath !== undefined && (c.equals === undefined) === (c.exists === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['jsonPath'],
        message: 'a jsonPath check needs either "equals" or "exists"',
      })
    }
    if (c.jsonPath === undefined && (c.equals !== undefined || c.exists !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['equals'],
        message: '"equals" and "exists" go with "jsonPath"',
      })
    }
  })
export type HttpCheck = z.infer<typeof HttpCheckSchema>

/** Takes a value from a response into a variable, for the next steps of a flow. */
export const HttpExtractSchema = z
  .object({
    /** a JSONPath into the body, e.g. "$.token" */
    json: z.string().startsWith('$', 'a JSONPath starts with "$", e.g. $.token').optional(),
    /** a response header, e.g. "x-session" */
    header: z.string().min(1).optional(),
    /** a regular expression on the body; its first group (or the whole match) */
    regex: z.string().min(1).optional(),
  })
  .strict()
  .refine((e) => [e.json, e.header, e.regex].filter((v) => v !== undefined).length === 1, {
    message: 'an extract has exactly one of json, header or regex',
  })
export type HttpExtract = z.infer<typeof HttpExtractSchema>

/**
 * The latency and error limits a whole suite and a single request can both set. A function, so
 * each schema gets its own instances and the generated JSON Schema stays inline (no $refs).
 */
const latencyLimits = () => ({
  p50Ms: z.number().positive().optional(),
  p95Ms: z.number().positive().optional(),
  p99Ms: z.number().positive().optional(),
  maxMs: z.number().positive().optional(),
  errorRate: optionalFraction('errorRate'),
})

/** Per-request limits, evaluated on that request's own results. */
export const HttpRequestThresholdsSchema = z
  .object({
    ...latencyLimits(),
    checkFailureRate: optionalFraction('checkFailureRate'),
  })
  .strict()

/**
 * One request of the suite. `path`, `headers` and `body` may hold `{{variables}}`: a column of
 * `data`, a value a flow step extracted, or a built-in ({{randomInt 1 100}}, {{uuid}}, {{seq}},
 * {{now}}).
 */
export const HttpRequestSpecSchema = z
  .object({
    /** shown in per-request results; default: method and path, e.g. "GET /orders/{{id}}" */
    name: z.string().min(1).max(120).optional(),
    method: HttpMethodSchema.default('GET'),
    path: z.string().startsWith('/', 'a path starts with "/", e.g. /items?page=1'),
    body: z.string().optional(),
    headers: HeadersSchema.optional(),
    /** share of the mix, default 1: requests are picked in proportion to their weights (scenario "mix") */
    weight: z.number().positive('weight must be more than 0').max(1_000_000).optional(),
    checks: z.array(HttpCheckSchema).optional(),
    /** scenario "flow": variables taken from this response for the following steps */
    extract: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), HttpExtractSchema).optional(),
    /** scenario "flow": pause after this step, in milliseconds */
    thinkMs: z.number().min(0).max(600_000).optional(),
    thresholds: HttpRequestThresholdsSchema.optional(),
  })
  .strict()
export type HttpRequestSpec = z.infer<typeof HttpRequestSpecSchema>

export const HttpThresholdsSchema = z
  .object({
    ...latencyLimits(),
    minRps: z.number().positive().optional(),
    minApdex: z.number().min(0).max(1).optional(),
    /** failed checks / all checks evaluated */
    checkFailureRate: optionalFraction('checkFailureRate'),
  })
  .strict()
export type HttpThresholds = z.infer<typeof HttpThresholdsSchema>

export const RateStageSchema = z
  .object({
    durationSec: z.number().positive().max(86400),
    rate: z.number().min(0).max(1_000_000),
  })
  .strict()

/** Test data: one row per request (mix) or per walk of the flow, columns by name. */
export const HttpDataSchema = z
  .object({
    /** a CSV file with a header row, or JSON lines (.jsonl / .ndjson); relative to the plan file */
    file: z.string().min(1, 'data.file names a CSV or JSON-lines file'),
    order: z.enum(['sequential', 'random']).default('sequential'),
  })
  .strict()
export type HttpData = z.infer<typeof HttpDataSchema>

export const HttpLoadConfigSchema = z
  .object({
    kind: z.literal('http-load'),
    name: z.string().optional(),
    target: IdSchema,
    requests: z
      .array(HttpRequestSpecSchema)
      .min(1, 'add at least one request, e.g. {"method":"GET","path":"/"}'),
    /**
     * "mix": each request picks one of `requests` by weight; "flow": each virtual user walks
     * `requests` in order (log in, extract a token, use it), pausing `thinkMs` after a step —
     * a connection of the closed model, or one walk per arrival of the open model
     */
    scenario: z.enum(['mix', 'flow']).default('mix'),
    data: HttpDataSchema.optional(),
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
    /** open model: requests (a flow: walks started) per second on an even schedule */
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
  /** checks evaluated, when any request has checks */
  checks: z.object({ passed: z.number().int(), failed: z.number().int() }).optional(),
  checkFailureRate: z.number().optional(),
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

/** One request's (or flow step's) own results within the suite. */
export const HttpRequestResultSchema = z.object({
  name: z.string(),
  method: HttpMethodSchema,
  /** the path template as the plan wrote it */
  path: z.string(),
  count: z.number().int(),
  rps: z.number(),
  latencyMs: LatencySummarySchema,
  statusCodes: StatusClassCountsSchema,
  errors: z.number().int(),
  checksPassed: z.number().int(),
  checksFailed: z.number().int(),
  /** HDR histogram in microseconds (base64), kept so shards merge exactly */
  histogram: z.string().nullable().optional(),
  thresholds: z.array(ThresholdCheckSchema).optional(),
})
export type HttpRequestResult = z.infer<typeof HttpRequestResultSchema>

/** The default name of a request: method and path template. */
export function requestName(r: { name?: string; method?: string; path: string }): string {
  return r.name ?? `${r.method ?? 'GET'} ${r.path}`
}

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
  /** per request (scenario "mix") or per step (scenario "flow"), in plan order */
  requests: z.array(HttpRequestResultSchema).optional(),
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
