import { describe, expect, it } from 'vitest'
import { runSleepSweep } from './testing/sleep-sweep'

/**
 * Timing acceptance of the pool-size sweep (npm run test:timing): TPS near n / 10 ms for
 * pg_sleep(10 ms), Little's law within 25 %, and the ratios between pool sizes. sweep.test.ts
 * keeps what holds on a busy machine.
 */
describe('postgres suite: pool-size sweep, timing', () => {
  it('TPS grows with the pool for pg_sleep(10 ms), and at pool 1 clients mostly wait', async () => {
    const { run, out, steps, p1, p4, p16 } = await runSleepSweep(2)
    for (const s of steps) {
      // a pool of n connections each sleeping 10 ms per query can do at most n / 0.010 per second;
      // pg_sleep oversleeps and a shared 2-core machine delays every answer, so the floor is looser
      // than the ceiling; the Little's-law check below is the tight one
      const ideal = s.poolSize / 0.01
      console.log(
        `pool ${s.poolSize}: ${s.tps} tps (ideal ${ideal}), exec mean ${s.execMs.mean} ms, wait share ${s.waitShare}`,
      )
      expect(s.tps).toBeGreaterThan(ideal * 0.4)
      expect(s.tps).toBeLessThan(ideal * 1.05)
      // and within 25 % of what the measured execution time allows (Little's law)
      expect(s.tps).toBeGreaterThan((s.poolSize / (s.execMs.mean / 1000)) * 0.75)
      expect(s.tps).toBeLessThan((s.poolSize / (s.execMs.mean / 1000)) * 1.25)
      expect(s.errors).toBe(0)
      expect(s.execMs.p50).toBeGreaterThanOrEqual(10)
    }
    expect(p4.tps).toBeGreaterThan(p1.tps * 2.5)
    expect(p16.tps).toBeGreaterThan(p4.tps * 1.8)
    // 16 clients on one connection: each waits for ~15 others' 10 ms queries
    expect(p1.waitShare).toBeGreaterThan(0.8)
    expect(p1.waitMs.mean).toBeGreaterThan(p1.execMs.mean * 5)
    expect(p16.waitShare).toBeLessThan(0.3)
    expect(out.details!.recommendedPoolSize).toBe(16)
    expect(out.metrics!.poolSize).toBe(16)
    expect(out.findings.map((f) => f.id)).toContain('pg-pool-too-small')
    // live samples about once a second, labelled by step
    expect(run.progress.length).toBeGreaterThanOrEqual(4)
    expect(run.progress.some((p) => p.label === 'pool 4 (2/3)')).toBe(true)
    expect(
      out.series.every((s) => typeof s.poolSize === 'number' && typeof s.waitMs === 'number'),
    ).toBe(true)
    const pool1 = out.series.filter((s) => s.poolSize === 1)
    expect(pool1.length).toBeGreaterThan(0)
    expect(Math.max(...pool1.map((s) => s.waitMs))).toBeGreaterThan(50)
  })
})
