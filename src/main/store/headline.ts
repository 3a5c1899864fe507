import { SuiteResultSchema, type GeneratorStats } from '@shared/index'
import { boundedText, clientBoundMark } from '@shared/client-bound'
import { fmtMs, fmtNumber, fmtPercent, fmtRate } from '@shared/format'
import type { Headline } from '../suites/contract'
import { suiteHeadline as headlineOf } from '../suites/parts'

/**
 * The one-line summary shown in the history list, from each suite's report parts. A stored row
 * that no longer parses (written by an older version) is read loosely by common field names.
 */

type Loose = Record<string, unknown>

const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v)
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined

/** First finite number found at one of the paths, e.g. 'latencyMs.p95'. */
function pick(m: Loose, paths: readonly string[]): number | undefined {
  for (const p of paths) {
    let cur: unknown = m
    for (const key of p.split('.')) cur = isObj(cur) ? cur[key] : undefined
    const n = num(cur)
    if (n !== undefined) return n
  }
  return undefined
}

/** e.g. "1,234 req/s · p95 12.3 ms · 0.50 % errors" */
export function headlineText(h: Headline, bound: { generator?: GeneratorStats } = {}): string {
  const parts: string[] = []
  if (h.throughput) parts.push(boundedText(fmtRate(h.throughput.value, h.throughput.unit), bound))
  if (h.latencyMs) parts.push(`${h.percentile} ${fmtMs(h.latencyMs[h.percentile])}`)
  if (h.errorRate !== null) parts.push(`${fmtPercent(h.errorRate)} errors`)
  parts.push(...(h.extras ?? []))
  const mark = clientBoundMark(bound)
  if (mark) parts.push(mark)
  return parts.join(' · ')
}

/** A row this version cannot parse: its rate, p95 and error rate by common names. */
function looseHeadline(metrics: unknown): string {
  if (!isObj(metrics)) return ''
  const parts: string[] = []
  const rate = pick(metrics, ['rps', 'tps', 'opsPerSec'])
  if (rate !== undefined) parts.push(`${fmtNumber(rate, rate < 100 ? 1 : 0)} /s`)
  const ms = pick(metrics, ['latencyMs.p95'])
  if (ms !== undefined) parts.push(`p95 ${fmtMs(ms)}`)
  const errorRate = pick(metrics, ['errorRate'])
  if (errorRate !== undefined) parts.push(`${fmtPercent(errorRate)} errors`)
  return parts.join(' · ')
}

/** One suite as stored (its result document, the series kept apart): '' without metrics. */
export function suiteHeadline(stored: unknown): string {
  const parsed = SuiteResultSchema.safeParse(isObj(stored) ? { series: [], ...stored } : stored)
  if (!parsed.success) return looseHeadline(isObj(stored) ? stored.metrics : undefined)
  const h = headlineOf(parsed.data)
  return h ? headlineText(h, parsed.data) : ''
}

/** The first suite with something to say, and how many more suites have results. */
export function runHeadline(suites: readonly unknown[]): string {
  const lines = suites.map(suiteHeadline).filter((l) => l !== '')
  const first = lines[0]
  if (first === undefined) return ''
  const more = lines.length - 1
  return more > 0 ? `${first} (+${more} more suite${more > 1 ? 's' : ''})` : first
}
