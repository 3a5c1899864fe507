import { describe, expect, it } from 'vitest'
import { runOpenModel } from './index'
import { httpLoadWorker } from '../worker'
import { useServerProcess } from './testing/use-server'
import { testContext } from './testing/context'

const K = 8
const SERVICE_MS = 20
const CAPACITY = K / (SERVICE_MS / 1000) // 400 req/s

describe('open model: rate sweep', () => {
  const server = useServerProcess({ concurrency: K, serviceMs: SERVICE_MS })

  it(
    'places the knee at the capacity of a server that serves K at a time',
    { timeout: 60_000 },
    async () => {
      const { ctx, progress } = testContext(server().url, {
        model: 'arrival-rate',
        durationSec: 2,
        sweep: { rates: [100, 200, 300, 400, 500, 600, 800] },
        thresholds: { p95Ms: 100 },
      })
      const out = await runOpenModel(ctx)
      const sweep = out.sweep
      console.log(
        'sweep:',
        sweep?.steps
          .map((s) => `${s.rate}→${s.rps} p95 ${s.latencyMs.p95}${s.meetsThresholds ? '' : ' ✗'}`)
          .join(' | '),
        'knee',
        JSON.stringify(sweep?.knee),
        'max',
        JSON.stringify(sweep?.maxSustainable),
      )
      expect(sweep?.steps).toHaveLength(7)
      expect(sweep?.knee).not.toBeNull()
      const knee = sweep!.knee!
      // in req/s, and in concurrency by Little's law (throughput × service time = K)
      expect(knee.load).toBeGreaterThan(0.75 * CAPACITY)
      expect(knee.load).toBeLessThan(1.25 * CAPACITY)
      const concurrency = (knee.rps * SERVICE_MS) / 1000
      expect(concurrency).toBeGreaterThan(0.75 * K)
      expect(concurrency).toBeLessThan(1.25 * K)
      expect(knee.fit).toMatchObject({
        sigma: expect.any(Number),
        kappa: expect.any(Number),
        lambda: expect.any(Number),
        r2: expect.any(Number),
      })
      // below capacity the server keeps p95 near its service time; past it the queue grows
      expect(sweep?.maxSustainable?.load).toBeGreaterThanOrEqual(300)
      expect(sweep?.maxSustainable?.load).toBeLessThanOrEqual(400)
      expect(out.findings.find((f) => f.id === 'http.max-sustainable')?.title).toMatch(
        /Max sustainable ≈ \d+ req\/s at p95 ≤ 100 ms/,
      )
      expect(out.series.every((s) => s.step !== undefined)).toBe(true)
      expect(progress.length).toBeGreaterThanOrEqual(10)
    },
  )
})

describe('connections sweep (closed-model steps)', () => {
  const server = useServerProcess({ concurrency: K, serviceMs: SERVICE_MS })

  it('places the knee at K connections (±25 %)', { timeout: 60_000 }, async () => {
    const { ctx } = testContext(server().url, {
      durationSec: 1.5,
      sweep: { connections: [1, 2, 4, 8, 16, 32] },
    })
    const out = await httpLoadWorker.run(ctx)
    const sweep = out.sweep
    console.log(
      'connections sweep:',
      sweep?.steps.map((s) => `${s.connections}→${s.rps}`).join(' | '),
      'knee',
      JSON.stringify(sweep?.knee),
    )
    expect(sweep?.steps).toHaveLength(6)
    const knee = sweep?.knee
    expect(knee).toBeTruthy()
    expect(knee!.load).toBeGreaterThan(0.75 * K)
    expect(knee!.load).toBeLessThan(1.25 * K)
    expect(out.findings.some((f) => f.id === 'http.knee')).toBe(true)
    expect(out.findings.find((f) => f.id === 'http.max-sustainable')?.title).toMatch(
      /Max sustainable ≈ \d+ req\/s at p95 ≤ \d+ ms \(\d+ connections\)/,
    )
  })
})
