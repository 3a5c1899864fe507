import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunResult } from '@shared/index'
import { openHistoryAndRecover, type SqliteHistoryStore } from '../../src/main/store/index'
import { tempDir } from './helpers'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

/**
 * Opens the killed run's history as the next start does, checks that it is whole and that the
 * run was marked interrupted, and hands the run to `check`.
 */
function afterRecovery(file: string, check: (run: RunResult, store: SqliteHistoryStore) => void) {
  const { store, interrupted } = openHistoryAndRecover(file)
  try {
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(interrupted).toBe(1)
    const run = store.getRun('crash')!
    expect(run.status).toBe('interrupted')
    check(run, store)
  } finally {
    store.close()
  }
}

/** Child code: the real store on `file` as `store`, and a fixture run as `r`. */
const openStoreCode = (file: string): string => `
    const { openHistory } = await import(${JSON.stringify(resolve('src/main/store/index.ts'))})
    const { buildRunResult } = await import(${JSON.stringify(resolve('test/fixtures/run-result.ts'))})
    const store = openHistory(${JSON.stringify(file)})
    const r = buildRunResult({ id: 'crash', seconds: 30 })`

/**
 * Child code: says "ready", then appends a suite sample of second i / 20 to run 'crash' every
 * 50 ms, running `after` after each append (it prints the samples the test is to count).
 */
const sampleEvery50msCode = (after: string): string => `
    console.log('ready')
    let i = 0
    setInterval(() => {
      i++
      const t = i / 20
      store.appendSample('crash', 0, { t, rps: 1000 + i, p50: 1, p95: 2, p99: 3, errors: 0 })
      ${after}
    }, 50)`

interface Appended {
  t: number
  at: number
}

/**
 * A child process records a run through the real store, appending a sample every 50 ms and
 * printing each one after appendSample returned; it is killed with SIGKILL mid-stream.
 */
async function runAndKill(
  file: string,
  killAfterMs: number,
): Promise<{ appended: Appended[]; killAt: number; pid: number }> {
  return killChildAfter(
    `${openStoreCode(file)}
    store.createRun({ id: 'crash', plan: r.plan, planId: null, startedAt: new Date().toISOString(), environment: r.environment })
    ${sampleEvery50msCode('console.log(JSON.stringify({ t, at: Date.now() }))')}`,
    killAfterMs,
  )
}

/**
 * Runs `code` (an ES module body that prints "ready", then one JSON line per sample it has
 * handed to the store) in a child process, and kills it with SIGKILL `killAfterMs` after the
 * first sample.
 */
async function killChildAfter(
  code: string,
  killAfterMs: number,
): Promise<{ appended: Appended[]; killAt: number; pid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const appended: Appended[] = []
  let stderr = ''
  let buf = ''
  let readyAt = 0
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<void>((res) => child.on('exit', () => res()))
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`child did not start: ${stderr}`)), 30_000)
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        if (line === 'ready') {
          readyAt = Date.now()
          clearTimeout(timer)
          res()
        } else if (line.startsWith('{')) appended.push(JSON.parse(line) as Appended)
      }
    })
    child.on('exit', () => rej(new Error(`child exited early: ${stderr}`)))
  })
  // counted from the first sample handed to the store, not from "ready": on a busy machine the
  // child's first timer can come late, and the test needs samples older than the flush interval
  while (appended.length === 0 && Date.now() - readyAt < 30_000) {
    await new Promise((r) => setTimeout(r, 10))
  }
  const firstAt = appended[0]?.at ?? readyAt
  await new Promise((r) => setTimeout(r, Math.max(0, killAfterMs - (Date.now() - firstAt))))
  const killAt = Date.now()
  child.kill('SIGKILL')
  // wait for the exit: until it is reaped the pid still answers kill(pid, 0)
  await exited
  expect(stderr).toBe('')
  return { appended, killAt, pid: child.pid! }
}

describe('a run whose process is killed with SIGKILL', () => {
  for (const killAfterMs of [2700, 4300]) {
    it(`is recovered as interrupted with its samples (kill after ${killAfterMs} ms)`, async () => {
      const { appended, killAt } = await runAndKill(tmp.file, killAfterMs)
      expect(appended.length).toBeGreaterThan(20)

      afterRecovery(tmp.file, (run, store) => {
        expect(run.error).toMatch(/stopped before the run finished/)
        const suite = run.suites[0]!
        expect(suite.status).toBe('interrupted')
        const stored = suite.series.map((s) => s.t)
        // what survived is exactly the first samples, in order, with their values
        expect(stored).toEqual(appended.slice(0, stored.length).map((a) => a.t))
        expect(suite.series.map((s) => (s as { rps?: number }).rps)).toEqual(
          stored.map((t) => 1000 + Math.round(t * 20)),
        )
        // at most the last ~2 s are lost (the flush interval), plus slack for a loaded machine
        const mustHave = appended.filter((a) => a.at <= killAt - 2600)
        expect(mustHave.length).toBeGreaterThan(0)
        expect(stored.length).toBeGreaterThanOrEqual(mustHave.length)
        // endedAt is the time of the last sample written
        const lastAt = (
          store.db.prepare("SELECT MAX(at) AS at FROM samples WHERE run_id = 'crash'").get() as {
            at: number
          }
        ).at
        expect(run.endedAt).toBe(new Date(lastAt).toISOString())
        console.log(
          `kill after ${killAfterMs} ms: ${appended.length} samples appended, ${stored.length} stored, ` +
            `lost the last ${((killAt - lastAt) / 1000).toFixed(2)} s`,
        )
        // recovering again changes nothing
        expect(store.markInterrupted()).toBe(0)
      })
    })
  }
})

describe('a run with a process monitor whose process is killed with SIGKILL', () => {
  it('is recovered with the monitor samples written until ~2 s before the kill', async () => {
    // suite samples every 50 ms and monitor samples every 250 ms, in the store's shared batches
    const code = `${openStoreCode(tmp.file)}
      const plan = { ...r.plan, targets: [...r.plan.targets, { id: 'app', kind: 'process', pid: process.pid }], monitor: { process: 'app' } }
      store.createRun({ id: 'crash', plan, planId: null, startedAt: new Date().toISOString(), environment: r.environment })
      store.startMonitor('crash', { target: 'app', pid: process.pid, command: 'node app.js', source: 'procfs' })
      ${sampleEvery50msCode(`if (i % 5 === 0) {
          store.appendMonitorSample('crash', { t, cpuPct: i, rssBytes: 1e6 * i, threads: 7, suiteIndex: 0 })
          console.log(JSON.stringify({ t, at: Date.now() }))
        }`)}`
    const { appended, killAt } = await killChildAfter(code, 3200)
    expect(appended.length).toBeGreaterThan(8)

    afterRecovery(tmp.file, (run, store) => {
      // the monitor's samples are its own, never a phantom suite
      expect(run.suites.map((s) => s.index)).toEqual([0])
      expect(run.suites[0]!.series.length).toBeGreaterThan(20)
      const monitor = run.monitor!
      expect(monitor).toMatchObject({ target: 'app', command: 'node app.js', source: 'procfs' })
      const stored = monitor.samples.map((s) => s.t)
      expect(stored).toEqual(appended.slice(0, stored.length).map((a) => a.t))
      expect(monitor.samples.map((s) => s.cpuPct)).toEqual(stored.map((t) => Math.round(t * 20)))
      const mustHave = appended.filter((a) => a.at <= killAt - 2600)
      expect(mustHave.length).toBeGreaterThan(0)
      expect(stored.length).toBeGreaterThanOrEqual(mustHave.length)
      expect(monitor.summary.cpuPctMax).toBe(monitor.samples.at(-1)!.cpuPct)
      expect(monitor.summary.rssStartBytes).toBe(monitor.samples[0]!.rssBytes)
      expect(monitor.notes.join(' ')).toMatch(/ended as "interrupted" before the monitor stopped/)
      const lastAt = (
        store.db
          .prepare("SELECT MAX(at) AS at FROM samples WHERE run_id = 'crash' AND suite_idx = -1")
          .get() as { at: number }
      ).at
      console.log(
        `monitor: ${appended.length} samples appended, ${stored.length} stored, ` +
          `lost the last ${((killAt - lastAt) / 1000).toFixed(2)} s`,
      )
    })
  })
})
