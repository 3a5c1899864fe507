import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MonitorResult } from '@shared/index'
import { openHistory } from '../../src/main/store/index'
import { buildRunResult } from '../fixtures/run-result'
import { tempDir } from './helpers'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

const fixture = buildRunResult({ id: 'mon', seconds: 3 })
const plan = {
  ...fixture.plan,
  targets: [...fixture.plan.targets, { id: 'app', kind: 'process' as const, pid: 4242 }],
  monitor: { process: 'app' },
}
const samples = [1, 2, 3].map((t) => ({ t, cpuPct: 10 * t, rssBytes: 1e6 * t, suiteIndex: 0 }))

function started(): ReturnType<typeof openHistory> {
  const store = openHistory(tmp.file, { flushEvery: 2 })
  store.createRun({
    id: 'mon',
    plan,
    planId: null,
    startedAt: fixture.startedAt,
    environment: fixture.environment,
  })
  store.startMonitor('mon', { target: 'app', pid: 4242, source: 'procfs' })
  for (const s of samples) store.appendMonitorSample('mon', s)
  return store
}

const count = (store: ReturnType<typeof openHistory>): number =>
  (
    store.db.prepare("SELECT COUNT(*) AS n FROM samples WHERE run_id = 'mon'").get() as {
      n: number
    }
  ).n

describe('process monitor samples in the history', () => {
  it('a live run shows its monitor samples as they were appended, and no phantom suite', () => {
    const store = started()
    try {
      expect(count(store)).toBeGreaterThanOrEqual(2) // a batch was written already
      const run = store.getRun('mon')!
      expect(run.status).toBe('running')
      expect(run.suites).toEqual([])
      expect(run.monitor).toMatchObject({ target: 'app', pid: 4242, source: 'procfs', samples })
      expect(run.monitor!.summary).toMatchObject({ cpuPctMax: 30, rssEndBytes: 3e6 })
      expect(run.monitor!.notes).toEqual([])
    } finally {
      store.close()
    }
  })

  it('finishRun stores the full monitor and drops the live rows: no sample twice', () => {
    const store = started()
    try {
      const full: MonitorResult = {
        target: 'app',
        pid: 4242,
        source: 'procfs',
        samples,
        summary: {
          cpuPctMean: 20,
          cpuPctMax: 30,
          rssStartBytes: 1e6,
          rssEndBytes: 3e6,
          rssMaxBytes: 3e6,
        },
        findings: [],
        notes: ['final'],
      }
      store.finishRun('mon', {
        status: 'passed',
        endedAt: fixture.endedAt!,
        findings: [],
        monitor: full,
      })
      expect(count(store)).toBe(0)
      const run = store.getRun('mon')!
      expect(run.monitor).toEqual(full)
    } finally {
      store.close()
    }
    // and after reopening too
    const again = openHistory(tmp.file)
    try {
      expect(again.getRun('mon')!.monitor!.samples).toEqual(samples)
    } finally {
      again.close()
    }
  })

  it('a run stopped without a final monitor keeps the recorded samples', () => {
    const store = started()
    store.close()
    const again = openHistory(tmp.file)
    try {
      again.finishRun('mon', { status: 'error', endedAt: fixture.endedAt!, findings: [] })
      const m = again.getRun('mon')!.monitor!
      expect(m.samples).toEqual(samples)
      expect(m.notes.join(' ')).toMatch(/ended as "error" before the monitor stopped/)
    } finally {
      again.close()
    }
  })
})
