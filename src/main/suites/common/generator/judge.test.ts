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

  it('a thread that waits for a CPU while it has work is client-bound; one waiting on answers is not', () => {
    const reading = (busy: number, cpuWaitMs: number) => ({
      busy,
      activeMs: busy * 4000,
      eventLoopDelayP99Ms: 20,
      wallMs: 4000,
      cpuWaitMs,
    })
    // a CPU quota: its loop looks 28 % busy (a throttled wait for I/O counts as idle)
    const quota = judgeGenerator([reading(0.28, 1900)], { cpuSec: 0.5, operations: 90_000 })
    expect(quota.clientBound).toBe(true)
    expect(quota.reason).toMatch(/waited for a CPU 48 %/)
    // a slow target on a busy machine: queued for a CPU at each wake-up, but mostly waiting
    const slow = judgeGenerator([reading(0.03, 1800)], { cpuSec: 0.1, operations: 1300 })
    expect(slow.clientBound).toBe(false)
  })
})
