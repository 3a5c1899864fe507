import { afterEach, describe, expect, it } from 'vitest'
import { fakeContext, redisConfig, startOwnRedis } from './test-support'
import type { OwnRedis } from './test-support'
import { redisWorker } from './worker'

/**
 * The server goes away mid-run: a redis-server of the test's own (free port, no persistence) is
 * killed, or paused with SIGSTOP, while the matrix runs. The suite reports the error and keeps
 * what it had measured.
 */
describe('redis suite: the server is lost mid-run', () => {
  let own: OwnRedis | undefined
  afterEach(async () => {
    await own?.stop()
    own = undefined
  })

  const config = () =>
    redisConfig({
      operations: ['set', 'get'],
      payloadBytes: [100, 1024, 10240],
      pipeline: [1, 16],
      clients: 2,
      durationSec: 0.4,
      timeoutMs: 800,
    })

  it('killed: status error, the steps before kept, the failing step named', async () => {
    own = await startOwnRedis()
    const { ctx, progress } = fakeContext(config(), own.target)
    const running = redisWorker.run(ctx)
    // kill once the matrix has measured a few steps
    const until = Date.now() + 10_000
    while (progress.filter((p) => (p.sample.step ?? 0) >= 4).length === 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20))
    own.child.kill('SIGKILL')
    const started = performance.now()
    const out = await running
    expect(performance.now() - started).toBeLessThan(3000)
    expect(out.status).toBe('error')
    expect(out.error).toMatch(
      /lost the Redis server at redis:\/\/127.0.0.1:\d+ during (SET|GET) .* \(\d+\/12\): the connection was closed/,
    )
    const cells = out.metrics!.matrix
    expect(cells.length).toBeGreaterThanOrEqual(3)
    expect(cells.length).toBeLessThan(12)
    expect(cells.filter((c) => !c.partial).every((c) => c.commands > 0)).toBe(true)
    // the dead server cannot be cleaned: said so, not thrown
    expect(out.details!.cleanup.done).toBe(false)
    expect(out.notes?.some((n) => /cleanup incomplete/.test(n))).toBe(true)
  })

  it('paused (SIGSTOP): the command timeout ends the run with status error and partial results', async () => {
    own = await startOwnRedis()
    const { ctx, progress } = fakeContext(config(), own.target)
    const running = redisWorker.run(ctx)
    const until = Date.now() + 10_000
    while (progress.filter((p) => (p.sample.step ?? 0) >= 3).length === 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20))
    own.child.kill('SIGSTOP')
    const started = performance.now()
    const out = await running
    // the 800 ms command timeout, then a bounded cleanup attempt
    expect(performance.now() - started).toBeLessThan(5000)
    expect(out.status).toBe('error')
    expect(out.error).toMatch(/did not answer within 800 ms|timed out/)
    expect(out.metrics!.matrix.length).toBeGreaterThanOrEqual(2)
    expect(out.details!.cleanup.done).toBe(false)
  })

  it('after SIGCONT the server is whole again and a cancelled run leaves DBSIZE as it was', async () => {
    own = await startOwnRedis()
    const { ctx, abort, progress } = fakeContext(config(), own.target)
    const running = redisWorker.run(ctx)
    const until = Date.now() + 10_000
    while (progress.filter((p) => (p.sample.step ?? 0) >= 2).length === 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20))
    own.child.kill('SIGSTOP')
    await new Promise((r) => setTimeout(r, 300))
    own.child.kill('SIGCONT')
    abort.abort()
    const out = await running
    expect(out.status).toBe('cancelled')
    expect(out.details!.cleanup.done).toBe(true)
    const { Redis } = await import('ioredis')
    const c = new Redis({ port: own.port, host: '127.0.0.1' })
    expect(await c.dbsize()).toBe(0)
    c.disconnect()
  })
})
