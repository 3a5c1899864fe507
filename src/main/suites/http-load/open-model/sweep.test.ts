import { describe, expect, it } from 'vitest'
import { runOpenModel } from './index'
import { httpLoadWorker } from '../worker'
import { useServerProcess } from './testing/use-server'
import { testContext } from './testing/context'

/**
 * What a sweep must do whatever the CPU: run every step, label its samples by step and report
 * the curve. Where the knee lands (±25 % of the server's capacity) depends on a quiet CPU:
 * sweep.timing.test.ts.
 */
const K = 8
const SERVICE_MS = 20

describe('sweeps (functional)', () => {
  const server = useServerProcess({ concurrency: K, serviceMs: SERVICE_MS })

  it('a rate sweep runs every rate, labels its series by step and reports each step', async () => {
    const rates = [50, 100, 200, 400, 800]
    const { ctx, progress } = testContext(server().url, {
      model: 'arrival-rate',
      durationSec: 1,
      sweep: { rates },
      thresholds: { p95Ms: 100 },
    })
    const out = await runOpenModel(ctx)
    const sweep = out.sweep!
    expect(sweep.steps.map((s) => s.rate)).toEqual(rates)
    for (const s of sweep.steps) {
      expect(s.rps).toBeGreaterThan(0)
      expect(s.latencyMs.p95).toBeGreaterThanOrEqual(SERVICE_MS)
      expect(typeof s.meetsThresholds).toBe('boolean')
    }
    // 800 req/s is twice what K = 8 connections of 20 ms can serve: it misses p95 ≤ 100 ms
    expect(sweep.steps.at(-1)?.meetsThresholds).toBe(false)
    expect(out.series.length).toBeGreaterThan(0)
    expect(out.series.every((s) => s.step !== undefined)).toBe(true)
    expect(progress.length).toBeGreaterThanOrEqual(rates.length - 1)
  })

  it('a connections sweep runs every count and reports its throughput', async () => {
    const connections = [1, 4, 16]
    const { ctx } = testContext(server().url, { durationSec: 1, sweep: { connections } })
    const out = await httpLoadWorker.run(ctx)
    const sweep = out.sweep!
    expect(sweep.steps.map((s) => s.connections)).toEqual(connections)
    for (const s of sweep.steps) {
      expect(s.rps).toBeGreaterThan(0)
      expect(s.latencyMs.p50).toBeGreaterThanOrEqual(SERVICE_MS)
    }
    expect(out.findings.some((f) => f.id === 'http.max-sustainable')).toBe(true)
  })
})
