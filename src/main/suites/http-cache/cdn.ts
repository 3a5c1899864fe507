import { splitList } from './cache-control'
import { header } from './freshness'
import type { HeaderMap } from './freshness'

export type CdnStatus = 'hit' | 'miss' | 'unknown'

/** Which CDN or proxy answered, from headers only it sets. */
export function detectProvider(h: HeaderMap): string | null {
  const has = (n: string): boolean => h[n] !== undefined
  const via = (header(h, 'via') ?? '').toLowerCase()
  const server = (header(h, 'server') ?? '').toLowerCase()
  if (has('cf-cache-status') || has('cf-ray')) return 'Cloudflare'
  if (has('x-amz-cf-id') || /cloudfront/.test(via)) return 'CloudFront'
  if (has('x-served-by') && /cache-/.test(header(h, 'x-served-by') ?? '')) return 'Fastly'
  if (has('x-vercel-cache')) return 'Vercel'
  if (has('x-nf-request-id') || /netlify/i.test(header(h, 'cache-status') ?? '')) return 'Netlify'
  if (has('x-akamai-request-id') || /akamai/.test(server) || /cdn-cache/.test(serverTiming(h)))
    return 'Akamai'
  if (has('x-azure-ref')) return 'Azure Front Door'
  if (/\bgoogle\b/.test(via)) return 'Google Cloud CDN'
  if (has('x-varnish') || /varnish/.test(via)) return 'Varnish'
  if (has('x-cache-status') && /nginx/.test(server)) return 'nginx'
  if (has('x-cache-status') || has('x-cache') || has('cache-status')) return 'cache'
  return null
}

function serverTiming(h: HeaderMap): string {
  return (h['server-timing'] ?? []).join(',').toLowerCase()
}

const HIT =
  /^(hit|tcp_hit|tcp_mem_hit|tcp_ims_hit|tcp_refresh_hit|refresh_hit|stale|updating|revalidated)$/
const MISS =
  /^(miss|tcp_miss|tcp_refresh_miss|expired|bypass|dynamic|pass|refresh_miss|none|uncacheable)$/

function word(v: string): CdnStatus {
  const w =
    v
      .trim()
      .toLowerCase()
      .split(/[\s/:]+/)[0] ?? ''
  if (HIT.test(w)) return 'hit'
  if (MISS.test(w)) return 'miss'
  if (/hit/.test(v.toLowerCase())) return 'hit'
  if (/miss/.test(v.toLowerCase())) return 'miss'
  return 'unknown'
}

/**
 * Whether the edge served this response from its cache. The most specific header wins:
 * CF-Cache-Status, X-Cache-Status (nginx), X-Vercel-Cache, Cache-Status (RFC 9211), X-Cache
 * (the last entry of a chain, i.e. the edge nearest the client), Server-Timing cdn-cache, and
 * last a positive Age (a response that waited in a cache).
 */
export function cacheStatusOf(h: HeaderMap): CdnStatus {
  for (const name of ['cf-cache-status', 'x-cache-status', 'x-vercel-cache']) {
    const v = header(h, name)
    if (v) return word(v)
  }
  const cs = header(h, 'cache-status')
  if (cs) {
    // RFC 9211: the last member is the cache nearest the client; "hit" or "fwd=<reason>"
    const last = splitList(cs).at(-1)?.toLowerCase() ?? ''
    if (/;\s*hit\b/.test(last)) return 'hit'
    if (/;\s*fwd=/.test(last)) return 'miss'
  }
  const xc = header(h, 'x-cache')
  if (xc) {
    const last = splitList(xc).at(-1) ?? xc
    return word(last.replace(/ from .*$/i, ''))
  }
  const st = serverTiming(h)
  const m = /cdn-cache[^,]*desc="?([a-z_]+)/.exec(st) ?? /cdn-cache-(hit|miss)/.exec(st)
  if (m?.[1]) return word(m[1])
  const age = header(h, 'age')
  if (age !== null && /^\d+$/.test(age.trim()) && Number(age) > 0) return 'hit'
  return 'unknown'
}

/** Hit ratio over the requests whose headers said hit or miss; null when none did. */
export function hitRatio(statuses: readonly CdnStatus[]): {
  hits: number
  misses: number
  hitRatio: number | null
} {
  const hits = statuses.filter((s) => s === 'hit').length
  const misses = statuses.filter((s) => s === 'miss').length
  return { hits, misses, hitRatio: hits + misses > 0 ? hits / (hits + misses) : null }
}
