import { z } from 'zod'
import { IdSchema } from '../common'
import { GeneratorStatsSchema, LatencySummarySchema, suiteResultBase } from '../result-common'
import { errorsChart, percentileSeries, throughputChart, type ChartDescription } from '../charts'

/** A parameter generator, evaluated once per execution. */
export const PgParamSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z
    .object({ randomInt: z.tuple([z.number().int(), z.number().int()]) })
    .strict()
    .refine((p) => p.randomInt[0] <= p.randomInt[1], {
      message: 'randomInt is [lo, hi] with lo ≤ hi, e.g. {"randomInt": [1, 1000]}',
    }),
  z
    .object({ pick: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).min(1) })
    .strict(),
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
export type PgQuery = z.infer<typeof PgQuerySchema>

export const PostgresThresholdsSchema = z
  .object({
    p95Ms: z.number().positive().optional(),
    p99Ms: z.number().positive().optional(),
    minTps: z.number().positive().optional(),
    errorRate: z.number().min(0).max(1).optional(),
  })
  .strict()
export type PostgresThresholds = z.infer<typeof PostgresThresholdsSchema>

export const PostgresConfigSchema = z
  .object({
    kind: z.literal('postgres'),
    name: z.string().optional(),
    target: IdSchema,
    queries: z.array(PgQuerySchema).min(1, 'add at least one query'),
    poolSizes: z.array(z.number().int().min(1).max(1000)).min(1).default([5, 10, 20, 50]),
    clients: z.number().int().min(1).max(10_000).default(16),
    /** per pool-size step */
    durationSec: z.number().positive().max(86_400).default(10),
    /** generator threads that share the clients and the pool: a number, or "auto" (cores − 1) */
    threads: z
      .union([
        z.number().int().min(1, 'threads must be at least 1').max(64, 'threads is at most 64'),
        z.literal('auto'),
      ])
      .default(1),
    explain: z.enum(['off', 'plan', 'analyze']).default('plan'),
    allowWrites: z.boolean().default(false),
    /** create each proposed index inside a rolled-back transaction and compare plan costs (needs allowWrites) */
    whatIf: z.boolean().default(false),
    thresholds: PostgresThresholdsSchema.default({}),
  })
  .strict()
export type PostgresConfig = z.infer<typeof PostgresConfigSchema>

/** One node of a query plan, flattened in pre-order (`parent` is the id of the parent node). */
export const PgPlanNodeSchema = z.object({
  id: z.number().int(),
  parent: z.number().int().nullable(),
  depth: z.number().int(),
  nodeType: z.string(),
  /** schema-qualified relation, e.g. public.orders */
  relation: z.string().optional(),
  alias: z.string().optional(),
  indexName: z.string().optional(),
  joinType: z.string().optional(),
  /** Filter, Index Cond, Hash Cond, Join Filter… as EXPLAIN prints them */
  conditions: z.array(z.object({ kind: z.string(), expr: z.string() })),
  startupCost: z.number(),
  totalCost: z.number(),
  /** this node's own share of the cost (total minus its children's) */
  selfCost: z.number(),
  planRows: z.number(),
  planWidth: z.number(),
  /** EXPLAIN ANALYZE only */
  actualRows: z.number().optional(),
  actualLoops: z.number().optional(),
  actualTotalMs: z.number().optional(),
  selfMs: z.number().optional(),
  rowsRemovedByFilter: z.number().optional(),
  sortMethod: z.string().optional(),
  sortSpaceType: z.string().optional(),
  sortSpaceKb: z.number().optional(),
  hashBatches: z.number().optional(),
  tempWrittenBlocks: z.number().optional(),
  sharedHitBlocks: z.number().optional(),
  sharedReadBlocks: z.number().optional(),
  /** share (0–1) of the plan's cost, or of its time under ANALYZE, spent in this node itself */
  share: z.number(),
  /** the node that costs the most, or any node taking ≥ 30 % */
  costly: z.boolean(),
  /** short notes the analysis attached, e.g. "seq scan of 200,000 rows keeps 40" */
  warnings: z.array(z.string()),
})
export type PgPlanNode = z.infer<typeof PgPlanNodeSchema>

export const PgQueryPlanSchema = z.object({
  query: z.string(),
  queryIndex: z.number().int(),
  mode: z.enum(['plan', 'analyze']),
  /** the parameter values the plan was made with */
  params: z.array(z.string().nullable()),
  totalCost: z.number().nullable(),
  planningMs: z.number().optional(),
  executionMs: z.number().optional(),
  nodes: z.array(PgPlanNodeSchema),
  error: z.string().optional(),
})
export type PgQueryPlan = z.infer<typeof PgQueryPlanSchema>

/**
 * The numbers of one pool size, shared by each step of the sweep and the headline. A function, so
 * each schema gets its own instances and the generated JSON Schema stays inline (no $refs).
 */
const poolSizeNumbers = () => ({
  transactions: z.number().int(),
  tps: z.number(),
  latencyMs: LatencySummarySchema,
  /** pool.connect() duration */
  waitMs: LatencySummarySchema,
  execMs: LatencySummarySchema,
  /** mean wait / mean latency */
  waitShare: z.number(),
  errors: z.number().int(),
  errorRate: z.number(),
})

/** One pool size of the sweep. Latency = waiting for a connection + executing. */
export const PostgresStepSchema = z.object({
  poolSize: z.number().int(),
  clients: z.number().int(),
  durationSec: z.number(),
  ...poolSizeNumbers(),
  meetsThresholds: z.boolean(),
  /** the step was cut short by cancel */
  partial: z.boolean(),
  histogram: z.string(),
  /** HDR histograms (µs) of the pool wait and the execution, kept so shards merge exactly */
  waitHistogram: z.string().optional(),
  execHistogram: z.string().optional(),
  /** the generator's own limits during this step (absent in results from before it was measured) */
  generator: GeneratorStatsSchema.optional(),
})
export type PostgresStep = z.infer<typeof PostgresStepSchema>

export const PgQueryStatsSchema = z.object({
  name: z.string(),
  index: z.number().int(),
  /** excluded from the mix because it failed before the run (e.g. a syntax error) */
  excluded: z.boolean(),
  error: z.string().optional(),
  executions: z.number().int(),
  errors: z.number().int(),
  execMs: LatencySummarySchema,
  /** share of all execution time across the sweep */
  shareOfExecTime: z.number(),
  /** HDR histogram (µs) of execMs, kept so shards merge exactly */
  histogram: z.string().optional(),
})
export type PgQueryStats = z.infer<typeof PgQueryStatsSchema>

export const PgHealthSchema = z.object({
  serverVersion: z.string(),
  database: z.string(),
  cacheHitRatio: z.number().nullable(),
  connections: z.object({ inUse: z.number().int(), max: z.number().int() }),
  settings: z.array(z.object({ name: z.string(), value: z.string(), pretty: z.string() })),
  seqScanTables: z.array(
    z.object({
      table: z.string(),
      seqScan: z.number(),
      seqTupRead: z.number(),
      idxScan: z.number().nullable(),
      liveTuples: z.number(),
    }),
  ),
  deadTupleTables: z.array(
    z.object({
      table: z.string(),
      liveTuples: z.number(),
      deadTuples: z.number(),
      deadRatio: z.number(),
      lastAutovacuum: z.string().nullable(),
    }),
  ),
  unusedIndexes: z.array(z.object({ index: z.string(), table: z.string(), sizeBytes: z.number() })),
  statements: z.object({
    installed: z.boolean(),
    available: z.boolean(),
    note: z.string(),
    top: z.array(
      z.object({
        query: z.string(),
        calls: z.number(),
        totalMs: z.number(),
        meanMs: z.number(),
        rows: z.number(),
      }),
    ),
  }),
  /** views the role could not read, and the like */
  problems: z.array(z.string()),
})
export type PgHealth = z.infer<typeof PgHealthSchema>

export const PgWhatIfSchema = z.object({
  query: z.string(),
  queryIndex: z.number().int(),
  indexSql: z.string(),
  costBefore: z.number().nullable(),
  costAfter: z.number().nullable(),
  planBefore: z.string(),
  planAfter: z.string(),
  usesIndex: z.boolean(),
  error: z.string().optional(),
})
export type PgWhatIf = z.infer<typeof PgWhatIfSchema>

/** Headline numbers: the recommended step (or the best one when none is recommended). */
export const PostgresMetricsSchema = z.object({
  poolSize: z.number().int(),
  recommendedPoolSize: z.number().int().nullable(),
  ...poolSizeNumbers(),
})
export type PostgresMetrics = z.infer<typeof PostgresMetricsSchema>

export const PostgresDetailsSchema = z.object({
  steps: z.array(PostgresStepSchema),
  recommendedPoolSize: z.number().int().nullable(),
  /** why that size (or why none) */
  reason: z.string(),
  plans: z.array(PgQueryPlanSchema),
  queries: z.array(PgQueryStatsSchema),
  health: PgHealthSchema.nullable(),
  whatIf: z.array(PgWhatIfSchema),
  readOnly: z.boolean(),
})
export type PostgresDetails = z.infer<typeof PostgresDetailsSchema>

/** A per-second sample: `step` is the index of the pool size in the sweep. Extra numeric fields are allowed (LiveSample). */
export const PostgresSampleSchema = z
  .object({
    t: z.number(),
    step: z.number(),
    poolSize: z.number(),
    tps: z.number(),
    p50: z.number(),
    p95: z.number(),
    p99: z.number(),
    waitMs: z.number(),
    errors: z.number(),
  })
  .catchall(z.number().nullable())
export type PostgresSample = z.infer<typeof PostgresSampleSchema>

export const PostgresSuiteResultSchema = z.object({
  ...suiteResultBase,
  kind: z.literal('postgres'),
  config: PostgresConfigSchema,
  metrics: PostgresMetricsSchema.nullable(),
  series: z.array(PostgresSampleSchema),
  /** HDR histogram (µs) of the headline step's latency */
  histogram: z.string().nullable(),
  details: PostgresDetailsSchema.optional(),
})
export type PostgresSuiteResult = z.infer<typeof PostgresSuiteResultSchema>

/** The per-second charts of a postgres result (the pool-size steps follow each other in time). */
export const postgresCharts: ChartDescription[] = [
  throughputChart('tps', 'tx/s', { key: 'tps', label: 'tx/s' }),
  {
    id: 'latency',
    title: 'Latency p50 / p95 / p99 and pool wait',
    unit: 'ms',
    series: [
      ...percentileSeries('p50', 'p95', 'p99'),
      { key: 'waitMs', label: 'pool wait', hue: 'purple' },
    ],
  },
  errorsChart(),
  {
    id: 'pool',
    title: 'Pool size',
    unit: 'connections',
    integer: true,
    optional: true,
    series: [{ key: 'poolSize', label: 'pool size', hue: 'grey' }],
  },
]

/** The postgres suite in the shared registry (src/shared/suites/index.ts). */
export const postgresShared = {
  kind: 'postgres',
  targetKind: 'postgres',
  config: PostgresConfigSchema,
  result: PostgresSuiteResultSchema,
  charts: postgresCharts,
} as const
