import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { RunEvent } from '@shared/index'
import { InputError } from '@shared/index'
import { Engine } from '../../src/main/engine'
import { pidAlive } from '../../src/main/monitor'
import { MemorySink } from './memory-sink'

// The process monitor riding along with a run, on the engine with stand-in suites.

const fakeEntry = { file: fileURLToPath(new URL('./fake-suite-worker.ts', import.meta.url)) }
const node = JSON.stringify(process.execPath)
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function plan(process: Record<string, unknown>, paths = ['/ok', '/ok'], durationSec = 2) {
  return {
    name: 'monitor test',
    targets: [
      // not a local address: the engine does not wait for it to open (the suites are stand-ins)
      { id: 'api', kind: 'http', baseUrl: 'http://192.0.2.1:9' },
      { id: 'srv', kind: 'process', ...process },
    ],
    suites: paths.map((path) => ({
      kind: 'http-load',
      target: 'api',
      requests: [{ path }],
      durationSec,
    })),
    monitor: { process: 'srv' },
  }
}

function engine() {
  const sink = new MemorySink()
  const e = new Engine({ store: sink, runtime: 'test', workerEntry: fakeEntry })
  const events: RunEvent[] = []
  e.on('event', (ev) => events.push(ev))
  return { e, sink, events }
}

async function gone(pid: number, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until && pidAlive(pid)) await sleep(25)
  return !pidAlive(pid)
}

describe('plan.monitor', () => {
  it('starts the command, samples it through every suite, streams and stores the samples, stops it', async () => {
    const { e, sink, events } = engine()
    const { runId, done } = e.start(plan({ command: `${node} -e "setInterval(() => {}, 1000)"` }))
    const run = await done
    expect(run.status).toBe('passed')
    const m = run.monitor!
    expect(m.command).toContain('setInterval')
    expect(m.samples.length).toBeGreaterThanOrEqual(3)
    // samples are tagged with the suite that ran at the time
    expect(m.samples.some((s) => s.suiteIndex === 0)).toBe(true)
    expect(m.samples.some((s) => s.suiteIndex === 1)).toBe(true)
    const live = events.filter((x) => x.type === 'monitor')
    expect(live.map((x) => x.sample)).toEqual(m.samples)
    // the monitor starts after run-started and ends before run-finished
    const types = events.map((x) => x.type)
    expect(types.indexOf('monitor')).toBeGreaterThan(types.indexOf('run-started'))
    expect(types.lastIndexOf('monitor')).toBeLessThan(types.indexOf('run-finished'))
    expect(sink.runs.get(runId)!.end!.monitor).toEqual(m)
    // the history got the identity at start and each sample as it came, not only at the end
    expect(sink.monitors.get(runId)).toEqual({
      target: 'srv',
      pid: m.pid,
      command: m.command,
      source: m.source,
    })
    expect(sink.monitorSamples.map((x) => x.sample)).toEqual(m.samples)
    expect(m.exited).toBeUndefined()
    expect(await gone(m.pid)).toBe(true)
  })

  it('stops the command when the run is cancelled', async () => {
    const { e } = engine()
    const { runId, done } = e.start(
      plan({ command: `${node} -e "setInterval(() => {}, 1000)"` }, ['/ok', '/ok'], 20),
    )
    await sleep(1800)
    e.cancel(runId)
    const run = await done
    expect(run.status).toBe('cancelled')
    expect(run.monitor!.samples.length).toBeGreaterThanOrEqual(1)
    expect(run.monitor!.exited).toBeUndefined()
    expect(await gone(run.monitor!.pid)).toBe(true)
  })

  it('a process that exits mid-run: a critical finding with its exit code, ranked first', async () => {
    const { e } = engine()
    const run = await e.start(
      plan({ command: `${node} -e "setTimeout(() => process.exit(3), 1200)"` }, ['/ok'], 3),
    ).done
    const f = run.findings[0]!
    expect(f).toMatchObject({ id: 'process-exited', severity: 'critical' })
    expect(f.title).toMatch(/exited with code 3/)
    expect(run.monitor!.exited).toMatchObject({ code: 3, signal: null })
    expect(run.monitor!.exited!.atSec).toBeGreaterThan(1)
    expect(run.monitor!.exited!.atSec).toBeLessThan(2.5)
  })

  it('a pid that does not exist is an input error naming targets[1].pid; nothing runs', () => {
    const { e, sink } = engine()
    let err: unknown
    try {
      e.start(plan({ pid: 2 ** 22 + 4321 }))
    } catch (x) {
      err = x
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).problems).toEqual([
      {
        path: 'targets[1].pid',
        message: expect.stringMatching(/no process with pid \d+ is running/),
      },
    ])
    expect(sink.runs.size).toBe(0)
  })

  it('a command that cannot start ends the run in error before any suite', async () => {
    const { e } = engine()
    const run = await e.start(plan({ command: 'no-such-program-perfdesk --serve' })).done
    expect(run.status).toBe('error')
    expect(run.error).toMatch(/monitored process could not be started.*code 127/)
    expect(run.suites.map((s) => s.status)).toEqual(['skipped', 'skipped'])
  })

  it('monitors a process given by pid, and leaves it running', async () => {
    const { spawn } = await import('node:child_process')
    const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    try {
      const { e } = engine()
      const run = await e.start(plan({ pid: c.pid }, ['/ok'], 2)).done
      expect(run.monitor!.pid).toBe(c.pid)
      expect(run.monitor!.command).toBeUndefined()
      expect(run.monitor!.samples.length).toBeGreaterThanOrEqual(2)
      expect(pidAlive(c.pid!)).toBe(true)
    } finally {
      c.kill('SIGKILL')
    }
  })
})
