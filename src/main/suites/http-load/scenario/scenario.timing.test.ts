import { afterEach, describe, expect, it } from 'vitest'
import { httpLoadWorker } from '../worker'
import { testContext } from '../open-model/testing/context'
import { startServerProcess, type ServerProcess } from '../open-model/testing/server'

/**
 * The latency acceptance on a quiet CPU: endpoints answering in 5, 20 and 40 ms,
 * weighted 1:2:3 — each endpoint's p50 within 15 % of its delay and the counts in the weight
 * ratio ±10 %, in both models. The server runs in its own process so that its timers and the
 * generator do not share an event loop.
 */
const MIX = [
  { name: 'fast', path: '/d5', weight: 1 },
  { name: 'mid', path: '/d20', weight: 2 },
  { name: 'slow', path: '/d40', weight: 3 },
]

let server: ServerProcess | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe.each([
  ['closed model', { connections: 12 }],
  ['open model', { model: 'arrival-rate', rate: 200 }],
])('%s', (_, model) => {
  it('each endpoint: p50 within 15 % of its delay, counts in the weight ratio ±10 %', async () => {
    server = await startServerProcess({ routeDelays: { '/d5': 5, '/d20': 20, '/d40': 40 } })
    const { ctx } = testContext(server.url, { requests: MIX, durationSec: 4, ...model })
    const out = await httpLoadWorker.run(ctx)
    const total = out.requests!.reduce((s, r) => s + r.count, 0)
    for (const [i, r] of out.requests!.entries()) {
      const delay = [5, 20, 40][i]!
      expect(r.latencyMs.p50).toBeGreaterThanOrEqual(delay)
      expect(r.latencyMs.p50).toBeLessThanOrEqual(delay * 1.15)
      expect(Math.abs(r.count / total - (i + 1) / 6)).toBeLessThanOrEqual(((i + 1) / 6) * 0.1)
    }
  })
})
