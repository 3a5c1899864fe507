import { describe, expect, it } from 'vitest'
import { parseCacheControl } from './cache-control'
import { cacheStatusOf, detectProvider } from './cdn'
import { isFingerprinted } from './classify'
import { analyzeFreshness } from './freshness'
import type { HeaderMap } from './freshness'

const NOW = Date.parse('2026-01-10T12:00:00Z') / 1000
const date = (offsetSec: number): string => new Date((NOW + offsetSec) * 1000).toUTCString()
const h = (o: Record<string, string | string[]>): HeaderMap =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))

describe('Cache-Control parsing', () => {
  it('splits on commas outside quotes, lowercases names, unquotes values, keeps the first duplicate', () => {
    expect(
      parseCacheControl([
        'Public, Max-Age="600", no-cache="Set-Cookie, X-A"',
        'max-age=5, s-maxage=9',
      ]),
    ).toEqual({ public: true, 'max-age': '600', 'no-cache': 'Set-Cookie, X-A', 's-maxage': '9' })
  })
})

describe('RFC 9111 freshness', () => {
  it('s-maxage applies to shared caches only', () => {
    const f = analyzeFreshness(200, h({ 'cache-control': 'max-age=60, s-maxage=600' }), false, NOW)
    expect([f.ttlSec, f.sharedTtlSec, f.heuristic]).toEqual([60, 600, false])
  })
  it('Expires − Date when there is no max-age; an invalid Expires is already stale', () => {
    const ok = analyzeFreshness(200, h({ date: date(0), expires: date(3600) }), false, NOW)
    expect(ok.ttlSec).toBe(3600)
    const bad = analyzeFreshness(200, h({ date: date(0), expires: '0' }), false, NOW)
    expect([bad.ttlSec, bad.cacheable]).toEqual([0, true])
  })
  it('max-age wins over Expires; an invalid max-age means stale', () => {
    expect(
      analyzeFreshness(200, h({ 'cache-control': 'max-age=10', expires: date(999) }), false, NOW)
        .ttlSec,
    ).toBe(10)
    expect(analyzeFreshness(200, h({ 'cache-control': 'max-age=soon' }), false, NOW).ttlSec).toBe(0)
  })
  it('a request with Authorization is shared-cacheable only with public, s-maxage or must-revalidate', () => {
    expect(
      analyzeFreshness(200, h({ 'cache-control': 'max-age=60' }), true, NOW).sharedTtlSec,
    ).toBeNull()
    expect(
      analyzeFreshness(200, h({ 'cache-control': 'public, max-age=60' }), true, NOW).sharedTtlSec,
    ).toBe(60)
  })
  it('no heuristic for a status that is not heuristically cacheable', () => {
    const f = analyzeFreshness(302, h({ 'last-modified': date(-1000) }), false, NOW)
    expect([f.cacheable, f.ttlSec, f.heuristic]).toEqual([false, null, false])
    expect(analyzeFreshness(404, h({}), false, NOW)).toMatchObject({
      cacheable: true,
      ttlSec: 0,
      heuristic: true,
    })
  })
  it('no-cache="Set-Cookie" strips the cookie instead of forcing revalidation', () => {
    const f = analyzeFreshness(
      200,
      h({ 'cache-control': 'no-cache="Set-Cookie", max-age=30', 'set-cookie': 'a=b' }),
      false,
      NOW,
    )
    expect([f.ttlSec, f.cookieExcluded]).toEqual([30, true])
  })
})

describe('CDN headers', () => {
  it.each([
    [{ 'cf-cache-status': 'HIT', 'cf-ray': 'x' }, 'Cloudflare', 'hit'],
    [{ 'cf-cache-status': 'DYNAMIC' }, 'Cloudflare', 'miss'],
    [{ 'x-cache': 'Hit from cloudfront', 'x-amz-cf-id': 'x' }, 'CloudFront', 'hit'],
    [{ 'x-cache': 'MISS, HIT', 'x-served-by': 'cache-fra1, cache-ams2' }, 'Fastly', 'hit'],
    [{ 'x-cache-status': 'EXPIRED', server: 'nginx/1.22' }, 'nginx', 'miss'],
    [{ 'cache-status': 'ExampleCache; hit; ttl=30' }, 'cache', 'hit'],
    [{ 'cache-status': 'Netlify Edge; fwd=miss' }, 'Netlify', 'miss'],
    [{ 'server-timing': 'cdn-cache; desc=HIT, edge; dur=1' }, 'Akamai', 'hit'],
    [{ 'x-vercel-cache': 'STALE' }, 'Vercel', 'hit'],
    [{ age: '12' }, null, 'hit'],
    [{}, null, 'unknown'],
  ])('%j → %s, %s', (headers, provider, status) => {
    expect(detectProvider(h(headers))).toBe(provider)
    expect(cacheStatusOf(h(headers))).toBe(status)
  })
})

describe('fingerprints', () => {
  it.each([
    ['/assets/app.3f9a1c2b.js', true],
    ['/assets/index-BXk3Jd9a.css', true],
    ['/main.js?v=2f8e9a1c', true],
    ['/app.js', false],
    ['/jquery-3.7.1.min.js', false],
    ['/logo-dark.svg', false],
  ])('%s → %s', (path, want) => expect(isFingerprinted(path)).toBe(want))
})
