import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { RunEvent } from '@shared/index'
import { InputError } from '@shared/index'
import { Engine } from '../../src/main/engine'
import { MemorySink } from './memory-sink'

const fakeEntry = {
  file: fileURLToPath(new URL('./fake-suite-worker.ts', import.meta.url)),
}

function plan(paths: string[], durationSec = 1) {
  return {
    name: 'engine test',
    targets: [{ id: 'api', kind: 'http', baseUrl: 'http://127.0.0.1:9' }],
    suites: paths.map((path) => ({
      kind: 'http-load',
      target: 'api',
      requests: [{ path }],
      durationSec,
    })),
  }
}

/** Resolves once `n` progress events have arrived: a starved machine may start a worker late. */
async function progressed(events: RunEvent[], n: number): Promise<void> {
  const until = Date.now() + 30_000
  while (events.filter((ev) => ev.type === 'progress').length < n && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20))
  }
}

function engine(watchdogSec = 60) {
  const sink = new MemorySink()
  const e = new Engine({ store: sink, runtime: 'test', workerEntry: fakeEntry, watchdogSec })
  const events: RunEvent[] = []
  e.on('event', (ev) => events.push(ev))
  return { e, sink, events }
}

describe('Engine', () => {
  it('runs suites in order, streams progress and stores a passed run', async () => {
    const { e, sink, events } = engine()
    const { runId, done } = e.start(plan(['/ok', '/ok']))
    const run = await done
    expect(run.status).toBe('passed')
    expect(run.suites.map((s) => s.status)).toEqual(['passed', 'passed'])
    expect(sink.runs.get(runId)?.end?.status).toBe('passed')
    const progress = events.filter((x) => x.type === 'progress')
    expect(progress.length).toBeGreaterThanOrEqual(10)
    expect(sink.samples.length).toBe(progress.length)
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'passed' })
    expect(run.findings.every((f) => f.suiteIndex !== undefined)).toBe(true)
  })

  it('fails a suite whose worker throws, exits or returns garbage, and goes on', async () => {
    const { e } = engine()
    const run = await e.start(plan(['/throw', '/exit', '/bad-result', '/ok'])).done
    expect(run.suites.map((s) => s.status)).toEqual(['error', 'error', 'error', 'passed'])
    expect(run.suites[0]!.error).toContain('boom')
    expect(run.suites[1]!.error).toMatch(/exited \(code 3\)/)
    expect(run.suites[2]!.error).toMatch(/malformed result/)
    // samples streamed before a bad result are kept
    expect(run.suites[2]!.series.length).toBeGreaterThan(0)
    expect(run.status).toBe('error')
  })

  it('cancels within a second and keeps the partial samples', async () => {
    const { e, sink, events } = engine()
    const { runId, done } = e.start(plan(['/ok', '/ok'], 10))
    await progressed(events, 4)
    const t = Date.now()
    expect(e.cancel(runId)).toBe(true)
    const run = await done
    expect(Date.now() - t).toBeLessThan(1000)
    expect(run.status).toBe('cancelled')
    expect(run.suites[0]!.status).toBe('cancelled')
    expect(run.suites[0]!.series.length).toBeGreaterThan(3)
    expect(run.suites[1]!.status).toBe('skipped')
    expect(sink.runs.get(runId)?.end?.status).toBe('cancelled')
  })

  it('stops a worker that ignores cancel after the grace period', async () => {
    const { e, events } = engine()
    const { runId, done } = e.start(plan(['/ignore-cancel'], 20))
    await progressed(events, 1)
    const t = Date.now()
    e.cancel(runId)
    const run = await done
    expect(Date.now() - t).toBeLessThan(2500)
    expect(run.status).toBe('cancelled')
    expect(run.suites[0]!.series.length).toBeGreaterThan(0)
  })

  it('stops a hung worker with the watchdog and marks the suite failed', async () => {
    // 6 s of silence: long enough that a starved machine does not make the healthy suite look hung
    const { e } = engine(6)
    const run = await e.start(plan(['/hang', '/ok'])).done
    expect(run.suites[0]!.status).toBe('error')
    expect(run.suites[0]!.error).toMatch(/stopped responding/)
    expect(run.suites[1]!.status).toBe('passed')
  })

  it('refuses an invalid plan before writing anything, naming the field', () => {
    const { e, sink } = engine()
    const bad = plan(['/ok'])
    ;(bad.suites[0] as Record<string, unknown>).connections = -3
    expect(() => e.start(bad)).toThrow(InputError)
    try {
      e.start(bad)
    } catch (err) {
      expect((err as InputError).problems[0]!.path).toBe('suites[0].connections')
    }
    const missing = plan(['/ok'])
    missing.suites[0]!.target = 'nope'
    expect(() => e.start(missing)).toThrow(/suites\[0\]\.target: no target with id "nope"/)
    expect(sink.runs.size).toBe(0)
  })

  it('resolves env secrets for the worker and redacts them in what it stores', async () => {
    const { e, sink } = engine()
    const p = plan(['/ok'], 0.3) as ReturnType<typeof plan> & { targets: Record<string, unknown>[] }
    p.targets[0]!.auth = { type: 'bearer', token: { env: 'PERFDESK_TEST_TOKEN_UNSET' } }
    expect(() => e.start(p)).toThrow(
      /targets\[0\]\.auth\.token: environment variable PERFDESK_TEST_TOKEN_UNSET is not set/,
    )
    p.targets[0]!.auth = { type: 'bearer', token: 'hunter2' }
    p.targets[0]!.headers = { authorization: 'Bearer hunter2', 'x-trace': 'yes' }
    const { runId, done } = e.start(p)
    const run = await done
    const stored = JSON.stringify(sink.runs.get(runId)!.plan) + JSON.stringify(run)
    expect(stored).not.toContain('hunter2')
    expect(stored).toContain('x-trace')
  })
})
