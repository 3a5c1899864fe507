import { afterEach, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { fakeContext, redisConfig, startOwnRedis } from './test-support'
import type { OwnRedis } from './test-support'
import { redisWorker } from './worker'

/** Servers configured by the test: their settings and counters must show up as findings. */
describe('redis suite: what the server says', () => {
  let own: OwnRedis | undefined
  afterEach(async () => {
    await own?.stop()
    own = undefined
  })

  it('noeviction with a small maxmemory: OOM errors are counted and the policy is flagged', async () => {
    own = await startOwnRedis(['--maxmemory', '3mb', '--maxmemory-policy', 'noeviction'])
    const config = redisConfig({
      operations: ['set'],
      payloadBytes: [102400],
      pipeline: [1],
      clients: 2,
      durationSec: 0.4,
    })
    const out = await redisWorker.run(fakeContext(config, own.target).ctx)
    expect(out.status, out.error).toBe('passed')
    const cellOut = out.metrics!.matrix[0]!
    // 3 MB hold about 20 values of 100 KB; the rest of the writes are refused
    expect(cellOut.errors).toBeGreaterThan(0)
    expect(cellOut.firstError).toMatch(/OOM/)
    expect(out.findings.find((f) => f.id === 'redis.matrix.errors')?.severity).toBe('critical')
    const ttl = out.metrics!.ttl!
    expect(ttl.maxmemoryPolicy).toBe('noeviction')
    expect(ttl.maxmemoryBytes).toBe(3 * 1024 * 1024)
    expect(ttl.warnings.some((w) => /noeviction/.test(w))).toBe(true)
    expect(
      out.findings.some((f) => f.id.startsWith('redis.eviction') && /noeviction/.test(f.detail)),
    ).toBe(true)
    expect(out.details!.cleanup.done).toBe(true)
    const c = new Redis({ port: own.port, host: '127.0.0.1' })
    expect(await c.dbsize()).toBe(0)
    c.disconnect()
  })

  it('SLOWLOG and LATENCY LATEST: a 60 ms command by someone else is reported with its numbers', async () => {
    own = await startOwnRedis([
      '--enable-debug-command',
      'yes',
      '--latency-monitor-threshold',
      '20',
      '--slowlog-log-slower-than',
      '20000',
    ])
    const c = new Redis({ port: own.port, host: '127.0.0.1' })
    await c.call('DEBUG', 'SLEEP', '0.06')
    const config = redisConfig({
      operations: ['get'],
      payloadBytes: [100],
      pipeline: [1],
      clients: 1,
      durationSec: 0.2,
    })
    const out = await redisWorker.run(fakeContext(config, own.target).ctx)
    c.disconnect()
    expect(out.status, out.error).toBe('passed')
    const h = out.metrics!.health!
    const slow = h.slowlog!.find((e) => /DEBUG SLEEP/i.test(e.command))!
    expect(slow.durationUs).toBeGreaterThanOrEqual(60_000)
    expect(slow.ours).toBe(false)
    expect(h.slowlogThresholdUs).toBe(20_000)
    expect(h.latencyMonitorThresholdMs).toBe(20)
    expect(h.latency!.find((e) => e.event === 'command')!.maxMs).toBeGreaterThanOrEqual(60)
    expect(
      out.findings.find((f) => f.id === 'redis.health.slowlog')?.evidence[0]?.value,
    ).toBeGreaterThanOrEqual(60)
    expect(out.findings.some((f) => f.id === 'redis.health.latency-events')).toBe(true)
    // the counters that moved during the run are the suite's own GETs (and more)
    expect(h.during.hits).toBeGreaterThan(0)
    expect(h.during.commands).toBeGreaterThanOrEqual(out.metrics!.commands)
  })
})
