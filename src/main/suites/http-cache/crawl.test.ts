import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractLinks } from './links'
import { SITE, startOrigin } from './testing/origin'
import type { Running } from './testing/origin'
import { runCacheSuite } from './testing/run-suite'

let origin: Running
beforeAll(async () => {
  origin = await startOrigin()
})
afterAll(() => origin.close())

describe('http-cache crawl', () => {
  it('finds every page and asset of the site, same origin only', async () => {
    const out = await runCacheSuite(origin.url, {
      crawl: { start: '/site/', maxPages: 10 },
      repeat: 1,
    })
    expect(out.status).toBe('passed')
    const found = out.resources.map((r) => r.path).sort()
    expect(found).toEqual(Object.keys(SITE).sort())
    expect(out.resources.every((r) => r.source === 'crawl' && r.status === 200)).toBe(true)
    const kinds = Object.fromEntries(out.resources.map((r) => [r.path, r.kind]))
    expect(kinds).toMatchObject({
      '/site/': 'html',
      '/site/style.css': 'style',
      '/site/app.1a2b3c4d5e.js': 'script',
      '/site/img/map.png': 'image',
    })
    expect(out.metrics?.crawlTruncated).toBe(false)
  })

  it('stops at maxPages and says so', async () => {
    const out = await runCacheSuite(origin.url, {
      crawl: { start: '/site/', maxPages: 1 },
      repeat: 1,
    })
    const pages = out.resources.filter((r) => r.kind === 'html').map((r) => r.path)
    expect(pages).toEqual(['/site/'])
    // the first page's own assets are still audited
    expect(out.resources.map((r) => r.path)).toContain('/site/style.css')
    expect(out.metrics?.crawlTruncated).toBe(true)
    expect((out.notes ?? []).join(' ')).toMatch(/maxPages/)
  })

  it('link extraction: quotes, entities, srcset, <base>, comments and other origins', () => {
    const html = `<base href="/b/"><a href='x.html?a=1&amp;b=2#f'>x</a><!-- <img src="/c.png"> -->
      <img srcset="i1.png 1x, /i2.png 2x"><link rel="dns-prefetch" href="//cdn.example.com">
      <script src=/s.js></script><a href="https://other.example/">o</a><a href="javascript:void 0">j</a>`
    const links = extractLinks(html, 'http://h:1/p/', 'http://h:1')
    expect(links).toEqual([
      { url: 'http://h:1/b/x.html?a=1&b=2', role: 'page' },
      { url: 'http://h:1/b/i1.png', role: 'asset' },
      { url: 'http://h:1/i2.png', role: 'asset' },
      { url: 'http://h:1/s.js', role: 'asset' },
    ])
  })
})
