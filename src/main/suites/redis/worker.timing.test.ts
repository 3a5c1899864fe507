import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SuiteOutput } from '../types'
import { fakeContext, matrixCell, redisConfig, sharedClient, TINY_MATRIX } from './test-support'
import { redisWorker } from './worker'

/**
 * Timing acceptance of the Redis matrix (npm run test:timing): orderings that hold on a quiet
 * CPU and fail when another job steals it (a stalled 100 B command can outlast a 100 KB one).
 */

const client = sharedClient()
afterAll(() => {
  client.disconnect()
})

const cell = matrixCell

describe('redis suite: the matrix, timing', () => {
  let out: SuiteOutput<'redis'>
  const config = redisConfig({
    operations: ['get', 'set'],
    payloadBytes: [100, 102400],
    pipeline: [1, 16],
    clients: 4,
    durationSec: 0.5,
  })

  beforeAll(async () => {
    const { ctx } = fakeContext(config)
    out = await redisWorker.run(ctx)
  })

  it('latency rises with payload size from 100 B to 100 KB', () => {
    expect(out.status, out.error).toBe('passed')
    const m = out.metrics!.matrix
    for (const op of ['get', 'set']) {
      const small = cell(m, op, 100, 1)
      const large = cell(m, op, 102400, 1)
      // 1000× the bytes: the fastest and the median command both slow down clearly
      expect(large.latencyMs.p50).toBeGreaterThan(small.latencyMs.p50 * 1.5)
      expect(large.latencyMs.min).toBeGreaterThan(small.latencyMs.min)
      expect(large.opsPerSec).toBeLessThan(small.opsPerSec)
      // pipelined, a batch of 16 × 100 KB takes much longer than 16 × 100 B
      expect(cell(m, op, 102400, 16).latencyMs.p50).toBeGreaterThan(
        cell(m, op, 100, 16).latencyMs.p50 * 1.5,
      )
    }
    const bend = out.metrics!.bends.find((b) => b.operation === 'get' && b.pipeline === 1)!
    expect(bend.growth).toBeGreaterThan(0)
  })

  it('pipelining 16 gives more GET ops/s than single commands', () => {
    const m = out.metrics!.matrix
    expect(cell(m, 'get', 100, 16).opsPerSec).toBeGreaterThan(cell(m, 'get', 100, 1).opsPerSec)
  })
})

describe('redis suite: hit rate with a TTL, timing', () => {
  it('the steady-state hit rate is within ±0.08 of the Poisson model', async () => {
    const config = redisConfig({
      ...TINY_MATRIX,
      hitRate: { keys: 500, zipf: 1, requests: 30_000, ttlSec: 0.3, valueBytes: 32 },
    })
    const out = await redisWorker.run(fakeContext(config).ctx)
    expect(out.status, out.error).toBe('passed')
    const h = out.metrics!.hitRate!
    expect(Math.abs(h.steadyState.measured - h.steadyState.expected)).toBeLessThanOrEqual(0.08)
  })
})
