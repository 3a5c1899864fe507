import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProcessTarget } from '@shared/index'
import { OutputRing } from './launch'
import { pidAlive, startMonitor, MonitorStartError } from './monitor'
import { slope } from './analyze'
import { readComm } from './procfs'

// Real child processes whose behaviour the test sets: a CPU burn, an allocation, an exit.

const node = JSON.stringify(process.execPath)
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

function child(script: string): ChildProcess {
  const c = spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
  children.push(c)
  return c
}

const byPid = (pid: number): ProcessTarget => ({ id: 'srv', kind: 'process', pid })
const byCommand = (command: string): ProcessTarget => ({ id: 'srv', kind: 'process', command })

/** Waits until the process is gone (reaped or not), up to `ms`. */
async function gone(pid: number, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (!pidAlive(pid)) return true
    await sleep(25)
  }
  return !pidAlive(pid)
}

describe('sampling a process by pid', () => {
  it('reads the CPU of a busy process, and its fall when it idles', async () => {
    const c = child(
      'const end = Date.now() + 3000; while (Date.now() < end) {} setInterval(() => {}, 1000)',
    )
    const m = await startMonitor({ target: byPid(c.pid!) })
    await sleep(5300)
    const r = await m.stop()
    const busy = r.samples.filter((s) => s.t <= 3.05)
    const idle = r.samples.filter((s) => s.t >= 4.5)
    const mean = (xs: { cpuPct: number }[]): number =>
      xs.reduce((a, s) => a + s.cpuPct, 0) / xs.length
    console.log('cpu samples', r.samples.map((s) => `${s.t.toFixed(1)}s ${s.cpuPct}%`).join(', '))
    expect(busy.length).toBeGreaterThanOrEqual(2)
    expect(idle.length).toBeGreaterThanOrEqual(1)
    // how close to 100 % the burn reads depends on a quiet CPU (monitor.timing.test.ts); that
    // it reads as busy, and falls when the process idles, holds whatever else runs
    expect(mean(busy)).toBeGreaterThan(mean(idle))
    expect(mean(idle)).toBeLessThan(20)
    expect(r.summary.cpuPctMax).toBeGreaterThan(mean(idle))
    expect(r.samples[0]!.rssBytes).toBeGreaterThan(5_000_000)
    expect(r.samples[0]!.threads).toBeGreaterThanOrEqual(1)
    expect(r.samples[0]!.fds).toBeGreaterThanOrEqual(3)
    expect(r.exited).toBeUndefined()
    expect(r.source).toBe('procfs')
    // the monitor never stops a process it did not start
    expect(pidAlive(c.pid!)).toBe(true)
  })

  it('finds memory growth with a positive least-squares slope', async () => {
    const c = child(
      'const keep = []; let n = 0; const iv = setInterval(() => { keep.push(Buffer.alloc(5e6, 1)); if (++n === 10) clearInterval(iv) }, 300); setInterval(() => {}, 1000)',
    )
    await sleep(150)
    const m = await startMonitor({ target: byPid(c.pid!) })
    await sleep(4200)
    const r = await m.stop()
    const f = r.findings.find((x) => x.id === 'process-memory-growth')
    console.log('rss MB', r.samples.map((s) => (s.rssBytes / 1e6).toFixed(1)).join(', '), f?.title)
    expect(f).toBeDefined()
    const slopeEv = f!.evidence.find((e) => e.label === 'slope')!
    expect(slopeEv.value as number).toBeGreaterThan(100) // MB/min: ~50 MB in 3 s is ~1000
    expect(r.summary.rssEndBytes! - r.summary.rssStartBytes!).toBeGreaterThan(35_000_000)
    // four seconds cannot tell warm-up from a leak: said, and not raised to a warning
    expect(f!.severity).toBe('info')
  })

  it('a process that dies during the run: a critical finding, samples kept', async () => {
    const c = child('setTimeout(() => process.exit(0), 1600)')
    const m = await startMonitor({ target: byPid(c.pid!) })
    // until it is gone: a busy machine may start node late
    await gone(c.pid!, 15_000)
    await sleep(1200)
    const r = await m.stop()
    expect(r.exited).toBeDefined()
    // its timer runs 1.6 s after node has started, soon after the monitor began
    expect(r.exited!.atSec).toBeGreaterThan(1)
    // PerfDesk did not start it: its exit code is not ours to know
    expect(r.exited!.code).toBeNull()
    expect(r.samples.length).toBeGreaterThanOrEqual(1)
    const f = r.findings.find((x) => x.id === 'process-exited')!
    expect(f.severity).toBe('critical')
  })

  it('refuses a pid that does not exist', async () => {
    await expect(startMonitor({ target: byPid(2 ** 22 + 12345) })).rejects.toThrow(
      MonitorStartError,
    )
  })
})

describe('a command PerfDesk starts', () => {
  it('starts it, monitors it and stops it (nothing left behind)', async () => {
    const m = await startMonitor({
      target: byCommand(`${node} -e "console.log('listening'); setInterval(() => {}, 1000)"`),
    })
    expect(pidAlive(m.pid)).toBe(true)
    expect(readComm(m.pid)).toMatch(/node/)
    await sleep(1300)
    const r = await m.stop()
    expect(await gone(m.pid)).toBe(true)
    expect(r.command).toContain('-e')
    expect(r.samples.length).toBeGreaterThanOrEqual(1)
    expect(r.exited).toBeUndefined()
    expect(r.outputTail).toContain('listening')
  })

  it('follows a shell that does not exec to the process it runs, and stops both', async () => {
    const m = await startMonitor({
      target: byCommand(`cd / && ${node} -e "setInterval(() => {}, 1000)"; echo after`),
    })
    expect(readComm(m.pid)).toMatch(/node/)
    const r = await m.stop()
    expect(r.notes.join(' ')).toMatch(/started by the shell pid/)
    expect(await gone(m.pid)).toBe(true)
  })

  it('kills a command that ignores SIGTERM after 3 s', async () => {
    const m = await startMonitor({
      target: byCommand(
        `${node} -e "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"`,
      ),
    })
    const t = Date.now()
    const r = await m.stop()
    expect(Date.now() - t).toBeGreaterThanOrEqual(2900)
    expect(r.notes.join(' ')).toMatch(/SIGKILL/)
    expect(await gone(m.pid)).toBe(true)
  })

  it('a command that exits mid-run: critical finding with its exit code and the time', async () => {
    const m = await startMonitor({
      target: byCommand(
        `${node} -e "console.error('fatal: out of widgets'); setTimeout(() => process.exit(3), 1500)"`,
      ),
    })
    await sleep(2500)
    const r = await m.stop()
    expect(r.exited).toMatchObject({ code: 3, signal: null })
    expect(r.exited!.atSec).toBeGreaterThan(1.3)
    expect(r.exited!.atSec).toBeLessThan(2.2)
    const f = r.findings.find((x) => x.id === 'process-exited')!
    expect(f.severity).toBe('critical')
    expect(f.title).toMatch(/exited with code 3/)
    expect(f.evidence).toContainEqual({ label: 'exit code', value: 3 })
    expect(f.evidence).toContainEqual({ label: 'last output', value: 'fatal: out of widgets' })
    expect(r.samples.length).toBeGreaterThanOrEqual(1)
  })

  it('a command that fails at once is an error naming its exit status and output', async () => {
    await expect(
      startMonitor({ target: byCommand('no-such-program-perfdesk --port 1') }),
    ).rejects.toThrow(/exited at once \(code 127\): command not found.*no-such-program/)
  })

  it('waits for the server it started to accept connections', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000)
    const m = await startMonitor({
      target: byCommand(
        `${node} -e "setTimeout(() => require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1'), 700)"`,
      ),
      waitFor: [{ host: '127.0.0.1', port }],
    })
    const res = await fetch(`http://127.0.0.1:${port}/`)
    expect(await res.text()).toBe('ok')
    const r = await m.stop()
    expect(r.notes.join(' ')).toMatch(/Waited \d+\.\d s .*127\.0\.0\.1:\d+ to accept connections/)
    expect(await gone(m.pid)).toBe(true)
  })
})

describe('a started server that listens elsewhere', () => {
  it('is waited for until it listens, not until the timeout', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000)
    const t = Date.now()
    const m = await startMonitor({
      target: byCommand(
        `${node} -e "setTimeout(() => require('http').createServer().listen(${port}, '127.0.0.1'), 400)"`,
      ),
      // nothing listens here: the plan points at another server
      waitFor: [{ host: '127.0.0.1', port: port + 1 }],
      readyTimeoutMs: 8000,
    })
    expect(Date.now() - t).toBeLessThan(4000)
    const r = await m.stop()
    expect(r.notes.join(' ')).toMatch(new RegExp(`until it listened \\(port ${port}\\)`))
    expect(await gone(m.pid)).toBe(true)
  })
})

describe('helpers', () => {
  it('slope is the least-squares fit', () => {
    expect(slope([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(2)
    expect(slope([0, 1, 2], [5, 4, 6])).toBeCloseTo(0.5)
    expect(slope([1], [1])).toBeNull()
  })

  it('the output ring keeps the last bytes and lines', () => {
    const ring = new OutputRing(32)
    for (let i = 0; i < 20; i++) ring.push(Buffer.from(`line ${i}\n`))
    expect(ring.tail(2)).toBe('line 18\nline 19')
    expect(ring.tail(100).length).toBeLessThanOrEqual(32)
  })
})
