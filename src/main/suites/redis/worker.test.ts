import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisSuiteResultSchema, type RedisConfig } from '@shared/index'
import type { SuiteOutput } from '../types'
import {
  fakeContext,
  matrixCell,
  redisConfig,
  sharedClient,
  storedResult,
  TINY_MATRIX,
} from './test-support'
import { redisWorker } from './worker'

/** Acceptance tests against the Redis at 127.0.0.1:6379 (db 13), with short steps. */

const client = sharedClient()
const dir = mkdtempSync(join(tmpdir(), 'perfdesk-redis-'))
afterAll(() => {
  client.disconnect()
  rmSync(dir, { recursive: true, force: true })
})

/** What the engine does with the output: it must be a valid result. */
function expectValid(out: SuiteOutput<'redis'>, config: RedisConfig): void {
  const parsed = RedisSuiteResultSchema.safeParse(storedResult(out, config))
  expect(
    parsed.success,
    parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3)),
  ).toBe(true)
}

const cell = matrixCell

describe('redis suite: the matrix', () => {
  let out: SuiteOutput<'redis'>
  // a name of this process only: other worktrees run this test on the same db at the same time
  const outside = `outside:perfdesk-test:untouched:${process.pid}`
  const config = redisConfig({
    operations: ['get', 'set'],
    payloadBytes: [100, 1024, 10240, 102400],
    pipeline: [1, 16],
    clients: 4,
    durationSec: 0.5,
  })

  beforeAll(async () => {
    await client.set(outside, 'keep me', 'EX', 3600)
    const { ctx } = fakeContext(config)
    out = await redisWorker.run(ctx)
  })
  afterAll(async () => {
    await client.del(outside)
  })

  it('measures every operation × payload × pipeline cell and returns a valid result', () => {
    expect(out.status, out.error).toBe('passed')
    const m = out.metrics!
    expect(m.matrix).toHaveLength(2 * 4 * 2)
    for (const c of m.matrix) {
      expect(c.commands).toBeGreaterThan(0)
      expect(c.errors).toBe(0)
      expect(c.opsPerSec).toBeGreaterThan(0)
      expect(c.latencyMs.p50).toBeGreaterThan(0)
      expect(c.latencyMs.p99).toBeGreaterThanOrEqual(c.latencyMs.p50)
    }
    expectValid(out, config)
  })

  // how latency grows with payload and how much pipelining gains need a quiet CPU:
  // worker.timing.test.ts; here, what holds whatever the CPU
  it('records latency per payload size and pipeline depth, and reports the bend from 100 B', () => {
    const m = out.metrics!.matrix
    for (const op of ['get', 'set']) {
      for (const bytes of [100, 1024, 10240, 102400]) {
        for (const pipeline of [1, 16]) {
          const c = cell(m, op, bytes, pipeline)
          expect(c.commands).toBeGreaterThan(0)
          expect(c.latencyMs.min).toBeGreaterThan(0)
          expect(c.latencyMs.p99).toBeGreaterThanOrEqual(c.latencyMs.p50)
        }
      }
    }
    const bend = out.metrics!.bends.find((b) => b.operation === 'get' && b.pipeline === 1)!
    expect(bend.baselineBytes).toBe(100)
  })

  it('reports what pipelining 16 gives for GET, with its evidence', () => {
    const f = out.findings.find((x) => x.id === 'redis.matrix.pipeline.get')
    expect(f?.evidence.length).toBeGreaterThan(0)
  })

  it('streams labelled live samples', () => {
    expect(out.series.length).toBeGreaterThanOrEqual(16)
    const s = out.series.find((x) => x.step === 5)
    expect(s).toMatchObject({ step: 5 })
    expect(typeof s!.opsPerSec).toBe('number')
  })

  it('removes its keys and leaves other keys alone', async () => {
    expect(out.details?.cleanup.done).toBe(true)
    expect(await client.get(outside)).toBe('keep me')
    expect(await client.ttl(outside)).toBeGreaterThan(3500)
    const left = await client.scan('0', 'MATCH', `${out.details!.keyPrefix}*`, 'COUNT', 10000)
    expect(left[1]).toEqual([])
  })
})

describe('redis suite: compression study', () => {
  const base = TINY_MATRIX

  it('highly repetitive JSON compresses better than 3× and compression is recommended', async () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      id: i,
      status: 'active',
      kind: 'order',
      currency: 'EUR',
      tags: ['a', 'b'],
    }))
    const config = redisConfig({ ...base, valueSample: JSON.stringify(records) })
    const out = await redisWorker.run(fakeContext(config).ctx)
    expect(out.status, out.error).toBe('passed')
    const c = out.metrics!.compression!
    expect(c.source).toBe('json-text')
    for (const codec of ['gzip', 'brotli', 'deflate'] as const) {
      const row = c.rows.find((r) => r.codec === codec)!
      expect(row.ratio).toBeGreaterThan(3)
      expect(row.encodeUs).toBeGreaterThan(0)
      expect(row.setMs!.p50).toBeGreaterThan(0)
    }
    expect(c.recommendation.compress).toBe(true)
    expect(c.recommendation.minBytes).toBeGreaterThan(0)
    const f = out.findings.find((x) => x.id.startsWith('redis.compression'))!
    expect(f.id).toBe('redis.compression.recommended')
    expect(f.title).toMatch(/^Compress values/)
    expectValid(out, config)
  })

  it('random bytes compress about 1× and the finding says not to compress', async () => {
    const file = join(dir, 'random.bin')
    writeFileSync(file, randomBytes(20_000))
    const config = redisConfig({ ...base, valueSample: file })
    const out = await redisWorker.run(fakeContext(config).ctx)
    expect(out.status, out.error).toBe('passed')
    const c = out.metrics!.compression!
    expect(c.source).toBe('file')
    expect(c.sampleBytes).toBe(20_000)
    for (const r of c.rows) {
      expect(r.ratio).toBeGreaterThan(0.95)
      expect(r.ratio).toBeLessThan(1.05)
    }
    expect(c.recommendation.compress).toBe(false)
    const f = out.findings.find((x) => x.id.startsWith('redis.compression'))!
    expect(f.id).toBe('redis.compression.not-worth-it')
    expect(f.title).toMatch(/Do not compress/)
    expect(c.recommendation.summary).toMatch(/incompressible/)
  })
})

describe('redis suite: hit-rate simulation', () => {
  const base = { ...TINY_MATRIX, clients: 4 }

  /** E[hits]/n for n i.i.d. Zipf requests over `keys` keys, computed here from scratch. */
  function expectedNoTtl(keys: number, s: number, n: number): number {
    let z = 0
    for (let i = 1; i <= keys; i++) z += Math.pow(i, -s)
    let distinct = 0
    for (let i = 1; i <= keys; i++) distinct += 1 - Math.pow(1 - Math.pow(i, -s) / z, n)
    return (n - distinct) / n
  }

  it('measured hit rate is within ±0.05 of the Zipf expectation (no TTL)', async () => {
    const hr = { keys: 2000, zipf: 0.8, requests: 20_000, valueBytes: 64 }
    const config = redisConfig({ ...base, hitRate: hr, thresholds: { minHitRate: 0.99 } })
    const out = await redisWorker.run(fakeContext(config).ctx)
    const h = out.metrics!.hitRate!
    const expected = expectedNoTtl(2000, 0.8, 20_000)
    expect(h.requests).toBe(20_000)
    expect(h.expected).toBeCloseTo(expected, 3)
    expect(Math.abs(h.measured - expected)).toBeLessThanOrEqual(0.05)
    // warming: the first window hits far less than the last
    expect(h.series[0]!.measured).toBeLessThan(h.series[h.series.length - 1]!.measured)
    expect(h.series.length).toBeGreaterThan(10)
    // the threshold is far above what this key pattern allows: the suite fails, with its check
    const check = out.checks.find((c) => c.metric === 'minHitRate')!
    expect(check.pass).toBe(false)
    expect(check.value).toBe(h.measured)
    expect(out.status).toBe('failed')
    expectValid(out, config)
  })

  it('with a TTL, keys expire as configured and the steady state follows the Poisson model', async () => {
    const hr = { keys: 500, zipf: 1, requests: 30_000, ttlSec: 0.3, valueBytes: 32 }
    const config = redisConfig({ ...base, hitRate: hr })
    const out = await redisWorker.run(fakeContext(config).ctx)
    expect(out.status, out.error).toBe('passed')
    const h = out.metrics!.hitRate!
    expect(h.model).toBe('poisson-ttl')
    // with a 0.3 s TTL the hit rate must sit clearly below the no-TTL value
    expect(h.measured).toBeLessThan(expectedNoTtl(500, 1, 30_000))
    // how close the steady state comes to the Poisson model depends on a steady request rate,
    // i.e. a quiet CPU: worker.timing.test.ts
    expect(h.steadyState.expected).toBeGreaterThan(0)
    expect(h.steadyState.measured).toBeGreaterThanOrEqual(0)
    const t = out.metrics!.ttl!
    expect(t.ttlSet).toBe(true)
    expect(t.expired).toBe(true)
    expect(t.configuredTtlSec).toBe(0.3)
    expect(t.configuredPttlMs).toBeGreaterThan(0)
    expect(t.configuredPttlMs).toBeLessThanOrEqual(300)
    expect(t.configuredOk).toBe(true)
  })
})

describe('redis suite: cancel', () => {
  it('returns within 1 s with partial results, and cleans up', async () => {
    const outside = `outside:perfdesk-test:cancel:${process.pid}`
    await client.set(outside, 'x')
    const config = redisConfig({
      operations: ['set', 'get', 'lpush'],
      payloadBytes: [100, 1024],
      pipeline: [1, 16],
      clients: 4,
      durationSec: 0.5,
    })
    const { ctx, abort } = fakeContext(config)
    const running = redisWorker.run(ctx)
    await new Promise((r) => setTimeout(r, 1300))
    const cancelledAt = performance.now()
    abort.abort()
    const out = await running
    const took = performance.now() - cancelledAt
    expect(took).toBeLessThan(1000)
    expect(out.status).toBe('cancelled')
    expect(out.metrics!.matrix.length).toBeGreaterThan(0)
    expect(out.metrics!.matrix.length).toBeLessThan(12)
    expect(out.details?.cleanup.done).toBe(true)
    expect(await client.get(outside)).toBe('x')
    await client.del(outside)
    // not one key of the cancelled run is left
    const left = await client.scan('0', 'MATCH', `${out.details!.keyPrefix}*`, 'COUNT', 100000)
    expect(left[1]).toEqual([])
    expectValid(out, config)
  })
})
