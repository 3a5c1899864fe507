import type { Finding, LatencySummary } from '@shared/index'
import { mergeEncodedHistograms } from '../../analysis/hdr-merge'
import { decodeHistogram, summarize } from './latency'

/**
 * What every suite's `mergeShards` shares (`perfdesk merge`, the app's Import shards): the
 * wall-clock window the shards measured side by side, the per-second series lined up by
 * wall-clock second, exact histogram merges (analysis/hdr-merge, as the generator threads use),
 * and the result of a set with an unusable shard.
 */

/** A shard set the merge cannot make one result of; the message says what to change. */
export class ShardMergeError extends Error {}

/** A plan whose load cannot be split so (`run --shard`); the message names the field and the fix. */
export class ShardSplitError extends Error {}

export const round = (v: number, digits: number): number =>
  Math.round(v * 10 ** digits) / 10 ** digits

/** Σ f(x) over xs. */
export const sumOf = <T>(xs: readonly T[], f: (x: T) => number): number =>
  xs.reduce((a, x) => a + f(x), 0)

/**
 * What a merged second's percentiles are, said once for the notes and the docs: the union's
 * q-quantile lies between the lowest and the highest of the shards' q-quantiles, and results
 * keep no per-second histograms, so the series shows the highest (an upper bound).
 */
export const PER_SECOND_NOTE =
  "per-second p50/p95/p99 in the merged series are the highest shard's for that second: an upper bound of the union's (which lies between the lowest and the highest shard's); the suite's overall percentiles are exact"

interface Timed {
  startedAt: string
  endedAt: string | null
}

/** The wall-clock window a shard measured: it ended at endedAt and lasted durationSec (if known). */
function windowOf(s: Timed, durationSec: number | undefined): { from: number; to: number } {
  const to = Date.parse(s.endedAt ?? s.startedAt)
  const dur = durationSec ?? (to - Date.parse(s.startedAt)) / 1000
  return { from: to - dur * 1000, to }
}

/**
 * The shards' mean measuring window in seconds (shards that start together run side by side, so
 * the union's rate is the sum over this window), and a note when their starts are far apart.
 */
export function sideBySide(
  shards: readonly Timed[],
  durationSec: (s: Timed, i: number) => number | undefined = () => undefined,
): { secs: number; notes: string[] } {
  const windows = shards.map((s, i) => windowOf(s, durationSec(s, i)))
  const secs = sumOf(windows, (w) => w.to - w.from) / windows.length / 1000
  const skewSec =
    (Math.max(...windows.map((w) => w.from)) - Math.min(...windows.map((w) => w.from))) / 1000
  const notes =
    skewSec > 0.1 * secs
      ? [
          `the shards started up to ${round(skewSec, 1)} s apart (${Math.round((100 * skewSec) / secs)} % of their ` +
            'duration): the merged rate assumes they ran side by side; give them one --start-at',
        ]
      : []
  return { secs, notes }
}

/** The earliest start and the latest end of a set of shards. */
export function spanOf(shards: readonly Timed[]): { startedAt: string; endedAt: string } {
  return {
    startedAt: shards.map((s) => s.startedAt).sort()[0]!,
    endedAt: shards.map((s) => s.endedAt ?? s.startedAt).sort()[shards.length - 1]!,
  }
}

/**
 * Samples keyed by wall-clock second (suite start + t) and step, so every shard's second k of a
 * step lands on one point; `combine` adds a second shard's sample into the first's.
 */
export function mergeSeriesByWallClock<S extends { t: number; step?: number }>(
  parts: readonly { startedAt: string; series: readonly S[] }[],
  combine: (into: S, next: S) => void,
): S[] {
  const origin = Math.min(...parts.map((p) => Date.parse(p.startedAt)))
  const bySecond = new Map<string, S>()
  for (const p of parts) {
    const offset = (Date.parse(p.startedAt) - origin) / 1000
    for (const s of p.series) {
      const t = Math.max(1, Math.round(offset + s.t))
      const key = `${t}/${s.step ?? ''}`
      const cur = bySecond.get(key)
      if (cur) combine(cur, s)
      else bySecond.set(key, { ...s, t })
    }
  }
  return [...bySecond.values()].sort((a, b) => a.t - b.t || (a.step ?? 0) - (b.step ?? 0))
}

/** For `combine`: adds the numeric `keys` of `next` into `into` (absent counts as 0 once present). */
export function addKeys<S>(into: S, next: S, keys: readonly (keyof S)[]): void {
  for (const k of keys) {
    const v = next[k]
    if (typeof v === 'number') (into[k] as number) = ((into[k] as number | undefined) ?? 0) + v
  }
}

/** For `combine`: keeps the highest of the numeric `keys` (per-second percentiles). */
export function maxKeys<S>(into: S, next: S, keys: readonly (keyof S)[]): void {
  for (const k of keys) {
    const v = next[k]
    const cur = into[k]
    if (typeof v === 'number') (into[k] as number) = typeof cur === 'number' ? Math.max(cur, v) : v
  }
}

/** The union of encoded histograms (absent ones skipped), encoded, and its latency summary. */
export function mergedLatency(parts: readonly (string | null | undefined)[]): {
  histogram: string
  summary: LatencySummary
} {
  const histogram = mergeEncodedHistograms(parts)
  const h = decodeHistogram(histogram)
  const summary = summarize(h)
  h.destroy()
  return { histogram, summary }
}

/** A latency summary with how many values it describes and, when kept, their histogram. */
export interface SummaryPart {
  summary: LatencySummary
  count: number
  histogram?: string | null
}

/**
 * Latency of the union of `parts`: exact from the added histograms when every non-empty part
 * kept one; otherwise (older results) the count-weighted mean, the extreme min and max, and the
 * highest part's percentiles and stdev as upper bounds, with `exact: false` so the caller says so.
 */
export function mergeSummaries(parts: readonly SummaryPart[]): {
  summary: LatencySummary
  histogram: string | null
  exact: boolean
} {
  const used = parts.filter((p) => p.count > 0)
  if (used.every((p) => p.histogram))
    return { ...mergedLatency(used.map((p) => p.histogram)), exact: true }
  const n = sumOf(used, (p) => p.count)
  const pick = (k: keyof LatencySummary): number => Math.max(...used.map((p) => p.summary[k]))
  const summary: LatencySummary = {
    min: Math.min(...used.map((p) => p.summary.min)),
    mean: round(sumOf(used, (p) => p.summary.mean * p.count) / n, 3),
    stdev: pick('stdev'),
    p50: pick('p50'),
    p75: pick('p75'),
    p90: pick('p90'),
    p95: pick('p95'),
    p99: pick('p99'),
    p999: pick('p999'),
    max: pick('max'),
  }
  return { summary, histogram: null, exact: false }
}

/**
 * The findings of a merged suite: those recomputed on the merged numbers, plus the first
 * shard's that do not depend on the load (query plans, server health…) — any finding whose id
 * starts with one of `recomputed` is replaced, never kept from a shard.
 */
export function mergedFindings(
  firstShard: readonly Finding[],
  recomputed: readonly string[],
  fresh: readonly Finding[],
  suiteIndex: number,
): Finding[] {
  const kept = firstShard.filter((f) => !recomputed.some((p) => f.id.startsWith(p)))
  return [...fresh, ...kept].map((f) => ({ ...f, suiteIndex }))
}

/**
 * When a shard of the set failed, was cancelled or measured nothing: the merged suite's status,
 * error and empty measurement (spread over the suite's base); null when every shard is usable.
 */
export function unusableShard<T extends { status: string; error?: string; metrics: unknown }>(
  shards: readonly T[],
): {
  status: 'error' | 'cancelled'
  error: string
  metrics: null
  histogram: null
  checks: []
  findings: []
  series: []
} | null {
  const bad = shards.find((s) => s.status === 'error' || s.status === 'cancelled')
  if (!bad && shards.every((s) => s.metrics)) return null
  return {
    status: bad?.status === 'cancelled' ? 'cancelled' : 'error',
    error: `shard result not usable: ${bad?.error ?? 'a shard has no measurement'}`,
    metrics: null,
    histogram: null,
    checks: [],
    findings: [],
    series: [],
  }
}
