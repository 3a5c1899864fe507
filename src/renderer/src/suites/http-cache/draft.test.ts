import { describe, expect, it } from 'vitest'
import { HttpCacheConfigSchema } from '@shared/index'
import { httpCacheConfigFromDraft, httpCacheDraftFromConfig, newHttpCacheDraft } from './draft'

describe('http-cache UI: drafts', () => {
  it('the default draft is a valid config', () => {
    const { config, problems } = httpCacheConfigFromDraft(newHttpCacheDraft(), 'site')
    expect(problems).toEqual([])
    expect(HttpCacheConfigSchema.parse(config)).toMatchObject({ paths: ['/'], repeat: 5 })
  })

  it('a config survives draft → config unchanged (crawl, invalidation, thresholds, kept fields)', () => {
    const config = HttpCacheConfigSchema.parse({
      kind: 'http-cache',
      target: 'site',
      paths: ['/api/a', '/app.js'],
      crawl: { start: '/docs/', maxPages: 40 },
      repeat: 7,
      concurrency: 2,
      timeoutSec: 4,
      invalidation: {
        trigger: { method: 'PUT', path: '/admin/purge', body: '{}', headers: { 'x-key': 'k' } },
        path: '/docs/',
        timeoutSec: 30,
        intervalMs: 100,
      },
      thresholds: { minCacheableShare: 0.8, maxStalenessSec: 10 },
    })
    const back = httpCacheConfigFromDraft(httpCacheDraftFromConfig(config), 'site')
    expect(back.problems).toEqual([])
    expect(HttpCacheConfigSchema.parse(back.config)).toEqual(config)
  })

  it('"I will change it myself" sends no trigger; a crawl alone sends no paths', () => {
    const d = {
      ...newHttpCacheDraft(),
      source: 'crawl' as const,
      invalidationOn: true,
      invTriggerOn: false,
    }
    const { config, problems } = httpCacheConfigFromDraft(d, 'site')
    expect(problems).toEqual([])
    const parsed = HttpCacheConfigSchema.parse(config)
    expect(parsed.paths).toEqual([])
    expect(parsed.crawl).toEqual({ start: '/', maxPages: 20 })
    expect(parsed.invalidation?.trigger).toBeUndefined()
  })

  it('names the field of bad input', () => {
    const d = {
      ...newHttpCacheDraft(),
      repeat: 'often',
      invalidationOn: true,
      invTriggerPath: '',
      minCacheablePct: '120',
    }
    const paths = httpCacheConfigFromDraft(d, 'site').problems.map((p) => p.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'repeat',
        'invalidation.trigger.path',
        'thresholds.minCacheableShare',
      ]),
    )
  })
})
