import { afterEach, describe, expect, it } from 'vitest'
import { httpLoadWorker } from '../worker'
import { testContext } from '../open-model/testing/context'
import { startServerProcess, type ServerProcess } from '../open-model/testing/server'

/**
 * A flow on the open model on a quiet CPU: walks start at the plan's rate within 1 %, each step
 * shows its own route's delay (the 100 ms pauses between steps do not show), and step 1 leaves
 * on time. The server runs in its own process, so its timers and the generator's do not share
 * an event loop.
 */
let server: ServerProcess | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const RATE = 100
const SECONDS = 5

describe('open model: a flow', () => {
  it(
    'walks at the rate ±1 %, step p50 within 15 % of the route delay, no think time in latency',
    { retry: 1 },
    async () => {
      server = await startServerProcess({ routeDelays: { '/s1': 2, '/s2': 10, '/s3': 5 } })
      const { ctx } = testContext(server.url, {
        scenario: 'flow',
        model: 'arrival-rate',
        rate: RATE,
        durationSec: SECONDS,
        requests: [{ path: '/s1', thinkMs: 100 }, { path: '/s2', thinkMs: 100 }, { path: '/s3' }],
      })
      const out = await httpLoadWorker.run(ctx)
      const delivered = out.checks.find((c) => c.metric === 'deliveredRps')!
      console.log(
        `open flow: delivered ${delivered.value} walks/s, steps ` +
          out
            .requests!.map(
              (r) => `${r.name} n=${r.count} p50 ${r.latencyMs.p50} p99 ${r.latencyMs.p99}`,
            )
            .join('; ') +
          `; ${out.notes?.find((n) => n.startsWith('Send lag'))}`,
      )
      expect(out.status).toBe('passed')
      expect(Math.abs(delivered.value! - RATE)).toBeLessThanOrEqual(0.01 * RATE)
      for (const [i, r] of out.requests!.entries()) {
        const delay = [2, 10, 5][i]!
        expect(r.count).toBe(RATE * SECONDS)
        expect(r.latencyMs.p50).toBeGreaterThanOrEqual(delay)
        expect(r.latencyMs.p50).toBeLessThanOrEqual(delay * 1.15 + 0.5)
      }
      // step 1 leaves on time: walks in their pauses do not disturb the schedule
      expect((out.metrics?.late ?? 0) / (RATE * SECONDS)).toBeLessThan(0.02)
    },
  )
})
