import type { RunResult, SuiteResult } from '@shared/index'
import { holm, mannWhitneyU, welchTTest, type TestResult } from './stats'

/**
 * Compares two runs suite by suite. Each metric is shown side by side with its delta; the ones
 * with per-second samples get a significance test (see docs/reporting.md):
 *  - latency percentiles: Mann–Whitney U on the per-second percentile samples when both runs
 *    have ≥ 5 of them, else Welch's t-test on their logarithms (≥ 2 each);
 *  - throughput and error rate: Welch's t-test on the per-second samples.
 * p-values are Holm-corrected across the tested metrics of a suite. A metric regresses when the
 * difference is significant AND worse than the tolerance.
 */

export interface CompareOptions {
  /** percent a metric may get worse before it counts as a regression (default 10) */
  maxRegressionPct?: number
  /** family-wise significance level per suite (default 0.05) */
  alpha?: number
}

export type Better = 'lower' | 'higher' | 'none'
export type Verdict =
  'regression' | 'within-tolerance' | 'improvement' | 'within-noise' | 'untested'

/** A metric as both runs measured it: what an input and its comparison both carry. */
interface MetricSides {
  key: string
  label: string
  unit: string
  better: Better
  a: number | null
  b: number | null
}

export interface MetricComparison extends MetricSides {
  /** b − a */
  delta: number | null
  /** (b − a) / a × 100; null when a is 0 or missing */
  deltaPct: number | null
  test: TestResult | null
  samples: { a: number; b: number }
  /** Holm-adjusted p-value */
  pAdjusted: number | null
  /** null when not tested */
  significant: boolean | null
  verdict: Verdict
}

export interface SuiteComparison {
  index: number
  kind: SuiteResult['kind']
  target: string
  nameA: string
  nameB: string
  metrics: MetricComparison[]
  regressions: string[]
}

export interface RunComparison {
  a: { id: string; planName: string; startedAt: string }
  b: { id: string; planName: string; startedAt: string }
  maxRegressionPct: number
  alpha: number
  suites: SuiteComparison[]
  /** suites that are in one run only, as "index kind target" */
  onlyInA: string[]
  onlyInB: string[]
  /** any metric of any suite regressed */
  regression: boolean
}

/** Error rates that change by less than this (absolute, 0.1 percentage point) never regress. */
const ERROR_RATE_FLOOR = 0.001
const MW_MIN_SAMPLES = 5

/** One metric of a suite as both runs measured it; each suite's report parts list them. */
export interface MetricInput extends MetricSides {
  /** 'exact': a count without noise (findings of a health check): any change is significant */
  kind: 'latency' | 'rate' | 'none' | 'exact'
  samplesA: number[]
  samplesB: number[]
}

/** What to compare of two results of the same suite kind (the suite's report parts). */
export type CompareInputsOf = (a: SuiteResult, b: SuiteResult) => MetricInput[]

export function compareRunsWith(
  inputsOf: CompareInputsOf,
  a: RunResult,
  b: RunResult,
  opts: CompareOptions = {},
): RunComparison {
  const tol = opts.maxRegressionPct ?? 10
  const alpha = opts.alpha ?? 0.05
  const suites: SuiteComparison[] = []
  const onlyInA: string[] = []
  const matchedB = new Set<number>()
  const label = (s: SuiteResult): string => `${s.index + 1} ${s.kind} ${s.target}`
  for (const sa of a.suites) {
    const sb = b.suites.find(
      (x) => x.index === sa.index && x.kind === sa.kind && x.target === sa.target,
    )
    if (!sb) {
      onlyInA.push(label(sa))
      continue
    }
    matchedB.add(sb.index)
    suites.push(compareSuites(sa, sb, inputsOf(sa, sb), tol, alpha))
  }
  const onlyInB = b.suites.filter((s) => !matchedB.has(s.index)).map(label)
  return {
    a: { id: a.id, planName: a.plan.name, startedAt: a.startedAt },
    b: { id: b.id, planName: b.plan.name, startedAt: b.startedAt },
    maxRegressionPct: tol,
    alpha,
    suites,
    onlyInA,
    onlyInB,
    regression: suites.some((s) => s.regressions.length > 0),
  }
}

function compareSuites(
  sa: SuiteResult,
  sb: SuiteResult,
  inputs: MetricInput[],
  tol: number,
  alpha: number,
): SuiteComparison {
  const tests = inputs.map((m) => runTest(m))
  const tested = tests.map((t, i) => ({ t, i })).filter((x) => x.t !== null)
  const adjusted = holm(tested.map((x) => x.t!.p))
  const padj = new Map<number, number>(tested.map((x, k) => [x.i, adjusted[k]!]))
  const metrics = inputs.map((m, i): MetricComparison => {
    const delta = m.a !== null && m.b !== null ? m.b - m.a : null
    const deltaPct =
      delta !== null && m.a !== null && m.a !== 0 ? (delta / Math.abs(m.a)) * 100 : null
    const test = tests[i] ?? null
    const p = padj.get(i) ?? null
    const significant =
      m.kind === 'exact'
        ? delta === null || m.better === 'none'
          ? null
          : delta !== 0
        : test === null || p === null
          ? null
          : p < alpha
    return {
      key: m.key,
      label: m.label,
      unit: m.unit,
      better: m.better,
      a: m.a,
      b: m.b,
      delta,
      deltaPct,
      test,
      samples: { a: m.samplesA.length, b: m.samplesB.length },
      pAdjusted: p,
      significant,
      verdict: verdictOf(m, delta, deltaPct, significant, tol),
    }
  })
  return {
    index: sa.index,
    kind: sa.kind,
    target: sa.target,
    nameA: sa.name,
    nameB: sb.name,
    metrics,
    regressions: metrics.filter((m) => m.verdict === 'regression').map((m) => m.key),
  }
}

function runTest(m: MetricInput): TestResult | null {
  if (m.kind === 'none' || m.kind === 'exact' || m.better === 'none') return null
  if (m.kind === 'latency') {
    if (m.samplesA.length >= MW_MIN_SAMPLES && m.samplesB.length >= MW_MIN_SAMPLES)
      return mannWhitneyU(m.samplesA, m.samplesB)
    return welchTTest(m.samplesA, m.samplesB, true)
  }
  return welchTTest(m.samplesA, m.samplesB)
}

function verdictOf(
  m: MetricInput,
  delta: number | null,
  deltaPct: number | null,
  significant: boolean | null,
  tol: number,
): Verdict {
  if (significant === null || delta === null) return 'untested'
  if (!significant) return 'within-noise'
  const worse = m.better === 'lower' ? delta > 0 : delta < 0
  if (!worse) return delta === 0 ? 'within-noise' : 'improvement'
  if (m.key === 'errorRate' && Math.abs(delta) < ERROR_RATE_FLOOR) return 'within-tolerance'
  const worsePct = deltaPct === null ? Infinity : Math.abs(deltaPct)
  return worsePct > tol ? 'regression' : 'within-tolerance'
}

// ---- helpers for the suites' compare inputs -----------------------------------------------

export function finite(xs: readonly (number | null | undefined)[]): number[] {
  return xs.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
}

/** A metric shown side by side without a test (no per-second samples of it). */
export function plainInput(
  key: string,
  label: string,
  unit: string,
  better: Better,
  a: number | null,
  b: number | null,
): MetricInput {
  return { key, label, unit, better, a, b, kind: 'none', samplesA: [], samplesB: [] }
}

/** A count without noise (e.g. findings of a health check): any change is significant. */
export function exactInput(
  key: string,
  label: string,
  better: Better,
  a: number | null,
  b: number | null,
): MetricInput {
  return { key, label, unit: '', better, a, b, kind: 'exact', samplesA: [], samplesB: [] }
}

/** Errors over operations for each second that had any (a series counts both per second). */
export function perSecondErrorRate<S extends { errors: number }>(
  series: readonly S[],
  ops: (s: S) => number,
): number[] {
  return series
    .filter((x) => ops(x) + x.errors > 0)
    .map((x) => x.errors / Math.max(ops(x), x.errors))
}

type Percentile = 'p50' | 'p95' | 'p99'

/** A metric tested on per-second samples picked from each run's series. */
export function sampledInput<S>(
  head: Pick<MetricInput, 'key' | 'label' | 'unit' | 'better'>,
  kind: 'latency' | 'rate',
  values: { a: number | null; b: number | null },
  series: { a: readonly S[]; b: readonly S[] },
  pick: (s: S) => number | null | undefined,
): MetricInput {
  const samplesA = finite(series.a.map(pick))
  return { ...head, ...values, kind, samplesA, samplesB: finite(series.b.map(pick)) }
}

/** A latency percentile of both runs, tested on their per-second percentiles. */
export function latencyInput<K extends Percentile, S extends Record<K, number | null | undefined>>(
  k: K,
  latency: { a: Record<Percentile, number> | null | undefined; b: typeof latency.a },
  series: { a: readonly S[]; b: readonly S[] },
): MetricInput {
  const head = { key: `${k}Ms`, label: `${k} latency`, unit: 'ms', better: 'lower' } as const
  const values = { a: latency.a?.[k] ?? null, b: latency.b?.[k] ?? null }
  return sampledInput(head, 'latency', values, series, (x) => x[k])
}

/** The error rate of both runs, tested on the per-second error rates of their series. */
export function errorRateInput<S extends { errors: number }>(
  values: { a: number | null; b: number | null },
  series: { a: readonly S[]; b: readonly S[] },
  ops: (s: S) => number,
): MetricInput {
  return {
    key: 'errorRate',
    label: 'error rate',
    unit: 'fraction',
    better: 'lower',
    ...values,
    kind: 'rate',
    samplesA: perSecondErrorRate(series.a, ops),
    samplesB: perSecondErrorRate(series.b, ops),
  }
}
