import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { postgresWorker } from './worker'
import { decodeHistogram } from '../common/latency'
import { admin, fakeContext, fixtureName } from './test-support'

const counter = fixtureName('counter')
const points = fixtureName('points')

beforeAll(async () => {
  await admin(async (c) => {
    await c.query(`CREATE UNLOGGED TABLE ${counter} (id bigserial PRIMARY KEY)`)
    await c.query(`CREATE TABLE ${points} (id int PRIMARY KEY, v text NOT NULL)`)
    await c.query(`INSERT INTO ${points} SELECT g, md5(g::text) FROM generate_series(1, 10000) g`)
  })
})

afterAll(async () => {
  await admin(async (c) => {
    await c.query(`DROP TABLE IF EXISTS ${counter}, ${points}`)
  })
})

describe('postgres generator threads', () => {
  it('two threads: the merged count is what the server counted, the histogram holds every one', async () => {
    const out = await postgresWorker.run(
      fakeContext({
        poolSizes: [4],
        clients: 6,
        durationSec: 1,
        threads: 2,
        allowWrites: true,
        explain: 'off',
        queries: [{ name: 'count', sql: `INSERT INTO ${counter} DEFAULT VALUES` }],
      }).ctx,
    )
    expect(out.error).toBeUndefined()
    const step = out.details!.steps[0]!
    const rows = await admin(
      async (c) =>
        (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${counter}`)).rows[0]!.n,
    )
    expect(step.generator?.threads).toBe(2)
    expect(step.errors).toBe(0)
    expect(step.transactions).toBeGreaterThan(50)
    expect(step.transactions).toBe(rows)
    expect(decodeHistogram(step.histogram).totalCount).toBe(rows)
    expect(out.details!.queries[0]!.executions).toBe(rows)
    expect(out.generator?.threads).toBe(2)
    expect(out.generator?.cpuSec).toBeGreaterThan(0)
  }, 60_000)

  it('against a slow server (30 ms per query, 10 clients) the generator is not the limit', async () => {
    const out = await postgresWorker.run(
      fakeContext({
        poolSizes: [10],
        clients: 10,
        durationSec: 2,
        queries: [{ name: 'slow', sql: 'SELECT pg_sleep(0.03)' }],
      }).ctx,
    )
    expect(out.error).toBeUndefined()
    const step = out.details!.steps[0]!
    expect(step.tps).toBeGreaterThan(100)
    expect(step.generator?.clientBound).toBe(false)
    expect(step.generator!.busy).toBeLessThan(0.5)
    expect(out.generator?.clientBound).toBe(false)
    expect(out.findings.find((f) => f.id === 'pg.client-bound')).toBeUndefined()
  }, 60_000)

  it('a generator held to 25 % of one core (cgroup quota) running a point query is client-bound', async (ctx) => {
    const cgroup = `/sys/fs/cgroup/cpu/perfdesk_pggen_${randomBytes(4).toString('hex')}`
    try {
      mkdirSync(cgroup)
      writeFileSync(`${cgroup}/cpu.cfs_period_us`, '100000')
      writeFileSync(`${cgroup}/cpu.cfs_quota_us`, '25000')
    } catch (err) {
      ctx.skip(
        `cannot make a cgroup v1 CPU quota here (${(err as Error).message}); needs root and /sys/fs/cgroup/cpu`,
      )
      return
    }
    try {
      const script = fileURLToPath(new URL('./starved-run.ts', import.meta.url))
      const config = {
        poolSizes: [16],
        clients: 16,
        durationSec: 3,
        explain: 'off',
        queries: [
          {
            name: 'point',
            sql: `SELECT v FROM ${points} WHERE id = $1`,
            params: [{ randomInt: [1, 10000] }],
          },
        ],
      }
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', script, cgroup, JSON.stringify(config)],
          { cwd: fileURLToPath(new URL('../../../..', import.meta.url)), timeout: 90_000 },
          (err, out, errOut) =>
            err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
        ),
      )
      const r = JSON.parse(stdout) as {
        status: string
        generator?: { clientBound: boolean; reason?: string }
        steps: { generator?: { clientBound: boolean } }[]
        findings: { id: string; title: string }[]
      }
      expect(r.status).toBe('passed')
      expect(r.steps[0]!.generator?.clientBound, r.generator?.reason).toBe(true)
      expect(r.generator?.clientBound).toBe(true)
      const f = r.findings.find((x) => x.id === 'pg.client-bound')
      expect(f?.title).toMatch(/pool 16/)
    } finally {
      rmdirSync(cgroup)
    }
  }, 120_000)
})
