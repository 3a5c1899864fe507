import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  HistoryError,
  LATEST_SCHEMA_VERSION,
  migrate,
  migrations,
  openHistory,
} from '../../src/main/store/index'
import { buildRunResult } from '../fixtures/run-result'
import { tempDir } from './helpers'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

/** A database file brought to `version` by the real chain, for rows to be written at that version. */
function dbAt(version: number): Database.Database {
  const db = new Database(tmp.file)
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  migrate(db, tmp.file, { to: version })
  expect(db.pragma('user_version', { simple: true })).toBe(version)
  return db
}

const fixture = buildRunResult({ id: 'old-run', target: 'api', rps: 2000, p95Ms: 8, errorRate: 0 })
const suite = fixture.suites[0]!

/** A finished run as version 1 stored it (no run_targets, no headline, no score_value). */
function insertV1Run(db: Database.Database, id: string, targets: string[]): void {
  db.prepare(
    `INSERT INTO runs (id, plan_id, plan_name, plan, status, started_at, started_ms, ended_at, pid, host,
       environment, findings, score, error, baseline, imported_at, target_ids, kinds)
     VALUES (?, 'p1', ?, ?, 'passed', ?, ?, ?, NULL, NULL, ?, ?, ?, NULL, 0, NULL, ?, '["http-load"]')`,
  ).run(
    id,
    fixture.plan.name,
    JSON.stringify(fixture.plan),
    fixture.startedAt,
    Date.parse(fixture.startedAt),
    fixture.endedAt,
    JSON.stringify(fixture.environment),
    JSON.stringify(fixture.findings),
    JSON.stringify(fixture.score),
    JSON.stringify(targets),
  )
  const { series, ...rest } = suite
  db.prepare(
    'INSERT INTO suite_results (run_id, idx, kind, status, json) VALUES (?, 0, ?, ?, ?)',
  ).run(id, suite.kind, suite.status, JSON.stringify(rest))
  const ins = db.prepare(
    'INSERT INTO samples (run_id, suite_idx, t, at, json) VALUES (?, 0, ?, ?, ?)',
  )
  for (const s of series)
    ins.run(id, s.t, Date.parse(fixture.startedAt) + s.t * 1000, JSON.stringify(s))
}

it('the chain is numbered 1..n without gaps', () => {
  expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
  expect(LATEST_SCHEMA_VERSION).toBe(migrations.length)
})

describe('migration 1 (core tables)', () => {
  it('creates the schema in an empty file', () => {
    const store = openHistory(tmp.file)
    const tables = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name)
    expect(tables).toEqual(
      expect.arrayContaining(['targets', 'plans', 'runs', 'suite_results', 'samples']),
    )
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    store.close()
  })

  it('refuses an SQLite file of another program, leaving it untouched', () => {
    const other = new Database(tmp.file)
    other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')")
    other.close()
    expect(() => openHistory(tmp.file)).toThrow(/not a PerfDesk history .*notes/)
    const again = new Database(tmp.file)
    expect(again.prepare('SELECT body FROM notes').all()).toEqual([{ body: 'keep me' }])
    expect(again.pragma('user_version', { simple: true })).toBe(0)
    again.close()
  })
})

describe('migration 2 (run_targets)', () => {
  it('indexes the targets of existing runs', () => {
    const db = dbAt(1)
    insertV1Run(db, 'old-1', ['api', 'db'])
    insertV1Run(db, 'old-2', ['cache'])
    migrate(db, tmp.file, { to: 2 })
    expect(
      db.prepare('SELECT target_id, run_id FROM run_targets ORDER BY target_id').all(),
    ).toEqual([
      { target_id: 'api', run_id: 'old-1' },
      { target_id: 'cache', run_id: 'old-2' },
      { target_id: 'db', run_id: 'old-1' },
    ])
    db.close()
    const store = openHistory(tmp.file)
    expect(store.listRuns({ target: 'db' }).map((r) => r.id)).toEqual(['old-1'])
    expect(store.listRuns({ target: 'cache' }).map((r) => r.id)).toEqual(['old-2'])
    store.close()
  })
})

describe('migration 3 (headline, score_value)', () => {
  it('fills the headline and score of existing runs, which still read back whole', () => {
    const db = dbAt(2)
    insertV1Run(db, 'old-run', ['api'])
    db.prepare("INSERT INTO run_targets (target_id, run_id) VALUES ('api', 'old-run')").run()
    db.close()
    const store = openHistory(tmp.file)
    expect(store.migration).toMatchObject({ from: 2, to: LATEST_SCHEMA_VERSION })
    const [summary] = store.listRuns()
    expect(summary).toMatchObject({ id: 'old-run', score: fixture.score!.value, targets: ['api'] })
    expect(summary?.headline).toBe('2,000 req/s · p95 8.00 ms · 0.00 % errors')
    expect(store.getRun('old-run')).toEqual({ ...fixture, id: 'old-run' })
    store.close()
  })
})

describe('migration 4 (runs.monitor)', () => {
  const monitor = {
    target: 'srv',
    pid: 4242,
    command: 'node server.js',
    source: 'procfs' as const,
    samples: [
      { t: 1, cpuPct: 12.5, rssBytes: 50_000_000, threads: 7, fds: 21, suiteIndex: 0 },
      { t: 2, cpuPct: 97.1, rssBytes: 52_000_000, threads: 7, fds: 23, suiteIndex: 0 },
    ],
    summary: {
      cpuPctMean: 54.8,
      cpuPctMax: 97.1,
      rssStartBytes: 50_000_000,
      rssEndBytes: 52_000_000,
      rssMaxBytes: 52_000_000,
    },
    exited: { code: 3, signal: null, atSec: 2.4 },
    outputTail: 'listening\nfatal',
    findings: [],
    notes: ['a note'],
  }

  it('adds the column; runs of version 3 read back unchanged, without a monitor', () => {
    const db = dbAt(3)
    insertV1Run(db, 'old-run', ['api'])
    db.close()
    const store = openHistory(tmp.file)
    expect(store.migration).toMatchObject({ from: 3, to: LATEST_SCHEMA_VERSION })
    const cols = store.db
      .prepare("SELECT name FROM pragma_table_info('runs')")
      .all()
      .map((r) => (r as { name: string }).name)
    expect(cols).toContain('monitor')
    const run = store.getRun('old-run')!
    expect(run.monitor).toBeUndefined()
    expect(run.suites[0]!.series).toEqual(suite.series)
    store.close()
  })

  it('stores the monitor with the finished run, and with an imported one', () => {
    const store = openHistory(tmp.file)
    store.createRun({
      id: 'live',
      plan: fixture.plan,
      planId: null,
      startedAt: fixture.startedAt,
      environment: fixture.environment,
    })
    store.finishRun('live', {
      status: 'passed',
      endedAt: fixture.endedAt!,
      findings: [],
      monitor,
    })
    expect(store.getRun('live')!.monitor).toEqual(monitor)
    store.importRun({ ...fixture, id: 'imported', monitor })
    expect(store.getRun('imported')!.monitor).toEqual(monitor)
    store.close()
    // and after reopening the file
    const again = openHistory(tmp.file)
    expect(again.getRun('live')!.monitor?.samples).toHaveLength(2)
    again.close()
  })
})

describe('upgrading existing history', () => {
  it('copies the file aside first and the copy opens at the old version', () => {
    const db = dbAt(1)
    insertV1Run(db, 'old-1', ['api'])
    db.close()
    const store = openHistory(tmp.file)
    const backup = store.migration.backup!
    expect(backup).toBe(`${tmp.file}.v1.bak`)
    store.close()
    expect(existsSync(backup)).toBe(true)
    const copy = new Database(backup, { readonly: true })
    expect(copy.pragma('user_version', { simple: true })).toBe(1)
    expect(copy.prepare('SELECT id FROM runs').all()).toEqual([{ id: 'old-1' }])
    copy.close()
  })

  it('a failing step rolls back to the previous version with every row intact', () => {
    const db = dbAt(2)
    insertV1Run(db, 'old-1', ['api'])
    // a column migration 3 is about to add: its ALTER TABLE will fail
    db.exec("ALTER TABLE runs ADD COLUMN headline TEXT NOT NULL DEFAULT ''")
    db.close()
    expect(() => openHistory(tmp.file)).toThrow(/upgrade the history to schema version 3/)
    const after = new Database(tmp.file)
    expect(after.pragma('user_version', { simple: true })).toBe(2)
    expect(after.prepare('SELECT id FROM runs').all()).toEqual([{ id: 'old-1' }])
    after.close()
  })

  it('refuses a file written by a newer PerfDesk', () => {
    const db = dbAt(LATEST_SCHEMA_VERSION)
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    db.close()
    let err: unknown
    try {
      openHistory(tmp.file)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(HistoryError)
    expect((err as HistoryError).code).toBe('too-new')
    expect((err as Error).message).toMatch(/newer PerfDesk.*Update PerfDesk/)
  })
})

describe('migration 5 (runs.shards)', () => {
  it('adds the column; older runs have no shards; a merged run keeps its list', () => {
    const db = dbAt(4)
    insertV1Run(db, 'old-run', ['api'])
    db.close()
    const store = openHistory(tmp.file)
    expect(store.migration).toMatchObject({ from: 4, to: LATEST_SCHEMA_VERSION })
    expect(store.getRun('old-run')!.shards).toBeUndefined()
    const shards = [0, 1].map((index) => ({
      index,
      count: 2,
      startAt: '2026-12-01T15:00:00.000Z',
      planHash: 'ab'.repeat(32),
      runId: `shard-${index}`,
      startedAt: '2026-12-01T15:00:00.100Z',
      endedAt: '2026-12-01T15:00:10.000Z',
      status: 'passed' as const,
    }))
    store.importRun({ ...buildRunResult({ id: 'merged' }), shards })
    expect(store.getRun('merged')!.shards).toEqual(shards)
    store.close()
  })
})

describe('migration 6 (baselines per plan and target)', () => {
  it('keeps the marked run as the chosen baseline of its plan and target; the others are automatic', () => {
    const db = dbAt(5)
    insertV1Run(db, 'old-base', ['api'])
    insertV1Run(db, 'old-other', ['api'])
    db.prepare(
      "UPDATE runs SET baseline = 1, started_ms = started_ms - 1000 WHERE id = 'old-base'",
    ).run()
    db.close()
    const store = openHistory(tmp.file)
    expect(store.migration).toMatchObject({ from: 5, to: 6 })
    const scope = { plan: 'p1', target: 'api' }
    expect(store.findBaseline(scope)).toEqual({ runId: 'old-base', automatic: false })
    expect(
      store
        .listRuns()
        .filter((r) => r.baseline)
        .map((r) => r.id),
    ).toEqual(['old-base'])
    // cleared: the latest passed run of the scope stands in, and is said to be automatic
    expect(store.clearBaseline(scope)).toBe('old-base')
    expect(store.findBaseline(scope)).toEqual({ runId: 'old-other', automatic: true })
    expect(store.getRun('old-base')!.baseline).toBe(false)
    store.close()
  })
})
