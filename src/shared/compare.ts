import { z } from 'zod'
import { BaselineInfoSchema } from './baseline'

/**
 * What `runs.compare` and `runs.baselineDeltas` answer: the comparison of two runs, suite by
 * suite, as src/main/report/compare.ts computes it (the handler's type is checked against these
 * at compile time, so the two cannot drift apart).
 */

export const CompareVerdictSchema = z.enum([
  'regression',
  'within-tolerance',
  'improvement',
  'within-noise',
  'untested',
])
export type CompareVerdict = z.infer<typeof CompareVerdictSchema>

export const SignificanceTestSchema = z.object({
  test: z.enum(['welch-t', 'welch-t-log', 'mann-whitney-u']),
  /** ±Infinity when neither side varies; JSON carries that as null */
  statistic: z.number().nullable(),
  /** two-sided p-value */
  p: z.number(),
  df: z.number().optional(),
})

export const MetricComparisonSchema = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  better: z.enum(['lower', 'higher', 'none']),
  a: z.number().nullable(),
  b: z.number().nullable(),
  /** b − a */
  delta: z.number().nullable(),
  /** (b − a) / |a| × 100; null when a is 0 or missing */
  deltaPct: z.number().nullable(),
  test: SignificanceTestSchema.nullable(),
  /** per-second samples each side had for the test */
  samples: z.object({ a: z.number(), b: z.number() }),
  /** Holm-adjusted p-value */
  pAdjusted: z.number().nullable(),
  /** null when not tested */
  significant: z.boolean().nullable(),
  verdict: CompareVerdictSchema,
})
export type MetricComparison = z.infer<typeof MetricComparisonSchema>

export const SuiteComparisonSchema = z.object({
  index: z.number().int(),
  kind: z.enum(['http-load', 'postgres', 'redis', 'http-cache', 'postgres-health', 'redis-health']),
  target: z.string(),
  nameA: z.string(),
  nameB: z.string(),
  metrics: z.array(MetricComparisonSchema),
  /** keys of the metrics that regressed */
  regressions: z.array(z.string()),
})
export type SuiteComparison = z.infer<typeof SuiteComparisonSchema>

const ComparedRunSchema = z.object({ id: z.string(), planName: z.string(), startedAt: z.string() })

export const RunComparisonSchema = z.object({
  a: ComparedRunSchema,
  b: ComparedRunSchema,
  maxRegressionPct: z.number(),
  alpha: z.number(),
  suites: z.array(SuiteComparisonSchema),
  /** suites in one run only, as "index kind target" */
  onlyInA: z.array(z.string()),
  onlyInB: z.array(z.string()),
  /** any metric of any suite regressed */
  regression: z.boolean(),
})
export type RunComparison = z.infer<typeof RunComparisonSchema>

export const CompareInputSchema = z
  .object({
    a: z.string().min(1, 'give the id of run A'),
    b: z.string().min(1, 'give the id of run B'),
    /** percent a metric may get worse before it counts as a regression (default 10) */
    maxRegressionPct: z
      .number()
      .min(0, 'maxRegressionPct is a percentage ≥ 0, e.g. 10')
      .max(1000)
      .optional(),
  })
  .strict()

export const BaselineDeltasSchema = z
  .object({
    baselineId: z.string(),
    /** which run, and whether the user chose it ("Use as baseline") or it is automatic */
    baseline: BaselineInfoSchema,
    comparison: RunComparisonSchema,
  })
  .nullable()
export type BaselineDeltas = z.infer<typeof BaselineDeltasSchema>
