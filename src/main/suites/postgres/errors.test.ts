import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresWorker } from './worker'
import { testPostgresConnection } from '../../targets/postgres'
import { LOCAL, admin, fakeContext, fixtureName } from './test-support'

const table = fixtureName('rows')
const writer = fixtureName('writer')

const rowCount = () =>
  admin(
    async (c) =>
      (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n,
  )

beforeAll(async () => {
  await admin(async (c) => {
    await c.query(`CREATE TABLE ${table} (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)`)
    await c.query(`INSERT INTO ${table} (id) SELECT g FROM generate_series(1, 100) g`)
    // a write the keyword check cannot see: only the read-only session stops it
    await c.query(
      `CREATE FUNCTION ${writer}() RETURNS int LANGUAGE sql AS $$ INSERT INTO ${table} (id) VALUES (1000 + (random() * 1e6)::int) RETURNING id $$`,
    )
  })
})

afterAll(async () => {
  await admin(async (c) => {
    await c.query(`DROP FUNCTION IF EXISTS ${writer}()`)
    await c.query(`DROP TABLE IF EXISTS ${table}`)
  })
})

const quick = { poolSizes: [2], clients: 2, durationSec: 0.5 }

describe('postgres suite: errors', () => {
  it('a role that does not exist: status error with an authentication message', async () => {
    const out = await postgresWorker.run(
      fakeContext(
        { ...quick, queries: [{ name: 'one', sql: 'SELECT 1' }] },
        { ...LOCAL, user: 'perfdesk_no_such_role' },
      ).ctx,
    )
    expect(out.status).toBe('error')
    expect(out.error).toMatch(/authentication failed.*perfdesk_no_such_role.*check target.user/)
    expect(out.details!.steps).toEqual([])
  })

  it('a database that does not exist names target.database', async () => {
    const out = await postgresWorker.run(
      fakeContext(
        { ...quick, queries: [{ name: 'one', sql: 'SELECT 1' }] },
        { ...LOCAL, database: 'perfdesk_no_such_db' },
      ).ctx,
    )
    expect(out.status).toBe('error')
    expect(out.error).toMatch(/"perfdesk_no_such_db" does not exist.*check target.database/)
  })

  it('an unreachable port: connection refused, quickly', async () => {
    const t0 = performance.now()
    const out = await postgresWorker.run(
      fakeContext({ ...quick, queries: [{ name: 'one', sql: 'SELECT 1' }] }, { ...LOCAL, port: 1 })
        .ctx,
    )
    expect(out.status).toBe('error')
    expect(out.error).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/test: connection refused/)
    expect(performance.now() - t0).toBeLessThan(3000)
  })

  it('a syntax error in one query marks that query; the others still run', async () => {
    const out = await postgresWorker.run(
      fakeContext({
        ...quick,
        queries: [
          {
            name: 'good',
            sql: `SELECT n FROM ${table} WHERE id = $1`,
            params: [{ randomInt: [1, 100] }],
          },
          { name: 'broken', sql: `SELEC n FROM ${table}` },
          { name: 'also-good', sql: 'SELECT 1', weight: 0.5 },
        ],
      }).ctx,
    )
    expect(out.status).toBe('passed')
    const q = out.details!.queries
    expect(q[1]).toMatchObject({ name: 'broken', excluded: true, executions: 0 })
    expect(q[1]!.error).toMatch(
      /syntax error at or near "SELEC", SQLSTATE 42601, at character 1 of the query/,
    )
    expect(q[0]!.executions).toBeGreaterThan(10)
    expect(q[2]!.executions).toBeGreaterThan(5)
    expect(out.details!.steps[0]!.errors).toBe(0)
    const f = out.findings.find((x) => x.id === 'pg-query-error-q1')!
    expect(f.severity).toBe('critical')
    expect(f.title).toContain('"broken"')
    expect(out.details!.plans.find((p) => p.query === 'broken')!.error).toMatch(/syntax error/)
  })

  it('a write hidden in a user-defined VOLATILE function is refused, and the rows stay', async () => {
    const before = await rowCount()
    const out = await postgresWorker.run(
      fakeContext({
        ...quick,
        explain: 'analyze',
        queries: [
          { name: 'sneaky', sql: `SELECT ${writer}()` },
          { name: 'fine', sql: 'SELECT 1' },
        ],
      }).ctx,
    )
    expect(out.details!.queries[0]!.error).toMatch(/VOLATILE function.*read-only/)
    expect(out.details!.queries[1]!.executions).toBeGreaterThan(0)
    expect(await rowCount()).toBe(before)
  })

  it('a write query that slipped past validate is not run in a read-only suite', async () => {
    const before = await rowCount()
    const out = await postgresWorker.run(
      fakeContext({
        ...quick,
        queries: [
          { name: 'bump', sql: `UPDATE ${table} SET n = n + 1` },
          { name: 'read', sql: 'SELECT 1' },
        ],
      }).ctx,
    )
    expect(out.details!.queries[0]).toMatchObject({ excluded: true, executions: 0 })
    expect(out.details!.queries[0]!.error).toMatch(/read-only/)
    expect(await rowCount()).toBe(before)
  })

  it('when every query fails, the suite errors and says why', async () => {
    const out = await postgresWorker.run(
      fakeContext({
        ...quick,
        queries: [{ name: 'bad', sql: 'SELECT * FROM perfdesk_nothing_here' }],
      }).ctx,
    )
    expect(out.status).toBe('error')
    expect(out.error).toMatch(
      /no query could run: "bad": relation "perfdesk_nothing_here" does not exist/,
    )
  })
})

describe('Test connection', () => {
  it('reports the server version and the role rights', async () => {
    const r = await testPostgresConnection(LOCAL)
    expect(r.ok).toBe(true)
    expect(r.message).toMatch(/connected to PostgreSQL \d+/)
    expect(r.latencyMs).toBeGreaterThan(0)
    expect(r.details).toMatchObject({
      user: 'postgres',
      database: 'test',
      superuser: 'yes',
      createdb: 'yes',
      pgReadAllStats: 'yes',
    })
    expect(r.details.canWrite).toMatch(/^yes/)
    expect(r.details.pgStatStatements).toMatch(/available, not installed/)
  })

  it('says what is wrong for an unknown role and a closed port', async () => {
    const role = await testPostgresConnection({ ...LOCAL, user: 'perfdesk_no_such_role' })
    expect(role).toMatchObject({ ok: false, latencyMs: null })
    expect(role.message).toMatch(/role "perfdesk_no_such_role" does not exist/)
    const port = await testPostgresConnection({ ...LOCAL, port: 1 })
    expect(port.ok).toBe(false)
    expect(port.message).toMatch(/connection refused/)
  })
})
