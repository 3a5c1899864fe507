import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RedisConfigSchema, RedisSuiteResultSchema, RedisTargetSchema } from '@shared/index'
import { fakeContext, redisConfig, storedResult } from '../../../../main/suites/redis/test-support'
import { redisWorker } from '../../../../main/suites/redis/worker'
import { newRedisDraft, parseSizeList, redisConfigFromDraft, redisDraftFromConfig } from './draft'
import { redisUi } from './index'
import { RedisResultView } from './ResultView'
import { redisTargetUi } from './TargetForm'

describe('redis UI: drafts', () => {
  it('the default draft is a valid config', () => {
    const { config, problems } = redisConfigFromDraft(newRedisDraft(), 'cache')
    expect(problems).toEqual([])
    const parsed = RedisConfigSchema.parse(config)
    expect(parsed.payloadBytes).toEqual([100, 1024, 10240, 102400])
    expect(parsed.pipeline).toEqual([1, 16])
  })

  it('a config survives draft → config unchanged (hit rate, thresholds, kept fields)', () => {
    const config = redisConfig({
      operations: ['get', 'zadd'],
      payloadBytes: [100, 1536, 102400],
      pipeline: [1, 8],
      hitRate: { keys: 500, zipf: 0.9, ttlSec: 30, requests: 10_000, valueBytes: 64, maxSec: 20 },
      timeoutMs: 2500,
      thresholds: { p99Ms: 5, minHitRate: 0.85 },
    })
    const back = redisConfigFromDraft(redisDraftFromConfig(config), 'r')
    expect(back.problems).toEqual([])
    expect(RedisConfigSchema.parse(back.config)).toEqual(config)
  })

  it('names the field of bad input', () => {
    const d = {
      ...newRedisDraft(),
      payloadBytes: '100, lots',
      clients: 'four',
      operations: [],
      hitRateOn: true,
      hrKeys: '',
    }
    const paths = redisConfigFromDraft(d, 'r').problems.map((p) => p.path)
    expect(paths).toEqual(
      expect.arrayContaining(['payloadBytes', 'clients', 'operations', 'hitRate.keys']),
    )
    expect(parseSizeList('100 1k 10 KB 2MB', 'p', [])).toEqual([100, 1024, 10240, 2 * 1024 * 1024])
  })

  it('the target form keeps a stored password and checks db', () => {
    const t = RedisTargetSchema.parse({
      id: 'cache',
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      password: { env: 'REDIS_PW' },
      db: 3,
    })
    const d = redisTargetUi.fromTarget(t) as ReturnType<typeof redisTargetUi.newDraft>
    const back = redisTargetUi.toTarget(d)
    expect(back.problems).toEqual([])
    expect(RedisTargetSchema.parse(back.target)).toEqual(t)
    const bad = redisTargetUi.toTarget({ ...(d as object), db: 'x' })
    expect(bad.problems[0]?.path).toBe('db')
  })
})

describe('redis UI: the result view of a real run', () => {
  it('shows the matrix, compression, hit-rate and health sections', async () => {
    const config = redisConfig({
      operations: ['get'],
      payloadBytes: [100, 10240],
      pipeline: [1, 4],
      clients: 2,
      durationSec: 0.2,
      hitRate: { keys: 200, requests: 3000 },
    })
    const out = await redisWorker.run(fakeContext(config).ctx)
    const result = RedisSuiteResultSchema.parse(storedResult(out, config))
    const html = renderToStaticMarkup(createElement(RedisResultView, { result }))
    expect(html).toContain('data-testid="redis-matrix"')
    // 4 cells: GET 100 B ×1, ×4, 10 KB ×1, ×4
    expect(html.match(/<tr[^>]*><td>GET<\/td>/g)).toHaveLength(4)
    expect(html).toContain('10 KB')
    expect(html).toContain('data-chart="redis-ops-vs-payload"')
    expect(html).toContain('data-chart="redis-p99-vs-payload"')
    expect(html).toContain('data-testid="redis-compression"')
    expect(html).toContain('data-chart="redis-hit-rate-curve"')
    expect(html).toContain('data-testid="redis-health"')
    expect(html).toContain('data-testid="redis-findings"')
    expect(redisUi.kind).toBe('redis')
  })
})
