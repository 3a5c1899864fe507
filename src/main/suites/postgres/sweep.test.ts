import { describe, expect, it } from 'vitest'
import { postgresWorker } from './worker'
import { fakeContext } from './test-support'
import { runSleepSweep } from './testing/sleep-sweep'

describe('postgres suite: pool-size sweep', () => {
  // TPS against the pool size (ratios, Little's law) needs a quiet CPU: sweep.timing.test.ts
  it('runs a step per pool size for pg_sleep(10 ms); at pool 1 clients mostly wait', async () => {
    const { run, out, steps, p1, p16 } = await runSleepSweep(1)
    for (const s of steps) {
      expect(s.tps).toBeGreaterThan(0)
      expect(s.errors).toBe(0)
      // pg_sleep(0.01) is a floor of the execution time whatever the CPU
      expect(s.execMs.p50).toBeGreaterThanOrEqual(10)
      // a pool of n connections each busy ≥ 10 ms per query cannot exceed n / 0.010 per second
      expect(s.tps).toBeLessThan((s.poolSize / 0.01) * 1.05)
    }
    // 16 clients on one connection: each waits for the others' queries
    expect(p1.waitShare).toBeGreaterThan(0.5)
    expect(p16.waitShare).toBeLessThan(p1.waitShare)
    expect(out.findings.map((f) => f.id)).toContain('pg-pool-too-small')
    // live samples labelled by step
    expect(run.progress.some((p) => p.label === 'pool 4 (2/3)')).toBe(true)
    expect(
      out.series.every((s) => typeof s.poolSize === 'number' && typeof s.waitMs === 'number'),
    ).toBe(true)
    expect(out.series.some((s) => s.poolSize === 1)).toBe(true)
  })

  it('stops within a second of cancel and returns the partial step', async () => {
    const run = fakeContext({
      queries: [{ name: 'slow', sql: 'SELECT pg_sleep(2)' }],
      poolSizes: [2, 4],
      clients: 4,
      durationSec: 10,
      explain: 'off',
    })
    const started = performance.now()
    const pending = postgresWorker.run(run.ctx)
    await new Promise((r) => setTimeout(r, 1500))
    const abortedAt = performance.now()
    run.abort.abort()
    const out = await pending
    const took = performance.now() - abortedAt
    expect(took).toBeLessThan(1000)
    expect(performance.now() - started).toBeLessThan(3000)
    expect(out.status).toBe('cancelled')
    expect(out.details!.steps.length).toBe(1)
    expect(out.details!.steps[0]!.partial).toBe(true)
  })
})
