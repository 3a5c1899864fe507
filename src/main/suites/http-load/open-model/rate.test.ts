import { describe, expect, it } from 'vitest'
import { runSuiteAtRate, useServerProcess } from './testing/use-server'

/**
 * What a constant rate must do whatever the CPU: send every request of its schedule, measure
 * from the intended send time, and stream a sample a second. How evenly the requests leave
 * (jitter) and how close the delivered rate is to R depend on a quiet CPU: rate.timing.test.ts.
 */
const RATE = 200
const SECONDS = 2

describe('open model: a constant rate (functional)', () => {
  const server = useServerProcess({ delayMs: 2, record: true, raw: true })

  it('the schedule sends R × T requests, each measured from its intended time', async () => {
    const { out, progress, arrivals } = await runSuiteAtRate(server(), RATE, SECONDS)
    const m = out.metrics!

    expect(out.status).toBe('passed')
    expect(m.latencyBasis).toBe('intended-time')
    expect(m.targetRps).toBeCloseTo(RATE, 0)
    // every scheduled request reached the server and was answered: none dropped, none extra
    expect(m.dropped).toBe(0)
    expect(m.requests).toBe(RATE * SECONDS)
    expect(arrivals).toHaveLength(RATE * SECONDS)
    expect(m.errors).toBe(0)
    // the server's 2 ms delay is a floor of the service time, and intended-time latency is never
    // below the service time (it adds the wait for a late send)
    expect(m.serviceTimeMs?.p50).toBeGreaterThanOrEqual(2)
    expect(m.latencyMs.p50).toBeGreaterThanOrEqual(m.serviceTimeMs!.p50)
    expect(m.late).toBeGreaterThanOrEqual(0)

    // samples about once a second, with the open-model fields
    expect(progress.length).toBeGreaterThanOrEqual(1)
    expect(progress[0]?.sample).toMatchObject({
      late: expect.any(Number),
      dropped: 0,
      errors: 0,
    })
  })
})
