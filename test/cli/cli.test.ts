import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../helpers/http-servers'
import { runCli, writePlanFile } from './run-cli'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-cli-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const planFile = (name: string, plan: unknown): string => writePlanFile(dir, name, plan)

function httpPlan(baseUrl: string, suite: Record<string, unknown>) {
  return {
    name: 'cli test',
    targets: [{ id: 'api', kind: 'http', baseUrl }],
    suites: [
      {
        kind: 'http-load',
        target: 'api',
        requests: [{ method: 'GET', path: '/' }],
        connections: 10,
        durationSec: 2,
        ...suite,
      },
    ],
  }
}

function samplesIn(db: string): number {
  try {
    const sqlite = new Database(db, { readonly: true, fileMustExist: true })
    try {
      return (sqlite.prepare('select count(*) as n from samples').get() as { n: number }).n
    } finally {
      sqlite.close()
    }
  } catch {
    return 0
  }
}

async function runsJson(db: string) {
  const r = await runCli(['runs', '--db', db, '--json'])
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as { id: string; status: string }[]
}

describe('perfdesk run', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({ delayMs: 5, errorRate: 0.1 })
  })
  afterAll(() => server.close())

  it('exits 1 when the error-rate threshold fails, prints the summary, stores and exports the run', async () => {
    const db = join(dir, 'errors.db')
    const out = join(dir, 'errors-result.json')
    const plan = planFile('errors', httpPlan(server.url, { thresholds: { errorRate: 0.01 } }))
    const r = await runCli(['run', plan, '--db', db, '--out', out])
    expect(r.stderr).toContain('[1/1]')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/FAIL\s+error rate/i)
    const result = JSON.parse(readFileSync(out, 'utf8'))
    expect(result.schemaVersion).toBe(1)
    expect(result.status).toBe('failed')
    expect(result.suites[0].metrics.errorRate).toBeGreaterThan(0.07)
    expect(result.suites[0].metrics.errorRate).toBeLessThan(0.13)
    const runs = await runsJson(db)
    expect(runs.map((x) => x.id)).toEqual([result.id])
    const exported = join(dir, 'exported.json')
    const e = await runCli(['export', result.id, '--json', exported, '--db', db])
    expect(e.code).toBe(0)
    expect(JSON.parse(readFileSync(exported, 'utf8'))).toMatchObject({
      id: result.id,
      status: 'failed',
    })
  })

  it.each([
    ['connections: -3', { connections: -3 }, 'suites[0].connections'],
    ['a missing target', { target: 'nope' }, 'suites[0].target'],
  ])(
    'refuses a plan with %s: exit 2, names the field, writes nothing',
    async (_label, patch, field) => {
      const db = join(dir, `invalid-${field}.db`)
      const plan = planFile('invalid', httpPlan(server.url, patch))
      const r = await runCli(['run', plan, '--db', db])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(field)
      expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
      expect(await runsJson(db)).toEqual([])
    },
  )

  it('refuses a bad URL, naming targets[0].baseUrl', async () => {
    const db = join(dir, 'bad-url.db')
    const r = await runCli(['run', planFile('bad-url', httpPlan('localhost:8080', {})), '--db', db])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('targets[0].baseUrl')
    expect(await runsJson(db)).toEqual([])
  })

  it('names the line of a JSON syntax error and exits 2', async () => {
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{\n  "name": "x",\n  "targets": [,]\n}')
    const r = await runCli(['run', file, '--db', join(dir, 'broken.db')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('broken.json:3:')
  })

  it('after kill -9 mid-run, the next start marks the run interrupted and the DB is clean', async () => {
    const db = join(dir, 'killed.db')
    const plan = planFile('long', httpPlan(server.url, { durationSec: 30 }))
    const p = runCli(['run', plan, '--db', db])
    // wait until samples have reached the history (they are written in batches)
    const t0 = Date.now()
    while (Date.now() - t0 < 15_000 && samplesIn(db) < 2)
      await new Promise((r) => setTimeout(r, 250))
    p.child.kill('SIGKILL')
    const r = await p
    expect(r.signal).toBe('SIGKILL')
    const runs = await runsJson(db)
    expect(runs).toHaveLength(1)
    expect(runs[0]!.status).toBe('interrupted')
    const sqlite = new Database(db, { readonly: true })
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    const samples = sqlite.prepare('select count(*) as n from samples').get() as { n: number }
    sqlite.close()
    expect(samples.n).toBeGreaterThan(0)
  })
})

describe('perfdesk demo', () => {
  it('runs the demo plan against the built-in API and leaves a run in the history', async () => {
    const db = join(dir, 'demo.db')
    const r = await runCli(['demo', '--duration', '3', '--db', db])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('PerfDesk demo')
    expect(r.stdout).toMatch(/p95 [\d.]+ ms/)
    const runs = await runsJson(db)
    expect(runs).toHaveLength(1)
    expect(['passed', 'failed']).toContain(runs[0]!.status)
  })
})
