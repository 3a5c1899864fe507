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
})
