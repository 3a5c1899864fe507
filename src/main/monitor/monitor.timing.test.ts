import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { startMonitor } from './monitor'

/**
 * Timing acceptance of the process monitor (npm run test:timing): a process burning one core
 * reads ≥ 70 % CPU. Only on a quiet CPU: with other jobs on the cores it gets less than a core.
 */
const burner = spawn(
  process.execPath,
  ['-e', 'const end = Date.now() + 3000; while (Date.now() < end) {} setInterval(() => {}, 1000)'],
  { stdio: 'ignore' },
)
afterAll(() => {
  if (burner.exitCode === null) burner.kill('SIGKILL')
})

describe('sampling a process by pid: timing', () => {
  it('reads a busy process at ≥ 70 % of a core', async () => {
    const m = await startMonitor({ target: { id: 'srv', kind: 'process', pid: burner.pid! } })
    await new Promise((r) => setTimeout(r, 3000))
    const r = await m.stop()
    const busy = r.samples.filter((s) => s.t <= 2.9)
    const mean = busy.reduce((a, s) => a + s.cpuPct, 0) / busy.length
    console.log('cpu samples', r.samples.map((s) => `${s.t.toFixed(1)}s ${s.cpuPct}%`).join(', '))
    expect(busy.length).toBeGreaterThanOrEqual(2)
    expect(mean).toBeGreaterThanOrEqual(70)
    expect(r.summary.cpuPctMax).toBeGreaterThanOrEqual(70)
  })
})
