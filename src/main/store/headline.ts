/**
 * The one-line summary shown in the history list. It reads metrics loosely (postgres and redis
 * metrics are open records) so it also works on rows written by older versions.
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

export function formatRate(v: number): string {
  const digits = v < 10 ? 1 : 0
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function formatMs(v: number): string {
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`
  if (v >= 100) return `${v.toFixed(0)} ms`
  if (v >= 1) return `${v.toFixed(1)} ms`
  return `${v.toFixed(2)} ms`
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`
}

const THROUGHPUT: Record<string, { paths: string[]; unit: string }> = {
  'http-load': { paths: ['rps'], unit: 'req/s' },
  postgres: { paths: ['tps', 'qps', 'rps', 'opsPerSec'], unit: 'tps' },
  redis: { paths: ['opsPerSec', 'ops', 'rps', 'tps'], unit: 'ops/s' },
}
const GENERIC_THROUGHPUT = { paths: ['rps', 'tps', 'qps', 'opsPerSec'], unit: '/s' }

/** Which latency percentile headlines a kind: p99 for redis (its medians are all tiny). */
const LATENCY: Record<string, { label: string; paths: string[] }> = {
  redis: { label: 'p99', paths: ['latencyMs.p99', 'p99Ms', 'p99'] },
}
const DEFAULT_LATENCY = { label: 'p95', paths: ['latencyMs.p95', 'p95Ms', 'p95'] }

/** e.g. "1,234 req/s · p95 12.3 ms · 0.50 % errors"; '' when the suite has no metrics. */
export function suiteHeadline(kind: string, metrics: unknown): string {
  if (!isObj(metrics)) return ''
  const critical = num(metrics.critical)
  const warning = num(metrics.warning)
  if (kind.endsWith('-health') && critical !== undefined && warning !== undefined)
    return `${critical} critical · ${warning} warning${warning === 1 ? '' : 's'}`
  const parts: string[] = []
  const tp = THROUGHPUT[kind] ?? GENERIC_THROUGHPUT
  const rate = pick(metrics, tp.paths)
  if (rate !== undefined) parts.push(`${formatRate(rate)} ${tp.unit}`)
  const lat = LATENCY[kind] ?? DEFAULT_LATENCY
  const ms = pick(metrics, lat.paths)
  if (ms !== undefined) parts.push(`${lat.label} ${formatMs(ms)}`)
  const errorRate = pick(metrics, ['errorRate']) ?? derivedErrorRate(metrics)
  if (errorRate !== undefined) parts.push(`${formatPercent(errorRate)} errors`)
  const hitRate = pick(metrics, ['hitRate.measured', 'hitRate'])
  if (hitRate !== undefined) parts.push(`${formatPercent(hitRate)} hits`)
  return parts.join(' · ')
}

/** errors / operations, for kinds that count both but give no rate (redis: commands). */
function derivedErrorRate(m: Loose): number | undefined {
  const errors = pick(m, ['errors'])
  const total = pick(m, ['requests', 'commands', 'transactions'])
  if (errors === undefined || total === undefined || total + errors === 0) return undefined
  // some suites count failed operations among the total, some apart; neither exceeds 100 %
  return Math.min(1, errors / Math.max(total, errors))
}

/** The first suite with something to say, and how many more suites have results. */
export function runHeadline(suites: ReadonlyArray<{ kind: string; metrics?: unknown }>): string {
  const lines = suites.map((s) => suiteHeadline(s.kind, s.metrics)).filter((l) => l !== '')
  const first = lines[0]
  if (first === undefined) return ''
  const more = lines.length - 1
  return more > 0 ? `${first} (+${more} more suite${more > 1 ? 's' : ''})` : first
}
