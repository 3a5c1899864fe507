import { describe, expect, it } from 'vitest'
import { ThreadMeter } from './meter'
import { clientBoundFinding, combineGenerator, judgeGenerator } from './judge'

describe('generator judge', () => {
  it('a thread that never idles is client-bound; one that waits on I/O is not', async () => {
    const spin = new ThreadMeter()
    const end = performance.now() + 400
    while (performance.now() < end) Math.sqrt(Math.random())
    const busy = judgeGenerator([spin.stop()], { cpuSec: 0.4, operations: 1000 })
    expect(busy.clientBound).toBe(true)
    expect(busy.busy).toBeGreaterThan(0.85)
    expect(clientBoundFinding('http', busy)?.id).toBe('http.client-bound')

    const wait = new ThreadMeter()
    await new Promise((r) => setTimeout(r, 400))
    const idle = judgeGenerator([wait.stop()], { cpuSec: 0.01, operations: 10 })
    expect(idle.busy).toBeLessThan(0.5)
    expect(idle.clientBound).toBe(false)
    expect(clientBoundFinding('redis', idle)).toBeNull()
    expect(combineGenerator([idle, busy])?.clientBound).toBe(true)
  })

  it('a generator throttled by its CPU quota is client-bound, even when its loop looks idle', () => {
    const reading = (busy: number, cpuThrottledMs: number) => ({
      busy,
      activeMs: busy * 4000,
      eventLoopDelayP99Ms: 20,
      wallMs: 4000,
      cpuThrottledMs,
      cpuSec: 0.5,
      cpuShare: 0,
    })
    // a throttled wait for I/O counts as idle: 28 % busy, yet throttled 15 % of the time
    const quota = judgeGenerator([reading(0.28, 600)], { cpuSec: 0.5, operations: 90_000 })
    expect(quota.clientBound).toBe(true)
    expect(quota.reason).toMatch(/throttled 15 % of the time/)
    // a quarter of a core, used to 64 %: it meets its quota in bursts
    const used = judgeGenerator([{ ...reading(0.26, 0), cpuQuotaCores: 0.25 }], {
      cpuSec: 0.64,
      operations: 70_000,
    })
    expect(used.clientBound).toBe(true)
    expect(used.reason).toMatch(/used 64 % of its CPU quota \(0.25 cores\)/)
    // a generator against a slow target never reaches its quota
    const slow = judgeGenerator([{ ...reading(0.03, 0), cpuQuotaCores: 0.25 }], {
      cpuSec: 0.05,
      operations: 1300,
    })
    expect(slow.clientBound).toBe(false)
  })
})
