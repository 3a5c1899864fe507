import type { HttpRequestResult } from './http-load'

/**
 * Per-request arithmetic the main side (analysis, reports) and the app share, so that the
 * per-endpoint table reads the same everywhere.
 */

/** Failed (non-2xx/3xx answers and socket errors) over attempts; null when nothing was tried. */
export function requestErrorRate(r: HttpRequestResult): number | null {
  const sc = r.statusCodes
  const answered = sc['1xx'] + sc['2xx'] + sc['3xx'] + sc['4xx'] + sc['5xx']
  // `count` may or may not include the socket errors: take whichever covers both
  const attempts = Math.max(r.count, answered + r.errors)
  if (attempts === 0) return null
  return (sc['1xx'] + sc['4xx'] + sc['5xx'] + r.errors) / attempts
}

/** Failed checks over checks evaluated; 0 when none ran on answered requests, null when nothing ran. */
export function checkFailureRateOf(passed: number, failed: number, ran: boolean): number | null {
  const total = passed + failed
  if (total > 0) return failed / total
  return ran ? 0 : null
}

/** "pass", "FAIL 1/2", or "—" when the request has no thresholds of its own. */
export function requestThresholdVerdict(r: HttpRequestResult): string {
  const t = r.thresholds ?? []
  if (t.length === 0) return '—'
  const failed = t.filter((c) => !c.pass).length
  return failed === 0 ? 'pass' : `FAIL ${failed}/${t.length}`
}

/** A per-endpoint view pays off with several requests, or with checks to show. */
export function showsEndpoints(s: {
  requests?: readonly HttpRequestResult[] | undefined
  metrics: { checks?: unknown } | null
}): boolean {
  const rs = s.requests ?? []
  return rs.length > 1 || (rs.length === 1 && s.metrics?.checks !== undefined)
}
