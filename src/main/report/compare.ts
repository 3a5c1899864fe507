import type {
  HttpLoadSuiteResult,
  LatencySummary,
  PostgresSuiteResult,
  RedisSuiteResult,
  RunResult,
  SuiteResult,
} from '@shared/index'
import { pgHealthCompare } from '../suites/postgres-health/report'
import { redisHealthCompare } from '../suites/redis-health/report'
import { decodeHistogram, summarize } from '../suites/common/latency'
import { fmtNumber, fmtSigned, fmtWithUnit, kindLabel } from './format'
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

export interface MetricComparison {
  key: string
  label: string
  unit: string
  better: Better
  a: number | null
  b: number | null
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

interface MetricInput {
  key: string
  label: string
  unit: string
  better: Better
  a: number | null
  b: number | null
  kind: 'latency' | 'rate' | 'none'
  samplesA: number[]
  samplesB: number[]
}

export function compareRuns(a: RunResult, b: RunResult, opts: CompareOptions = {}): RunComparison {
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
    suites.push(compareSuites(sa, sb, tol, alpha))
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
  tol: number,
  alpha: number,
): SuiteComparison {
  const inputs =
    sa.kind === 'http-load' && sb.kind === 'http-load'
      ? httpInputs(sa, sb)
      : sa.kind === 'postgres' && sb.kind === 'postgres'
        ? postgresInputs(sa, sb)
        : sa.kind === 'redis' && sb.kind === 'redis'
          ? redisInputs(sa, sb)
          : sa.kind === 'postgres-health' && sb.kind === 'postgres-health'
            ? pgHealthCompare(sa, sb).map((m) =>
                plainInput(m.key, m.label, m.unit, m.better, m.a, m.b),
              )
            : sa.kind === 'redis-health' && sb.kind === 'redis-health'
              ? redisHealthCompare(sa, sb).map((m) =>
                  plainInput(m.key, m.label, m.unit, m.better, m.a, m.b),
                )
              : []
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
    const significant = test === null || p === null ? null : p < alpha
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
  if (m.kind === 'none' || m.better === 'none') return null
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

// ---- what is compared, per kind ------------------------------------------------------------

function finite(xs: readonly (number | null | undefined)[]): number[] {
  return xs.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
}

function latencyOf(s: HttpLoadSuiteResult): LatencySummary | null {
  if (s.metrics) return s.metrics.latencyMs
  if (s.histogram) return summarize(decodeHistogram(s.histogram))
  return null
}

function perSecondErrorRate(s: HttpLoadSuiteResult): number[] {
  return s.series
    .filter((x) => x.rps + x.errors > 0)
    .map((x) => x.errors / Math.max(x.rps, x.errors))
}

function plainInput(
  key: string,
  label: string,
  unit: string,
  better: Better,
  a: number | null,
  b: number | null,
): MetricInput {
  return { key, label, unit, better, a, b, kind: 'none', samplesA: [], samplesB: [] }
}

function httpInputs(a: HttpLoadSuiteResult, b: HttpLoadSuiteResult): MetricInput[] {
  const la = latencyOf(a)
  const lb = latencyOf(b)
  const lat = (
    k: keyof LatencySummary,
    label: string,
    seriesKey?: 'p50' | 'p95' | 'p99',
  ): MetricInput => ({
    key: `${k}Ms`,
    label,
    unit: 'ms',
    better: 'lower',
    a: la?.[k] ?? null,
    b: lb?.[k] ?? null,
    kind: seriesKey ? 'latency' : 'none',
    samplesA: seriesKey ? finite(a.series.map((x) => x[seriesKey])) : [],
    samplesB: seriesKey ? finite(b.series.map((x) => x[seriesKey])) : [],
  })
  return [
    {
      key: 'rps',
      label: 'throughput',
      unit: 'req/s',
      better: 'higher',
      a: a.metrics?.rps ?? null,
      b: b.metrics?.rps ?? null,
      kind: 'rate',
      samplesA: finite(a.series.map((x) => x.rps)),
      samplesB: finite(b.series.map((x) => x.rps)),
    },
    lat('p50', 'p50 latency', 'p50'),
    lat('p95', 'p95 latency', 'p95'),
    lat('p99', 'p99 latency', 'p99'),
    lat('mean', 'mean latency'),
    lat('max', 'max latency'),
    {
      key: 'errorRate',
      label: 'error rate',
      unit: 'fraction',
      better: 'lower',
      a: a.metrics?.errorRate ?? null,
      b: b.metrics?.errorRate ?? null,
      kind: 'rate',
      samplesA: perSecondErrorRate(a),
      samplesB: perSecondErrorRate(b),
    },
    plainInput('apdex', 'Apdex', '', 'higher', a.metrics?.apdex ?? null, b.metrics?.apdex ?? null),
    plainInput(
      'requests',
      'requests',
      '',
      'none',
      a.metrics?.requests ?? null,
      b.metrics?.requests ?? null,
    ),
  ]
}

function postgresInputs(a: PostgresSuiteResult, b: PostgresSuiteResult): MetricInput[] {
  const ma = a.metrics
  const mb = b.metrics
  const perSecErr = (s: PostgresSuiteResult): number[] =>
    s.series.filter((x) => x.tps + x.errors > 0).map((x) => x.errors / Math.max(x.tps, x.errors))
  const lat = (k: 'p50' | 'p95' | 'p99'): MetricInput => ({
    key: `${k}Ms`,
    label: `${k} latency`,
    unit: 'ms',
    better: 'lower',
    a: ma?.latencyMs[k] ?? null,
    b: mb?.latencyMs[k] ?? null,
    kind: 'latency',
    samplesA: finite(a.series.map((x) => x[k])),
    samplesB: finite(b.series.map((x) => x[k])),
  })
  return [
    {
      key: 'tps',
      label: 'throughput (tx/s)',
      unit: '',
      better: 'higher',
      a: ma?.tps ?? null,
      b: mb?.tps ?? null,
      kind: 'rate',
      samplesA: finite(a.series.map((x) => x.tps)),
      samplesB: finite(b.series.map((x) => x.tps)),
    },
    lat('p50'),
    lat('p95'),
    lat('p99'),
    {
      key: 'errorRate',
      label: 'error rate',
      unit: 'fraction',
      better: 'lower',
      a: ma?.errorRate ?? null,
      b: mb?.errorRate ?? null,
      kind: 'rate',
      samplesA: perSecErr(a),
      samplesB: perSecErr(b),
    },
    plainInput(
      'waitShare',
      'time waiting for a connection',
      'fraction',
      'lower',
      ma?.waitShare ?? null,
      mb?.waitShare ?? null,
    ),
    plainInput('poolSize', 'pool size', '', 'none', ma?.poolSize ?? null, mb?.poolSize ?? null),
  ]
}

function redisInputs(a: RedisSuiteResult, b: RedisSuiteResult): MetricInput[] {
  const ma = a.metrics
  const mb = b.metrics
  const err = (m: RedisSuiteResult['metrics']): number | null =>
    m ? (m.commands + m.errors > 0 ? m.errors / Math.max(m.commands, m.errors) : 0) : null
  const perSecErr = (s: RedisSuiteResult): number[] =>
    s.series
      .filter((x) => x.opsPerSec + x.errors > 0)
      .map((x) => x.errors / Math.max(x.opsPerSec, x.errors))
  const lat = (k: 'p50' | 'p99'): MetricInput => ({
    key: `${k}Ms`,
    label: `${k} latency`,
    unit: 'ms',
    better: 'lower',
    a: ma?.latencyMs[k] ?? null,
    b: mb?.latencyMs[k] ?? null,
    kind: 'latency',
    samplesA: finite(a.series.map((x) => x[k])),
    samplesB: finite(b.series.map((x) => x[k])),
  })
  return [
    {
      key: 'opsPerSec',
      label: 'throughput (ops/s)',
      unit: '',
      better: 'higher',
      a: ma?.opsPerSec ?? null,
      b: mb?.opsPerSec ?? null,
      kind: 'rate',
      samplesA: finite(a.series.map((x) => x.opsPerSec)),
      samplesB: finite(b.series.map((x) => x.opsPerSec)),
    },
    lat('p50'),
    lat('p99'),
    plainInput(
      'p95Ms',
      'p95 latency',
      'ms',
      'lower',
      ma?.latencyMs.p95 ?? null,
      mb?.latencyMs.p95 ?? null,
    ),
    plainInput(
      'slowestP99Ms',
      'p99 of the slowest step',
      'ms',
      'lower',
      ma?.p99Ms ?? null,
      mb?.p99Ms ?? null,
    ),
    plainInput(
      'minOpsPerSec',
      'ops/s of the slowest step',
      '',
      'higher',
      ma?.minOpsPerSec ?? null,
      mb?.minOpsPerSec ?? null,
    ),
    {
      key: 'errorRate',
      label: 'error rate',
      unit: 'fraction',
      better: 'lower',
      a: err(ma),
      b: err(mb),
      kind: 'rate',
      samplesA: perSecErr(a),
      samplesB: perSecErr(b),
    },
    plainInput(
      'hitRate',
      'cache hit rate',
      'fraction',
      'higher',
      ma?.hitRate?.measured ?? null,
      mb?.hitRate?.measured ?? null,
    ),
  ]
}

// ---- text table for the CLI ------------------------------------------------------------------

const verdictText: Record<Verdict, string> = {
  regression: 'REGRESSION',
  'within-tolerance': 'worse, within tolerance',
  improvement: 'improvement',
  'within-noise': 'within noise',
  untested: '—',
}

const testName: Record<TestResult['test'], string> = {
  'welch-t': 'Welch t',
  'welch-t-log': 'Welch t (log)',
  'mann-whitney-u': 'Mann–Whitney U',
}

function fmtP(p: number | null): string {
  if (p === null) return '—'
  return p < 0.0001 ? '<0.0001' : p.toFixed(4)
}

export function renderComparisonText(c: RunComparison): string {
  const out: string[] = []
  out.push(`A: ${c.a.id} (${c.a.planName}, ${c.a.startedAt})`)
  out.push(`B: ${c.b.id} (${c.b.planName}, ${c.b.startedAt})`)
  out.push(
    `tolerance ${fmtNumber(c.maxRegressionPct, 1)} %, significance level ${c.alpha} (Holm-corrected per suite)`,
  )
  for (const s of c.suites) {
    out.push('')
    out.push(`Suite ${s.index + 1}: ${s.nameB} (${kindLabel[s.kind]}, target ${s.target})`)
    const rows: string[][] = [['metric', 'A', 'B', 'delta', 'delta %', 'test', 'p', 'verdict']]
    for (const m of s.metrics) {
      const unit = m.unit === 'fraction' ? '' : m.unit
      const dv =
        m.unit === 'fraction' && m.delta !== null
          ? fmtSigned(m.delta * 100, 2, 'pp')
          : fmtSigned(m.delta, 2, unit)
      rows.push([
        m.label,
        fmtWithUnit(m.a, m.unit),
        fmtWithUnit(m.b, m.unit),
        dv,
        m.deltaPct === null ? '—' : fmtSigned(m.deltaPct, 1, '%'),
        m.test ? `${testName[m.test.test]} (n=${m.samples.a}/${m.samples.b})` : '—',
        fmtP(m.pAdjusted),
        verdictText[m.verdict],
      ])
    }
    out.push(...table(rows))
  }
  for (const x of c.onlyInA) out.push(`only in A: suite ${x}`)
  for (const x of c.onlyInB) out.push(`only in B: suite ${x}`)
  if (c.suites.length === 0)
    out.push('', 'No suites in common (suites match by index, kind and target).')
  out.push('')
  const regs = c.suites.flatMap((s) => s.regressions.map((k) => `suite ${s.index + 1} ${k}`))
  out.push(
    regs.length
      ? `REGRESSION beyond ${c.maxRegressionPct} %: ${regs.join(', ')}`
      : `No significant regression beyond ${c.maxRegressionPct} %.`,
  )
  return out.join('\n') + '\n'
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)))
  return rows.map((r) =>
    r
      .map((cell, i) => {
        const pad = widths[i]! - [...cell].length
        return i === 0 || i === r.length - 1 ? cell + ' '.repeat(pad) : ' '.repeat(pad) + cell
      })
      .join('  ')
      .trimEnd(),
  )
}
