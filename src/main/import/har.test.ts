import { describe, expect, it } from 'vitest'
import { importFixture } from './fixture'
import { importRequests } from './index'

const har = importFixture('shop.chromium.har')

describe('HAR import (a Chromium export)', () => {
  const r = importRequests(har, 'shop.har')

  it('keeps the busiest origin and says so; drops assets and the other origin with counts', () => {
    expect(r.format).toBe('har')
    expect(r.baseUrl).toBe('https://shop.example.com')
    expect(r.dropped).toEqual([
      { reason: 'static assets (images, CSS, scripts, fonts, media)', count: 6 },
      { reason: 'other origins', count: 1 },
    ])
    expect(r.notes.join('\n')).toContain('chose https://shop.example.com')
    expect(r.notes.join('\n')).toContain('https://analytics.example.net')
  })

  it('keeps method, path with query and body; merges repeats into a weight', () => {
    expect(
      r.requests.map((q) => `${q.method} ${q.path}${q.weight ? ` ×${q.weight}` : ''}`),
    ).toEqual([
      'GET /',
      'GET /api/session',
      'GET /api/products?page=1&sort=popular ×3',
      'GET /api/products/42',
      'POST /api/cart/items',
      'GET /api/cart',
    ])
    const post = r.requests.find((q) => q.method === 'POST')!
    expect(post.body).toBe('{"productId":42,"quantity":2}')
    expect(post.headers).toEqual({
      Accept: 'application/json, text/plain, */*',
      'Accept-Language': 'en-GB,en;q=0.9',
      'Content-Type': 'application/json',
      'X-Request-Id': 'web-7f3a',
    })
    expect(r.notes.join('\n')).toContain('2 repeated requests merged')
  })

  it('drops pseudo, hop-by-hop, browser and sec-* headers; credentials leave the requests', () => {
    const names = new Set(r.requests.flatMap((q) => Object.keys(q.headers ?? {})))
    expect([...names].sort()).toEqual(['Accept', 'Accept-Language', 'Content-Type', 'X-Request-Id'])
    expect(JSON.stringify(r.requests)).not.toMatch(/s3cr3t|eyJhbGci|Bearer/)
    expect(r.secrets.map((s) => [s.name, s.requests])).toEqual([
      ['Cookie', 8],
      ['Authorization', 7],
    ])
    expect(r.secrets[1]!.value).toMatch(/^Bearer eyJ/)
  })

  it('--base-url picks a matching origin; --include-assets and --all-origins keep more', () => {
    const other = importRequests(har, 'shop.har', { baseUrl: 'https://analytics.example.net' })
    expect(other.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'POST /collect?v=2&tid=G-12345',
    ])
    const all = importRequests(har, 'shop.har', { includeAssets: true, allOrigins: true })
    expect(all.dropped).toEqual([])
    expect(all.requests.some((q) => q.path.startsWith('/static/js/'))).toBe(true)
    expect(all.requests.some((q) => q.path.startsWith('/collect'))).toBe(true)
  })

  it('a base URL with a path prefix takes it off the paths', () => {
    const r2 = importRequests(har, 'shop.har', { baseUrl: 'http://127.0.0.1:8080/api' })
    expect(r2.requests.map((q) => q.path)).toContain('/products/42')
    expect(r2.notes.join('\n')).toMatch(/1 path lies outside the base URL's path \/api/)
  })

  it('a HAR without entries is refused by name', () => {
    expect(() => importRequests('{"log": {"version": "1.2"}}', 'empty.har')).toThrow(
      /empty\.har: .*expected a HAR export/,
    )
  })
})

describe('HAR import (a Firefox export)', () => {
  const r = importRequests(importFixture('console.firefox.har'), 'console.har')

  it('finds assets by MIME type alone, drops Host, TE and conditional headers, reads form params', () => {
    expect(r.baseUrl).toBe('http://localhost:8080')
    expect(r.dropped).toEqual([
      { reason: 'static assets (images, CSS, scripts, fonts, media)', count: 3 },
    ])
    expect(r.requests).toEqual([
      {
        method: 'GET',
        path: '/api/v1/me',
        headers: { Accept: 'application/json', 'Accept-Language': 'en-US,en;q=0.5' },
        weight: 2,
      },
      {
        method: 'POST',
        path: '/api/v1/login',
        headers: {
          Accept: 'application/json',
          'Accept-Language': 'en-US,en;q=0.5',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'user=ada&remember=1',
      },
    ])
    expect(r.secrets).toEqual([{ name: 'X-Api-Key', value: 'ff-key-5555aaaa', requests: 2 }])
  })
})
