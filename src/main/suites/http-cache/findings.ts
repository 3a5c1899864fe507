import type {
  CacheInvalidationResult,
  CacheResource,
  Finding,
  HttpCacheConfig,
} from '@shared/index'
import { STATIC_KINDS, isCompressible } from './classify'

/**
 * The `cache.*` findings: each names the resources, shows the headers that make the case, and
 * gives the fix as the header line to send with nginx and Express examples.
 */

const DAY = 86_400
const LONG_HTML_SEC = 3600
const MIN_COMPRESS_BYTES = 1024
const SHOWN = 6

const ok = (r: CacheResource): boolean => r.status !== null && r.status >= 200 && r.status < 400

export function fmtSec(s: number | null): string {
  if (s === null) return 'not storable'
  if (s === 0) return '0 s (revalidate every time)'
  if (s >= DAY) return `${Math.round((s / DAY) * 10) / 10} d`
  if (s >= 3600) return `${Math.round((s / 3600) * 10) / 10} h`
  return `${s} s`
}

export function cacheControlText(r: CacheResource): string {
  const parts = Object.entries(r.directives).map(([k, v]) => (v === true ? k : `${k}=${v}`))
  return parts.length ? parts.join(', ') : '(none)'
}

function evidence(
  list: readonly CacheResource[],
  value: (r: CacheResource) => string | number,
): Finding['evidence'] {
  const out: Finding['evidence'] = [{ label: 'resources', value: list.length }]
  for (const r of list.slice(0, SHOWN)) out.push({ label: r.path, value: value(r) })
  if (list.length > SHOWN) out.push({ label: 'and more', value: list.length - SHOWN })
  return out
}

function fix(headerLine: string, nginx: string, express: string): string {
  return `Send: ${headerLine} — nginx: ${nginx} — Express: ${express}`
}

function names(list: readonly CacheResource[]): string {
  const shown = list.slice(0, 3).map((r) => r.path)
  return list.length > 3 ? `${shown.join(', ')} and ${list.length - 3} more` : shown.join(', ')
}

interface Rule {
  id: string
  severity: (list: readonly CacheResource[]) => Finding['severity']
  match: (r: CacheResource) => boolean
  title: (list: readonly CacheResource[]) => string
  detail: string
  value: (r: CacheResource) => string | number
  recommendation: string
}

const maxTtl = (r: CacheResource): number => Math.max(r.ttlSec ?? 0, r.sharedTtlSec ?? 0)

const RULES: readonly Rule[] = [
  {
    id: 'cache.fingerprinted-not-immutable',
    severity: (l) => (l.some((r) => (r.ttlSec ?? 0) < 30 * DAY) ? 'warning' : 'info'),
    match: (r) =>
      ok(r) && r.fingerprinted && ((r.ttlSec ?? 0) < 30 * DAY || !('immutable' in r.directives)),
    title: (l) => `${l.length} fingerprinted asset(s) without a long max-age and immutable`,
    detail:
      'A file name with a content hash changes whenever its content does, so the old name can be cached for ever. Without a long max-age and `immutable`, browsers re-request or revalidate it on every visit and reload.',
    value: (r) => `Cache-Control: ${cacheControlText(r)} (${fmtSec(r.ttlSec)})`,
    recommendation: fix(
      'Cache-Control: public, max-age=31536000, immutable',
      'location ~* "\\.[0-9a-f]{8,}\\.(js|css|woff2|png|svg)$" { add_header Cache-Control "public, max-age=31536000, immutable"; }',
      "app.use('/assets', express.static('dist/assets', { maxAge: '1y', immutable: true }))",
    ),
  },
  {
    id: 'cache.revalidation-full-body',
    severity: () => 'warning',
    match: (r) => ok(r) && r.revalidation === 'full',
    title: (l) => `${l.length} resource(s) send the full body again to a conditional request`,
    detail:
      'The response carries a validator (ETag or Last-Modified), but a request with If-None-Match / If-Modified-Since got the whole body back instead of 304 Not Modified: every revalidation costs the full download.',
    value: (r) =>
      `${r.validators.etag ? `ETag ${r.validators.etag}` : `Last-Modified ${r.validators.lastModified}`} → ${r.status} full body`,
    recommendation: fix(
      'HTTP/1.1 304 Not Modified when If-None-Match matches the ETag',
      'etag on; (static files) / proxy_cache_revalidate on; (proxied)',
      "app.set('etag', 'strong'); if (req.fresh) return res.status(304).end()",
    ),
  },
  {
    id: 'cache.vary-star',
    severity: () => 'warning',
    match: (r) => ok(r) && r.vary.includes('*'),
    title: (l) => `${l.length} resource(s) say Vary: *, so no cache can ever reuse them`,
    detail:
      'RFC 9111 §4.1: a stored response with `Vary: *` never matches a later request. Browsers and CDNs fetch it again every time.',
    value: () => 'Vary: *',
    recommendation: fix(
      'Vary: Accept-Encoding (name only the request headers that change the response)',
      'proxy_hide_header Vary; add_header Vary "Accept-Encoding";',
      "res.vary('Accept-Encoding') (and never res.set('Vary', '*'))",
    ),
  },
  {
    id: 'cache.set-cookie-shared',
    severity: (l) => (l.some((r) => (r.sharedTtlSec ?? 0) > 0) ? 'critical' : 'warning'),
    match: (r) => ok(r) && r.setCookie && r.sharedTtlSec !== null,
    title: (l) => `${l.length} response(s) with Set-Cookie that a shared cache may store`,
    detail:
      'A CDN or proxy may store these responses with their Set-Cookie header and hand one visitor’s cookie (a session) to the next.',
    value: (r) => `Cache-Control: ${cacheControlText(r)}; shared TTL ${fmtSec(r.sharedTtlSec)}`,
    recommendation: fix(
      'Cache-Control: private, no-cache (on every response that sets a cookie)',
      'proxy_no_cache $upstream_http_set_cookie; proxy_cache_bypass $upstream_http_set_cookie;',
      "res.set('Cache-Control', 'private, no-cache') before res.cookie(...)",
    ),
  },
  {
    id: 'cache.uncompressed-text',
    severity: () => 'warning',
    match: (r) =>
      ok(r) &&
      r.compression.encoding === null &&
      isCompressible(r.contentType) &&
      (r.compression.identityBytes ?? r.bytes) > MIN_COMPRESS_BYTES,
    title: (l) =>
      `${l.length} compressible response(s) over 1 KB sent uncompressed (${l.reduce((a, r) => a + r.bytes, 0).toLocaleString('en-US')} bytes)`,
    detail:
      'The request offered `Accept-Encoding: br, gzip, deflate, zstd`; text, JSON, JavaScript, CSS and SVG usually shrink 3–10× with gzip or Brotli.',
    value: (r) => `${r.contentType ?? '?'}, ${r.bytes} bytes`,
    recommendation: fix(
      'Content-Encoding: br (or gzip) with Vary: Accept-Encoding',
      'gzip on; gzip_min_length 1024; gzip_types text/css application/javascript application/json image/svg+xml;',
      "app.use(require('compression')())",
    ),
  },
  {
    id: 'cache.no-store-static',
    severity: () => 'warning',
    match: (r) => ok(r) && STATIC_KINDS.has(r.kind) && 'no-store' in r.directives,
    title: (l) => `${l.length} static asset(s) marked no-store`,
    detail:
      '`no-store` forbids every cache to keep the response: scripts, styles, images and fonts are downloaded again on every page view.',
    value: (r) => `${r.kind}: Cache-Control: ${cacheControlText(r)}`,
    recommendation: fix(
      'Cache-Control: public, max-age=86400 (or max-age=31536000, immutable for fingerprinted files)',
      'location /static/ { add_header Cache-Control "public, max-age=86400"; }',
      "app.use('/static', express.static('public', { maxAge: '1d' }))",
    ),
  },
  {
    id: 'cache.heuristic-freshness',
    severity: () => 'info',
    match: (r) => ok(r) && r.heuristic,
    title: (l) => `${l.length} resource(s) rely on heuristic freshness`,
    detail:
      'No max-age, s-maxage or Expires: each cache guesses a lifetime (commonly 10 % of the time since Last-Modified, 0 without it). Browsers and CDNs then disagree on how long the content lives.',
    value: (r) =>
      `heuristic TTL ${fmtSec(r.ttlSec)}${r.validators.lastModified ? ` (Last-Modified ${r.validators.lastModified})` : ''}`,
    recommendation: fix(
      'Cache-Control: max-age=3600 (or no-cache for content that must always be current)',
      'expires 1h;',
      "express.static(dir, { maxAge: '1h' }) or res.set('Cache-Control', 'max-age=3600')",
    ),
  },
  {
    id: 'cache.cdn-misses',
    severity: () => 'warning',
    match: (r) =>
      ok(r) && (r.sharedTtlSec ?? 0) > 0 && r.cdn.statuses.slice(1).some((s) => s === 'miss'),
    title: (l) =>
      `The CDN or proxy missed on repeated requests for ${l.length} cacheable resource(s)`,
    detail:
      'These responses allow a shared cache to keep them, yet a second identical request still missed: the edge does not cache them (a cache key with cookies or query strings, a bypass rule, Set-Cookie) or evicts them at once.',
    value: (r) => `${r.cdn.statuses.join(' ')} (shared TTL ${fmtSec(r.sharedTtlSec)})`,
    recommendation: fix(
      'Cache-Control: public, s-maxage=600',
      'proxy_cache_valid 200 10m; proxy_ignore_headers Set-Cookie; proxy_cache_key $scheme$host$uri;',
      "res.set('Cache-Control', 'public, s-maxage=600')",
    ),
  },
  {
    id: 'cache.html-long-ttl',
    severity: () => 'warning',
    match: (r) =>
      ok(r) &&
      r.kind === 'html' &&
      maxTtl(r) > LONG_HTML_SEC &&
      !('must-revalidate' in r.directives),
    title: (l) => `${l.length} HTML page(s) cached for more than an hour without revalidation`,
    detail:
      'Pages name the fingerprinted assets of a deploy. Cached for long, visitors keep an old page (and old asset URLs) for hours after a release.',
    value: (r) => `private ${fmtSec(r.ttlSec)}, shared ${fmtSec(r.sharedTtlSec)}`,
    recommendation: fix(
      'Cache-Control: no-cache (with an ETag, so revalidation is a cheap 304)',
      'location / { add_header Cache-Control "no-cache"; etag on; }',
      "res.set('Cache-Control', 'no-cache') for HTML routes",
    ),
  },
]

export function resourceFindings(resources: readonly CacheResource[]): Finding[] {
  const out: Finding[] = []
  const okCount = resources.filter(ok).length
  for (const rule of RULES) {
    const list = resources.filter(rule.match)
    if (list.length === 0) continue
    out.push({
      id: rule.id,
      severity: rule.severity(list),
      title: rule.title(list),
      detail: `${rule.detail} Affected: ${names(list)}.`,
      evidence: evidence(list, rule.value),
      recommendation: rule.recommendation,
      impact: okCount ? Math.min(1, list.length / okCount) : 0,
    })
  }
  const failed = resources.filter((r) => !ok(r))
  if (failed.length) {
    out.push({
      id: 'cache.fetch-failed',
      severity: failed.length === resources.length ? 'critical' : 'warning',
      title: `${failed.length} of ${resources.length} resource(s) failed or answered an error status`,
      detail: `Their caching could not be judged. Affected: ${names(failed)}.`,
      evidence: evidence(failed, (r) => r.error ?? `status ${r.status}`),
      recommendation:
        'Check the paths (and the crawl start) against the base URL; a 4xx/5xx answer is cached by few caches and should be fixed first.',
      impact: failed.length / Math.max(1, resources.length),
    })
  }
  return out
}

export function invalidationFinding(
  inv: CacheInvalidationResult,
  config: HttpCacheConfig,
): Finding {
  const limit = config.thresholds.maxStalenessSec
  const ev: Finding['evidence'] = [
    { label: 'watched path', value: inv.path },
    { label: 'polls', value: inv.polls },
    { label: 'resolution', value: inv.resolutionSec, unit: 's' },
  ]
  if (inv.triggerStatus !== null) ev.push({ label: 'trigger status', value: inv.triggerStatus })
  if (!inv.changed) {
    return {
      id: 'cache.invalidation-timeout',
      severity: 'warning',
      title: `${inv.path} still served the old content ${config.invalidation?.timeoutSec ?? '?'} s after the ${inv.triggered ? 'trigger' : 'probe started'}`,
      detail: `${inv.error ? `${inv.error}. ` : ''}Either the change did not happen, or a cache keeps serving the old version longer than the probe waited.`,
      evidence: ev,
      recommendation: fix(
        'Cache-Control: no-cache (or a short s-maxage) on content that changes, plus a purge on deploy',
        'proxy_cache_valid 200 10s; (or proxy_cache_purge with the cache purge module)',
        "res.set('Cache-Control', 'public, max-age=0, s-maxage=10, stale-while-revalidate=30')",
      ),
    }
  }
  const window = inv.windowSec ?? 0
  const over = limit !== undefined && window > limit
  ev.unshift({ label: 'staleness window', value: window, unit: 's' })
  return {
    id: 'cache.invalidation-window',
    severity: over ? 'warning' : 'info',
    title: `A change to ${inv.path} showed after ${window} s (± ${inv.resolutionSec} s)`,
    detail: `Clients were served the old content for about ${window} s after the ${inv.triggered ? 'trigger request' : 'probe started'}${over ? `, more than the ${limit} s allowed` : ''}.`,
    evidence: ev,
    recommendation: over
      ? fix(
          `Cache-Control: s-maxage=${Math.max(1, Math.floor(limit ?? 10))} (or purge the CDN on change)`,
          `proxy_cache_valid 200 ${Math.max(1, Math.floor(limit ?? 10))}s;`,
          `res.set('Cache-Control', 'public, s-maxage=${Math.max(1, Math.floor(limit ?? 10))}')`,
        )
      : 'Nothing to change: the window is what the cache lifetimes promise. Keep it in the history to compare after a change.',
  }
}
