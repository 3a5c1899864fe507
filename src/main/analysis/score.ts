import type { Finding, RunResult, Score, SuiteResult, ThresholdCheck } from '@shared/index'
import { fmtNumber, fmtPercent, fmtWithUnit } from '@shared/format'

/**
 * The score: 0–100, always with the items that cost points. Every item is a whole number of
 * points and `value = 100 + sum(items.points)` holds exactly. The formula is written out in
 * docs/reporting.md; keep the two in step.
 */

/** An error rate at or above this costs the whole error-rate part. */
export const ERROR_RATE_FLOOR = 0.05

/** How a suite's 100 points split over its parts (a missing part hands its points on). */
export interface ScoreWeights {
  thresholds: number
  apdex: number
  errorRate: number
  /** a suite's own quality measurements (http-cache: cacheable, compressed, revalidating, CDN) */
  quality?: number
}

export interface ScoreWeighting {
  withThresholds: ScoreWeights
  noThresholds: ScoreWeights
}

/** Suites that answer requests people wait for (Apdex measures their satisfaction). */
export const REQUEST_WEIGHTS: ScoreWeighting = {
  withThresholds: { thresholds: 60, apdex: 40, errorRate: 0 },
  noThresholds: { thresholds: 0, apdex: 70, errorRate: 30 },
}
/** Data stores: thresholds and the error rate. */
export const DATA_WEIGHTS: ScoreWeighting = {
  withThresholds: { thresholds: 70, apdex: 0, errorRate: 30 },
  noThresholds: { thresholds: 0, apdex: 0, errorRate: 100 },
}

/** What a suite's report parts give the score: its weighting, error rate and Apdex. */
export interface ScoreInputs {
  weights: ScoreWeighting
  /** failed operations over all of them; null when not measured */
  errorRate: number | null
  /** Apdex and its T in ms, for suites that have one */
  apdex: { value: number; tMs: number } | null
  /** the items the quality part costs, given its points (suites with a `quality` weight) */
  quality?: ((points: number) => Score['items']) | undefined
}

type Item = Score['items'][number]

/** Splits `total` whole points over `weights` in proportion, the remainders to the largest fractions. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0)
  if (sum <= 0 || weights.length === 0) return weights.map(() => 0)
  const exact = weights.map((w) => (total * w) / sum)
  const out = exact.map(Math.floor)
  let left = total - out.reduce((s, v) => s + v, 0)
  const order = exact
    .map((e, i) => ({ i, frac: e - Math.floor(e) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    out[i] = (out[i] ?? 0) + 1
    left--
  }
  return out
}

/** How far a failed check missed its limit, as a fraction of the limit (1 when not measured). */
function relativeMiss(c: ThresholdCheck): number {
  if (c.pass) return 0
  if (c.value === null) return 1
  if (c.limit === 0) return 1
  const miss = c.op === '<=' ? c.value - c.limit : c.limit - c.value
  return Math.max(0, miss / Math.abs(c.limit))
}

function checkText(c: ThresholdCheck): string {
  return `${c.label} ${c.op === '<=' ? '≤' : '≥'} ${fmtWithUnit(c.limit, c.unit)}`
}

/** What a finding costs at full impact (1): a critical costs more than a warning; info nothing. */
export const FINDING_POINTS = { critical: 40, warning: 15, info: 0 } as const
/** The impact a finding is taken to have when its suite did not estimate one. */
export const DEFAULT_FINDING_IMPACT = 0.5

/**
 * The score items of a suite's findings: each costs `round(FINDING_POINTS[severity] × impact)`,
 * costliest first, and together no more than `budget` (the points the other items left), so the
 * score stays within 0–100.
 */
export function findingItems(findings: readonly Finding[], budget: number): Item[] {
  const priced = findings
    .map((f) => {
      const full = FINDING_POINTS[f.severity]
      const impact = f.impact ?? DEFAULT_FINDING_IMPACT
      return { f, full, impact, cost: Math.round(full * impact) }
    })
    .filter((p) => p.cost > 0)
    .sort((a, b) => b.cost - a.cost)
  const items: Item[] = []
  let left = Math.max(0, budget)
  for (const { f, full, impact, cost } of priced) {
    const points = Math.min(cost, left)
    if (points <= 0) break
    left -= points
    const how =
      f.impact === undefined
        ? `impact not estimated, taken as ${fmtNumber(impact, 2)}`
        : `impact ${fmtNumber(impact, 2)}`
    items.push({
      label: `${f.severity}: ${f.title}`,
      points: -points,
      reason: `a ${f.severity} costs up to ${full} points; ${how}: ${points} points${points < cost ? ' (all that was left)' : ''}`,
    })
  }
  return items
}

function finish(items: Item[], basis: string): Score {
  const kept = items.filter((i) => i.points !== 0)
  const value = 100 + kept.reduce((s, i) => s + i.points, 0)
  return { value, basis, items: kept }
}

export function scoreSuite(suite: SuiteResult, inputs: ScoreInputs): Score {
  const hasMetrics = suite.metrics !== null
  if (!hasMetrics) {
    const reason =
      suite.status === 'error'
        ? `the suite failed: ${suite.error ?? 'no result'}`
        : `the suite produced no measurements (status ${suite.status})`
    return finish(
      [{ label: 'no measurements', points: -100, reason }],
      'Nothing was measured, so nothing earned points.',
    )
  }

  const checks = suite.checks
  const apdex = inputs.apdex?.value ?? null
  const errorRate = inputs.errorRate
  const parts = checks.length > 0 ? inputs.weights.withThresholds : inputs.weights.noThresholds

  // Parts whose measurement is missing hand their points to the parts that were measured.
  const avail: ScoreWeights = {
    thresholds: checks.length > 0 ? parts.thresholds : 0,
    apdex: apdex !== null ? parts.apdex : 0,
    errorRate: errorRate !== null ? parts.errorRate : 0,
    quality: inputs.quality ? (parts.quality ?? 0) : 0,
  }
  const [thrPts = 0, apdexPts = 0, errPts = 0, qualityPts = 0] = allocate(100, [
    avail.thresholds,
    avail.apdex,
    avail.errorRate,
    avail.quality ?? 0,
  ])
  const items: Item[] = []
  const basisParts: string[] = []

  if (thrPts > 0) {
    const shares = allocate(
      thrPts,
      checks.map(() => 1),
    )
    checks.forEach((c, i) => {
      const share = shares[i] ?? 0
      if (c.pass) return
      const cost = Math.min(share, Math.round(share * Math.min(1, 0.5 + relativeMiss(c))))
      items.push({
        label: `${checkText(c)} failed`,
        points: -cost,
        reason:
          c.value === null
            ? `not measured: the whole share of ${share} points`
            : `measured ${fmtWithUnit(c.value, c.unit)}, ${fmtNumber(relativeMiss(c) * 100, 1)} % beyond the limit: ${cost} of its ${share} points`,
      })
    })
    basisParts.push(
      `${checks.length} threshold check${checks.length === 1 ? '' : 's'} (${thrPts} points)`,
    )
  }
  if (apdexPts > 0 && apdex !== null) {
    const cost = Math.round(apdexPts * (1 - Math.min(1, Math.max(0, apdex))))
    const t = inputs.apdex ? ` (T = ${fmtNumber(inputs.apdex.tMs)} ms)` : ''
    items.push({
      label: `Apdex ${fmtNumber(apdex, 3)}`,
      points: -cost,
      reason: `Apdex${t} costs ${apdexPts} × (1 − ${fmtNumber(apdex, 3)}) = ${cost} points`,
    })
    basisParts.push(`Apdex (${apdexPts} points)`)
  }
  if (errPts > 0 && errorRate !== null) {
    const cost = Math.round(errPts * Math.min(1, errorRate / ERROR_RATE_FLOOR))
    items.push({
      label: `error rate ${fmtPercent(errorRate)}`,
      points: -cost,
      reason: `${fmtPercent(errorRate)} of requests failed; ${fmtPercent(ERROR_RATE_FLOOR, 0)} or more costs all ${errPts} points`,
    })
    basisParts.push(`error rate (${errPts} points)`)
  }
  if (qualityPts > 0 && inputs.quality) {
    items.push(...inputs.quality(qualityPts))
    basisParts.push(`cache quality (${qualityPts} points)`)
  }

  const lost = -items.reduce((sum, i) => sum + i.points, 0)
  const found = findingItems(suite.findings, 100 - lost)
  items.push(...found)
  // a stopped measurement is no verdict: it keeps its items (what it saw) but earns nothing
  const left = 100 - lost + found.reduce((sum, i) => sum + i.points, 0)
  if (suite.status === 'cancelled' && left > 0) {
    items.push({
      label: 'cancelled',
      points: -left,
      reason: 'the suite was stopped before its end: a partial measurement earns no points',
    })
  }

  let basis: string
  if (basisParts.length === 0)
    basis = 'No thresholds and no error rate or Apdex to score: nothing cost points.'
  else if (checks.length === 0)
    basis = `No threshold set: scored from ${basisParts.join(' and ')} alone.`
  else basis = `Scored from ${basisParts.join(' and ')}.`
  if (found.length)
    basis += ` Findings cost points too: ${found.length === 1 ? 'one' : found.length}, by severity and impact.`
  if (suite.status === 'cancelled') basis += ' Cancelled: a partial measurement scores 0.'
  if (suite.status === 'error') basis += ` The suite ended in error: ${suite.error ?? 'unknown'}.`
  return finish(items, basis)
}

/** Points a finding costs in a findings-scored suite, by severity. */
export const FINDING_COST = { critical: 20, warning: 5, info: 0 } as const

/**
 * For suites that make no load (the health checks): 100 minus what their findings cost, never
 * below 0; each finding that costs points is an item. Null when nothing was measured.
 */
export function scoreFromFindings(suite: SuiteResult): Score | null {
  if (suite.metrics === null) return null
  const items: Item[] = []
  let left = 100
  for (const f of suite.findings) {
    const cost = Math.min(left, FINDING_COST[f.severity])
    if (cost === 0) continue
    left -= cost
    items.push({ label: f.title, points: -cost, reason: `${f.severity} finding ${f.id}` })
  }
  let basis = `Scored from the findings: each critical one costs ${FINDING_COST.critical} points, each warning ${FINDING_COST.warning}.`
  if (suite.status === 'cancelled') basis += ' Partial: the suite was cancelled.'
  return finish(items, basis)
}

/** The run's score: the mean of its suites' scores, each suite's cost shown as one item. */
export function scoreRun(run: RunResult, scoreOf: (suite: SuiteResult) => Score): Score {
  if (run.suites.length === 0) {
    return finish(
      [
        {
          label: 'no suites ran',
          points: -100,
          reason: run.error ?? `the run ended ${run.status} before any suite ran`,
        },
      ],
      'Nothing was measured, so nothing earned points.',
    )
  }
  const scores = run.suites.map((s) => s.score ?? scoreOf(s))
  const n = scores.length
  const mean = scores.reduce((s, x) => s + x.value, 0) / n
  const value = Math.round(mean)
  const costs = allocate(
    100 - value,
    scores.map((s) => 100 - s.value),
  )
  const items: Item[] = []
  run.suites.forEach((suite, i) => {
    const sc = scores[i]!
    const pts = costs[i] ?? 0
    if (pts === 0) return
    const what = sc.items.map((it) => `${it.label} (${it.points})`).join('; ')
    items.push({
      label: `suite ${suite.index + 1}: ${suite.name}`,
      points: -pts,
      reason: `suite score ${sc.value}/100, weight 1/${n}${what ? `: ${what}` : ''}`,
    })
  })
  const basis =
    n === 1
      ? 'The score of the only suite.'
      : `The mean of the ${n} suite scores, each suite weighing 1/${n}.`
  return finish(items, basis)
}
