import { deltaSeconds, httpDate, parseCacheControl, splitList, unqualified } from './cache-control'
import type { Directives } from './cache-control'

/** Header values by lowercased name; a header sent twice has two entries. */
export type HeaderMap = Record<string, string[]>

export const header = (h: HeaderMap, name: string): string | null => h[name]?.[0] ?? null

/** Status codes a cache may store without explicit freshness (RFC 9110 §15.1). */
const HEURISTIC_STATUSES = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501])

/** The share of the Last-Modified age a heuristic allows (RFC 9111 §4.2.2 suggests 10 %). */
export const HEURISTIC_FRACTION = 0.1

export interface Freshness {
  directives: Directives
  vary: string[]
  /** a private (browser) cache may store it */
  privateStorable: boolean
  /** a shared cache (CDN, proxy) may store it */
  sharedStorable: boolean
  /** stored AND reusable: Vary: * never matches a later request (RFC 9111 §4.1) */
  cacheable: boolean
  ttlSec: number | null
  sharedTtlSec: number | null
  heuristic: boolean
  setCookie: boolean
  /** Set-Cookie stripped before storing (no-cache="set-cookie" / private="set-cookie") */
  cookieExcluded: boolean
  /** Age header, s */
  ageSec: number | null
}

function qualifiedNames(v: string | true | undefined): string[] {
  return typeof v === 'string' ? splitList(v).map((s) => s.toLowerCase()) : []
}

/**
 * What RFC 9111 lets a private and a shared cache do with one response to a GET: store it
 * (§3), for how long (§4.2.1 explicit, §4.2.2 heuristic) and reuse it (§4.1 Vary).
 * `requestHadAuthorization`: a shared cache stores such a response only when the response
 * says public, must-revalidate or s-maxage (§3.5).
 */
export function analyzeFreshness(
  status: number,
  headers: HeaderMap,
  requestHadAuthorization: boolean,
  now: number = Math.floor(Date.now() / 1000),
): Freshness {
  const directives = parseCacheControl(headers['cache-control'] ?? [])
  const vary = (headers.vary ?? []).flatMap(splitList).map((s) => s.toLowerCase())
  const d = directives
  const setCookie = (headers['set-cookie'] ?? []).length > 0
  const cookieExcluded =
    qualifiedNames(d['no-cache']).includes('set-cookie') ||
    qualifiedNames(d.private).includes('set-cookie')
  const ageRaw = header(headers, 'age')
  const ageSec = ageRaw !== null && /^\d+$/.test(ageRaw.trim()) ? Number(ageRaw.trim()) : null

  const hasExpires = header(headers, 'expires') !== null
  const explicitPrivate = 'max-age' in d || hasExpires
  const explicitShared = explicitPrivate || 's-maxage' in d
  const allowedByStatus = HEURISTIC_STATUSES.has(status)
  const finalStatus = status >= 200
  const noStore = 'no-store' in d
  const privateAll = unqualified(d.private)

  const privateStorable =
    finalStatus &&
    !noStore &&
    (explicitPrivate || 'public' in d || 'private' in d || allowedByStatus)
  const authOk =
    !requestHadAuthorization || 'public' in d || 'must-revalidate' in d || 's-maxage' in d
  const sharedStorable =
    finalStatus &&
    !noStore &&
    !privateAll &&
    authOk &&
    (explicitShared || 'public' in d || allowedByStatus)
  const varyStar = vary.includes('*')

  const date = httpDate(header(headers, 'date')) ?? now
  let heuristic = false
  const lifetime = (shared: boolean): number => {
    if (unqualified(d['no-cache'])) return 0
    if (shared && 's-maxage' in d) return deltaSeconds(d['s-maxage']) ?? 0
    if ('max-age' in d) return deltaSeconds(d['max-age']) ?? 0
    if (hasExpires) {
      const expires = httpDate(header(headers, 'expires'))
      return expires === null ? 0 : Math.max(0, expires - date)
    }
    heuristic = true
    const lastModified = httpDate(header(headers, 'last-modified'))
    if (lastModified === null || lastModified >= date) return 0
    return Math.floor((date - lastModified) * HEURISTIC_FRACTION)
  }
  const ttlSec = privateStorable && !varyStar ? lifetime(false) : null
  const sharedTtlSec = sharedStorable && !varyStar ? lifetime(true) : null
  return {
    directives,
    vary,
    privateStorable,
    sharedStorable,
    cacheable: (privateStorable || sharedStorable) && !varyStar,
    ttlSec,
    sharedTtlSec,
    heuristic: heuristic && (ttlSec !== null || sharedTtlSec !== null),
    setCookie,
    cookieExcluded,
    ageSec,
  }
}
