import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresWorker } from './worker'
import { LOCAL, admin, fakeContext, fixtureName } from './test-support'

const table = fixtureName('big')
const ROWS = 200_000

/** Rows, and every index on the fixture (what-if must leave none behind). */
const snapshot = () =>
  admin(async (c) => {
    const n = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
    const idx = await c.query<{ indexname: string }>(
      'SELECT indexname FROM pg_indexes WHERE tablename = $1',
      [table],
    )
    return { rows: n.rows[0]!.n, indexes: idx.rows.map((r) => r.indexname).sort() }
  })

beforeAll(async () => {
  await admin(async (c) => {
    // val: 5,000 distinct values (40 rows each); a and b: 100 values, perfectly correlated
    await c.query(
      `CREATE TABLE ${table} (id int PRIMARY KEY, val int NOT NULL, a int, b int, payload text)`,
    )
    await c.query(
      `INSERT INTO ${table} SELECT g, g % 5000, g % 100, g % 100, md5(g::text) FROM generate_series(1, ${ROWS}) g`,
    )
    await c.query(`ANALYZE ${table}`)
  })
})

afterAll(async () => {
  await admin((c) => c.query(`DROP TABLE IF EXISTS ${table}`))
})

describe('postgres suite: plans and findings', () => {
  it('names the table and column of a selective seq scan, proposes the index, and the index fixes it', async () => {
    const before = await snapshot()
    const query = {
      name: 'by-val',
      sql: `SELECT id, payload FROM ${table} WHERE val = $1`,
      params: [{ randomInt: [0, 4999] }],
    }
    // the same short run with plans, first with the what-if index, then with the real one
    const planned = (more: { allowWrites?: boolean; whatIf?: boolean } = {}) =>
      postgresWorker.run(
        fakeContext({
          queries: [query],
          poolSizes: [2],
          clients: 2,
          durationSec: 1.5,
          explain: 'plan',
          ...more,
        }).ctx,
      )
    const first = await planned({ allowWrites: true, whatIf: true })
    expect(first.error).toBeUndefined()
    const seq = first.findings.find((f) => f.id.startsWith('pg-seqscan-'))
    expect(seq, JSON.stringify(first.findings.map((f) => f.title))).toBeDefined()
    expect(seq!.title).toContain(table)
    expect(seq!.title).toContain('val')
    expect(seq!.recommendation).toContain(`CREATE INDEX ON ${table} (val)`)
    expect(seq!.evidence.find((e) => e.label === 'table rows')?.value).toBeGreaterThan(150_000)
    // the plan tree is kept, with the scan marked as the costly node
    const plan = first.details!.plans[0]!
    const scan = plan.nodes.find((n) => /Seq Scan/.test(n.nodeType))!
    expect(scan.relation).toBe(table)
    expect(scan.costly).toBe(true)
    expect(scan.warnings.join(' ')).toMatch(/reads all/)
    // what-if: the index would be used and the plan would cost less; it was rolled back
    const wi = first.details!.whatIf
    expect(wi).toHaveLength(1)
    expect(wi[0]!.error).toBeUndefined()
    expect(wi[0]!.usesIndex).toBe(true)
    expect(wi[0]!.costAfter!).toBeLessThan(wi[0]!.costBefore! / 10)
    expect(await snapshot()).toEqual(before)

    await admin((c) => c.query(`CREATE INDEX ${table}_val ON ${table} (val)`))
    const second = await planned()
    expect(second.error).toBeUndefined()
    expect(second.findings.filter((f) => f.id.startsWith('pg-seqscan-'))).toEqual([])
    const p95Before = first.metrics!.latencyMs.p95
    const p95After = second.metrics!.latencyMs.p95
    console.log(
      `p95 without index ${p95Before} ms, with index ${p95After} ms; tps ${first.metrics!.tps} → ${second.metrics!.tps}`,
    )
    expect(p95After).toBeLessThan(p95Before / 2)
    await admin((c) => c.query(`DROP INDEX ${table}_val`))
    expect((await snapshot()).rows).toBe(ROWS)
  })

  it('with explain "analyze": estimates off by 10× and a sort spilling to disk', async () => {
    // work_mem from the connection string's options: the suite must keep its read-only flag alongside
    const target = {
      ...LOCAL,
      host: undefined,
      port: undefined,
      database: undefined,
      user: undefined,
      connectionString: 'postgresql://postgres@127.0.0.1:5432/test?options=-c%20work_mem%3D64kB',
    }
    const out = await postgresWorker.run(
      fakeContext(
        {
          queries: [
            {
              name: 'correlated',
              sql: `SELECT count(*) FROM ${table} WHERE a = $1 AND b = $1`,
              params: [7],
            },
            {
              name: 'sorted',
              sql: `SELECT id, payload FROM ${table} WHERE val < $1 ORDER BY payload`,
              params: [2500],
            },
          ],
          poolSizes: [1],
          clients: 1,
          durationSec: 0.5,
          explain: 'analyze',
        },
        target,
      ).ctx,
    )
    expect(out.error).toBeUndefined()
    expect(out.details!.readOnly).toBe(true)
    const ids = out.findings.map((f) => f.id)
    const estimate = out.findings.find((f) => f.id.startsWith('pg-estimate-q0'))
    expect(estimate, ids.join(', ')).toBeDefined()
    expect(estimate!.recommendation).toContain(`ANALYZE ${table}`)
    expect(estimate!.recommendation).toContain('CREATE STATISTICS')
    const spill = out.findings.find((f) => f.id.startsWith('pg-spill-q1'))
    expect(spill, ids.join(', ')).toBeDefined()
    expect(spill!.recommendation).toMatch(/work_mem/)
    expect(spill!.evidence.find((e) => e.label === 'work_mem')?.value).toBe(64)
    // 100,000 rows with no LIMIT
    expect(ids).toContain('pg-unbounded-q1')
    const sorted = out.details!.plans[1]!
    expect(sorted.mode).toBe('analyze')
    expect(sorted.executionMs).toBeGreaterThan(0)
    expect(sorted.nodes.some((n) => n.sortSpaceType === 'Disk')).toBe(true)
  })

  it('reports server health from the statistics views', async () => {
    const out = await postgresWorker.run(
      fakeContext({
        queries: [{ name: 'one', sql: 'SELECT 1' }],
        poolSizes: [1],
        clients: 1,
        durationSec: 0.3,
      }).ctx,
    )
    const h = out.details!.health!
    expect(h.serverVersion).toMatch(/^\d+/)
    expect(h.database).toBe('test')
    expect(h.connections.max).toBeGreaterThan(0)
    expect(h.connections.inUse).toBeGreaterThan(0)
    expect(h.settings.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'shared_buffers',
        'work_mem',
        'effective_cache_size',
        'random_page_cost',
        'max_connections',
      ]),
    )
    expect(h.settings.find((s) => s.name === 'shared_buffers')!.pretty).toMatch(/MB|GB|kB/)
    expect(h.cacheHitRatio).toBeGreaterThan(0)
    // this server has the extension available but not installed: the suite says so
    expect(h.statements.installed).toBe(false)
    expect(h.statements.note).toMatch(/not installed/)
    expect(out.findings.map((f) => f.id)).toContain('pg-stat-statements')
    expect(out.serverVersion).toMatch(/^PostgreSQL \d+/)
  })
})
