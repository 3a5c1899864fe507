import { describe, expect, it } from 'vitest'
import { summarize } from '../../common/latency'
import { runConstantGet, useServerProcess } from './testing/use-server'

/**
 * What must hold against a stalling server whatever the CPU: every scheduled request is
 * accounted for and the stall shows in the intended-time latency (no coordinated omission).
 * How close the measured p99 and tail come to the analytic ones: stall.timing.test.ts.
 */
const RATE = 300
const SECONDS = 5

describe('open model against a stalling server (functional)', () => {
  const server = useServerProcess({ stall: { everyMs: 2000, forMs: 500 } })

  it('accounts for every scheduled request and shows the freezes in the latency', async () => {
    const { m, schedule } = await runConstantGet(server(), RATE, SECONDS, 200)
    const { freezes } = await server().stats()
    expect(freezes.length).toBeGreaterThanOrEqual(1)
    expect(m.completed + m.dropped).toBe(schedule.total)
    expect(m.dropped).toBe(0)
    // a 500 ms freeze every 2 s holds a quarter of the schedule: far more than 1 % of the
    // requests wait 250 ms or more from their intended time, so the p99 is at least that
    const measured = summarize(m.latency)
    expect(measured.p99).toBeGreaterThanOrEqual(250)
    expect(measured.max).toBeGreaterThanOrEqual(400)
  })
})
