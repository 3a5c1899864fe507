import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisHealthConfigSchema, type Finding, type RedisTarget } from '@shared/index'
import { startOwnRedis, type OwnRedis } from '../redis/test-support'
import type { SuiteContext } from '../types'
import { redisHealthWorker } from './worker'

// A redis-server of the test's own (so DBSIZE is the test's alone), db 3, filled with known
// keys: 2,000 small ones without a TTL, 1,000 with one, 200 hashes, and one 4 MB string.

let own: OwnRedis
let target: RedisTarget
const prefix = `perfdesk-hx-${randomBytes(3).toString('hex')}:`
const BIG = `${prefix}big-blob`
const SMALL_NO_TTL = 2000
const SMALL_TTL = 1000
const HASHES = 200
const TOTAL = SMALL_NO_TTL + SMALL_TTL + HASHES + 1
// hashes have no TTL, nor has the big key
const NO_TTL_SHARE = (SMALL_NO_TTL + HASHES + 1) / TOTAL

function context(config: object): { ctx: SuiteContext<'redis-health'>; abort: AbortController } {
  const abort = new AbortController()
  return {
    abort,
    ctx: {
      runId: 'rh',
      suiteIndex: 0,
      config: RedisHealthConfigSchema.parse({ kind: 'redis-health', target: 'own', ...config }),
      target,
      signal: abort.signal,
      progress: () => undefined,
      log: () => undefined,
    },
  }
}

const byId = (fs: Finding[], id: string): Finding | undefined => fs.find((f) => f.id === id)

beforeAll(async () => {
  own = await startOwnRedis()
  target = { ...own.target, db: 3 }
  const c = new Redis({ port: own.port, host: '127.0.0.1', db: 3 })
  const p = c.pipeline()
  for (let i = 0; i < SMALL_NO_TTL; i++) p.set(`${prefix}s:${i}`, 'v'.repeat(50))
  for (let i = 0; i < SMALL_TTL; i++) p.set(`${prefix}t:${i}`, 'v'.repeat(50), 'EX', 3600)
  for (let i = 0; i < HASHES; i++) p.hset(`${prefix}h:${i}`, { a: '1', b: '2', c: 'x'.repeat(100) })
  p.set(BIG, Buffer.alloc(4 * 1024 * 1024, 7))
  await p.exec()
  expect(await c.dbsize()).toBe(TOTAL)
  await c.quit()
}, 30_000)

afterAll(async () => {
  await own?.stop()
})

describe('redis-health on a server with a 4 MB key among small ones', () => {
  it('names the big key, gets the no-TTL share and leaves DBSIZE as it was', async () => {
    const { ctx } = context({})
    const out = await redisHealthWorker.run(ctx)
    expect(out.status).toBe('passed')
    const h = out.health!
    expect(h.dbsizeBefore).toBe(TOTAL)
    expect(h.dbsizeAfter).toBe(TOTAL)
    expect(h.scan.complete).toBe(true)
    expect(h.scan.keysSeen).toBe(TOTAL)

    expect(h.bigKeys[0]).toMatchObject({ key: BIG, type: 'string', ttlSec: null })
    expect(h.bigKeys[0]!.bytes).toBeGreaterThanOrEqual(4 * 1024 * 1024)
    expect(h.bigKeys).toHaveLength(10)
    const big = byId(out.findings, 'redis.health.big-keys')!
    expect(big.evidence).toEqual([
      { label: BIG, value: expect.stringMatching(/^string, [45]\.\d MiB, no TTL$/) },
    ])
    expect(big.recommendation).toContain(`UNLINK ${BIG}`)

    expect(h.ttl.noTtlShare).toBeCloseTo(NO_TTL_SHARE, 4)
    expect(h.ttl.margin).toBe(0)
    const noTtl = byId(out.findings, 'redis.health.no-ttl')!
    expect(noTtl.evidence).toContainEqual({
      label: 'without TTL',
      value: SMALL_NO_TTL + HASHES + 1,
    })

    expect(h.types.map((t) => t.type).sort()).toEqual(['hash', 'string'])
    expect(h.types.find((t) => t.type === 'hash')!.keys).toBe(HASHES)

    // the test's own server: no maxmemory, no persistence
    expect(byId(out.findings, 'redis.health.eviction-policy')?.severity).toBe('warning')
    expect(byId(out.findings, 'redis.health.persistence')?.title).toMatch(/No persistence/)
    // the sizing curve covers every key, and names the memory for 95 % hits
    expect(h.curve!.keys).toBe(TOTAL)
    expect(h.curve!.for95).toBeGreaterThan(0)
    expect(byId(out.findings, 'redis.health.cache-size')!.title).toMatch(
      /For 95 % hits an LRU cache needs ~/,
    )
    expect(out.metrics!.warning).toBeGreaterThanOrEqual(2)
  }, 60_000)

  it('samples when told to stop early, within its own stated error', async () => {
    const { ctx } = context({ maxKeys: 800, scanCount: 50 })
    const out = await redisHealthWorker.run(ctx)
    const h = out.health!
    expect(h.scan.complete).toBe(false)
    expect(h.scan.keysSeen).toBe(800)
    expect(h.ttl.margin).toBeGreaterThan(0.01)
    // the stated margin is a 95 % interval; twice it is missed about once in ten thousand runs
    expect(Math.abs(h.ttl.noTtlShare! - NO_TTL_SHARE)).toBeLessThan(2 * h.ttl.margin)
    expect(h.dbsizeAfter).toBe(TOTAL)
  }, 60_000)

  it('is paced: 3,201 keys at 2,000 keys/s take more than a second', async () => {
    const { ctx } = context({ keysPerSec: 2000 })
    const out = await redisHealthWorker.run(ctx)
    expect(out.health!.scan.durationSec).toBeGreaterThanOrEqual(1.2)
  }, 60_000)

  it('fails with a plain sentence when the server is not there', async () => {
    const { ctx } = context({})
    ctx.target = { id: 'own', kind: 'redis', url: 'redis://127.0.0.1:1' }
    const out = await redisHealthWorker.run(ctx)
    expect(out.status).toBe('error')
    expect(out.error).toMatch(/connection refused/)
  }, 30_000)
})
