import type { CacheResource } from '@shared/index'
import { cacheStatusOf, detectProvider, hitRatio } from './cdn'
import type { CdnStatus } from './cdn'
import { decodeBuffer, encodingOf, isFingerprinted, resourceKind } from './classify'
import type { CacheClient, FetchResponse } from './fetch'
import { CancelledError } from './fetch'
import { analyzeFreshness, header } from './freshness'

export interface Audited {
  resource: CacheResource
  /** the decoded body when it is HTML (for the crawl) */
  html: string | null
  requests: number
}

const r2 = (v: number): number => Math.round(v * 100) / 100

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** `/a/b?x=1` for a URL on the target's origin. */
export function pathOf(url: string): string {
  const u = new URL(url)
  return `${u.pathname}${u.search}`
}

/**
 * One resource, as a browser and the caches in front of the server see it: a cold request,
 * `repeat − 1` warm ones (the same request again: a CDN or proxy hit shows here), then a
 * conditional one with the validators the server gave (If-None-Match / If-Modified-Since).
 */
export async function auditResource(
  client: CacheClient,
  url: string,
  source: CacheResource['source'],
  repeat: number,
): Promise<Audited> {
  const path = pathOf(url)
  let requests = 0
  const get = async (headers?: Record<string, string>): Promise<FetchResponse> => {
    requests++
    return client.fetch({ url, ...(headers ? { headers } : {}) })
  }
  try {
    return { ...(await measure(client, url, path, source, repeat, get)), requests }
  } catch (err) {
    if (err instanceof CancelledError) throw err
    return { resource: failed(path, source, err), html: null, requests }
  }
}

async function measure(
  client: CacheClient,
  url: string,
  path: string,
  source: CacheResource['source'],
  repeat: number,
  get: (headers?: Record<string, string>) => Promise<FetchResponse>,
): Promise<Omit<Audited, 'requests'>> {
  const cold = await get()
  const responses = [cold]
  const warm: number[] = []
  for (let i = 1; i < repeat; i++) {
    const r = await get()
    responses.push(r)
    warm.push(r.ms)
  }
  const last = responses.at(-1)!
  const etag = header(cold.headers, 'etag')
  const lastModified = header(cold.headers, 'last-modified')
  let revalidation: CacheResource['revalidation'] = 'none'
  let revalidateMs: number | null = null
  if (etag !== null || lastModified !== null) {
    const conditional: Record<string, string> = {}
    if (etag !== null) conditional['if-none-match'] = etag
    if (lastModified !== null) conditional['if-modified-since'] = lastModified
    const r = await get(conditional)
    revalidateMs = r2(r.ms)
    revalidation = r.status === 304 ? '304' : 'full'
  }

  const contentType = header(cold.headers, 'content-type')
  const encoding = encodingOf(header(cold.headers, 'content-encoding'))
  const decoded = decodeBuffer(cold.body, encoding)
  let identityBytes = decoded && cold.body.length === cold.bytes ? decoded.length : null
  if (identityBytes === null && encoding === 'zstd') {
    const plain = await get({ 'accept-encoding': 'identity' })
    identityBytes = plain.bytes
  }
  const kind = resourceKind(path, contentType)
  const fresh = analyzeFreshness(cold.status, cold.headers, client.hasAuthorization)
  const statuses: CdnStatus[] = responses.map((r) => cacheStatusOf(r.headers))
  const provider = responses.map((r) => detectProvider(r.headers)).find((p) => p !== null) ?? null
  const lastAge = header(last.headers, 'age')
  const resource: CacheResource = {
    path,
    source,
    kind,
    status: cold.status,
    contentType,
    bytes: cold.bytes,
    cacheable: fresh.cacheable,
    ttlSec: fresh.ttlSec,
    sharedTtlSec: fresh.sharedTtlSec,
    heuristic: fresh.heuristic,
    directives: fresh.directives,
    validators: { etag, lastModified },
    revalidation,
    compression: { encoding, bytes: cold.bytes, identityBytes },
    vary: fresh.vary,
    cdn: {
      provider,
      ...hitRatio(statuses),
      statuses,
      ageSec: lastAge !== null && /^\d+$/.test(lastAge.trim()) ? Number(lastAge) : null,
    },
    setCookie: fresh.setCookie && !fresh.cookieExcluded,
    fingerprinted: isFingerprinted(path),
    coldMs: r2(cold.ms),
    warmMs: warm.length ? r2(median(warm)!) : null,
    revalidateMs,
  }
  const html = kind === 'html' && decoded ? decoded.toString('utf8') : null
  return { resource, html }
}

function failed(path: string, source: CacheResource['source'], err: unknown): CacheResource {
  return {
    path,
    source,
    kind: resourceKind(path, null),
    status: null,
    contentType: null,
    bytes: 0,
    cacheable: false,
    ttlSec: null,
    sharedTtlSec: null,
    heuristic: false,
    directives: {},
    validators: { etag: null, lastModified: null },
    revalidation: 'none',
    compression: { encoding: null, bytes: 0, identityBytes: null },
    vary: [],
    cdn: { provider: null, hits: 0, misses: 0, hitRatio: null, statuses: [], ageSec: null },
    setCookie: false,
    fingerprinted: isFingerprinted(path),
    coldMs: null,
    warmMs: null,
    revalidateMs: null,
    error: err instanceof Error ? err.message : String(err),
  }
}
