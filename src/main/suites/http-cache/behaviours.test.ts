import { beforeAll, describe, expect, it } from 'vitest'
import type { CacheResource } from '@shared/index'
import { BEHAVIOURS } from './testing/origin'
import { runCacheSuite } from './testing/run-suite'
import { originAndEdgeForFile } from './testing/servers-for-file'

const servers = originAndEdgeForFile()

const REPEAT = 4

describe('http-cache: each resource field matches what the test server does', () => {
  let byPath: Map<string, CacheResource>
  let findings: string[]
  beforeAll(async () => {
    const paths = Object.values(BEHAVIOURS).filter((p) => p !== BEHAVIOURS.cdn)
    const out = await runCacheSuite(servers.origin.url, { paths, repeat: REPEAT })
    expect(out.status).toBe('passed')
    expect(out.resources).toHaveLength(paths.length)
    byPath = new Map(out.resources.map((r) => [r.path, r]))
    findings = out.findings.map((f) => f.id)
  })
  const get = (p: string): CacheResource => {
    const r = byPath.get(p)
    if (!r) throw new Error(`no resource ${p}`)
    return r
  }

  it('long-lived immutable fingerprinted asset', () => {
    const r = get(BEHAVIOURS.immutable)
    expect(r).toMatchObject({
      status: 200,
      kind: 'script',
      cacheable: true,
      ttlSec: 31_536_000,
      sharedTtlSec: 31_536_000,
      heuristic: false,
      fingerprinted: true,
      revalidation: '304',
      validators: { etag: '"app-1"', lastModified: null },
      vary: ['accept-encoding'],
      setCookie: false,
    })
    expect(r.directives).toEqual({ public: true, 'max-age': '31536000', immutable: true })
    expect(r.compression.encoding).toBe('gzip')
    expect(r.compression.identityBytes).toBeGreaterThan(r.compression.bytes)
    expect(r.bytes).toBe(r.compression.bytes)
    expect(r.cdn).toMatchObject({ provider: null, hits: 0, misses: 0, hitRatio: null })
    expect(r.coldMs).toBeGreaterThan(0)
    expect(r.warmMs).toBeGreaterThan(0)
    expect(r.revalidateMs).toBeGreaterThan(0)
  })

  it('no-cache with an ETag: stored, always revalidated, 304', () => {
    expect(get(BEHAVIOURS.noCacheEtag)).toMatchObject({
      cacheable: true,
      ttlSec: 0,
      sharedTtlSec: 0,
      heuristic: false,
      revalidation: '304',
      directives: { 'no-cache': true },
      validators: { etag: '"nc-7"', lastModified: null },
    })
  })

  it('private with Set-Cookie: browser only', () => {
    expect(get(BEHAVIOURS.privateCookie)).toMatchObject({
      cacheable: true,
      ttlSec: 60,
      sharedTtlSec: null,
      setCookie: true,
      revalidation: 'none',
      directives: { private: true, 'max-age': '60' },
    })
  })

  it('broken revalidation: a validator, but the full body comes back', () => {
    const r = get(BEHAVIOURS.brokenRevalidation)
    expect(r).toMatchObject({
      revalidation: 'full',
      ttlSec: 0,
      validators: { etag: '"always-the-same"' },
    })
    expect(findings).toContain('cache.revalidation-full-body')
  })

  it('no caching headers: heuristic freshness from Last-Modified, marked', () => {
    const r = get(BEHAVIOURS.noHeaders)
    // 10 % of the 10 days between Date and Last-Modified
    expect(r).toMatchObject({
      cacheable: true,
      ttlSec: 86_400,
      sharedTtlSec: 86_400,
      heuristic: true,
    })
    expect(r.directives).toEqual({})
    expect(r.validators.lastModified).not.toBeNull()
    expect(findings).toContain('cache.heuristic-freshness')
  })

  it('Vary: * is never reusable', () => {
    expect(get(BEHAVIOURS.varyStar)).toMatchObject({
      cacheable: false,
      ttlSec: null,
      sharedTtlSec: null,
      vary: ['*'],
    })
    expect(findings).toContain('cache.vary-star')
  })

  it('no-store on a static asset', () => {
    expect(get(BEHAVIOURS.noStore)).toMatchObject({
      kind: 'image',
      cacheable: false,
      ttlSec: null,
      sharedTtlSec: null,
      heuristic: false,
      directives: { 'no-store': true },
    })
    expect(findings).toContain('cache.no-store-static')
  })

  it('Set-Cookie on a public response, uncompressed JSON and a long-lived HTML page are found', () => {
    expect(get(BEHAVIOURS.sharedCookie)).toMatchObject({ setCookie: true, sharedTtlSec: 300 })
    expect(findings).toContain('cache.set-cookie-shared')
    expect(get(BEHAVIOURS.bigJson)).toMatchObject({ kind: 'api', compression: { encoding: null } })
    expect(findings).toContain('cache.uncompressed-text')
    expect(get(BEHAVIOURS.longHtml)).toMatchObject({ kind: 'html', ttlSec: 86_400 })
    expect(findings).toContain('cache.html-long-ttl')
    // the private response with a cookie is not flagged for shared caches
    expect(findings).not.toContain('cache.fingerprinted-not-immutable')
  })

  it('a CDN edge that misses, then hits with Age', async () => {
    const out = await runCacheSuite(servers.edge.url, { paths: [BEHAVIOURS.cdn], repeat: REPEAT })
    const r = out.resources[0]!
    expect(r.cdn).toMatchObject({
      provider: 'cache',
      hits: REPEAT - 1,
      misses: 1,
      hitRatio: (REPEAT - 1) / REPEAT,
      statuses: ['miss', 'hit', 'hit', 'hit'],
    })
    expect(r.cdn.ageSec).not.toBeNull()
    expect(r).toMatchObject({ cacheable: true, ttlSec: 60, sharedTtlSec: 300 })
    expect(out.metrics?.cdnHitRatio).toBe(0.75)
    expect(out.findings.map((f) => f.id)).not.toContain('cache.cdn-misses')
  })

  it('suite metrics add up', async () => {
    const out = await runCacheSuite(servers.origin.url, {
      paths: [
        BEHAVIOURS.immutable,
        BEHAVIOURS.noStore,
        BEHAVIOURS.bigJson,
        BEHAVIOURS.brokenRevalidation,
      ],
      repeat: 2,
      thresholds: { minCacheableShare: 0.9 },
    })
    const m = out.metrics!
    expect(m.resources).toBe(4)
    expect(m.cacheableShare).toBe(0.5)
    // the 1 KB+ compressible bodies: the gzip JS and the plain JSON
    expect(m.compressedShare).toBeGreaterThan(0)
    expect(m.compressedShare).toBeLessThan(1)
    expect(m.revalidatingShare).toBe(0.5)
    expect(m.requests).toBe(4 * 2 + 2)
    expect(m.api?.resources).toBe(1)
    expect(out.status).toBe('failed')
    expect(out.checks[0]).toMatchObject({ metric: 'minCacheableShare', value: 0.5, pass: false })
  })
})
