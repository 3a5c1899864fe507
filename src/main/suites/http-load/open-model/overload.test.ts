import { describe, expect, it } from 'vitest'
import { performance } from 'node:perf_hooks'
import { runOpenModel } from './index'
import { useServerProcess } from './testing/use-server'
import { testContext } from './testing/context'

describe('open model: more than the server can serve', () => {
  // serves 4 at a time, 50 ms each: at most 80 req/s
  const server = useServerProcess({ concurrency: 4, serviceMs: 50 })

  it(
    'says the rate was not reached, with late and dropped counts, and fails',
    { timeout: 30_000 },
    async () => {
      const { ctx } = testContext(server().url, {
        model: 'arrival-rate',
        rate: 400,
        durationSec: 3,
        maxConnections: 8,
        timeoutSec: 10,
      })
      const out = await runOpenModel(ctx)
      const m = out.metrics
      expect(out.status).toBe('failed')
      expect(m?.targetRps).toBeCloseTo(400, 0)
      // 8 connections, 4 served at a time for 50 ms: one answer per 100 ms per connection
      expect(m?.rps).toBeGreaterThan(60)
      expect(m?.rps).toBeLessThan(100)
      expect(m?.dropped).toBeGreaterThan(800)
      expect(m?.late).toBeGreaterThan(100)
      // every scheduled request is accounted for: answered or dropped
      expect((m?.requests ?? 0) + (m?.dropped ?? 0)).toBe(1200)
      const finding = out.findings.find((f) => f.id === 'http.rate-not-reached')
      expect(finding?.severity).toBe('critical')
      expect(finding?.title).toMatch(/of 400 req\/s sent/)
      const check = out.checks.find((c) => c.metric === 'deliveredRps')
      expect(check?.pass).toBe(false)
      expect(out.notes?.some((n) => n.includes('NOT reached'))).toBe(true)
      // the queueing shows in the corrected latency, not in the service time
      expect(m?.latencyMs.p50).toBeGreaterThan(m?.serviceTimeMs?.p50 ?? Infinity)
    },
  )

  it(
    'stops within a second of a cancel, with the partial results',
    { timeout: 30_000 },
    async () => {
      const ac = new AbortController()
      const { ctx, progress } = testContext(
        server().url,
        { model: 'arrival-rate', rate: 50, durationSec: 30 },
        ac.signal,
      )
      const started = performance.now()
      setTimeout(() => ac.abort(), 2500)
      const out = await runOpenModel(ctx)
      const stoppedAfter = performance.now() - started - 2500
      expect(stoppedAfter).toBeLessThan(1000)
      expect(out.status).toBe('cancelled')
      expect(out.metrics?.requests).toBeGreaterThan(50)
      expect(out.metrics?.durationSec).toBeLessThan(3.5)
      expect(progress.length).toBeGreaterThanOrEqual(2)
      expect(out.notes?.some((n) => n.startsWith('Cancelled after'))).toBe(true)
    },
  )
})
