import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { postgresWorker } from './worker'
import { postgresGeneratorTask, type ReadOnlyMode } from './generator-task'
import { clientConfig } from './connection'
import { statementProblem } from './guard'
import { testPostgresConnection } from '../../targets/postgres'
import { LOCAL, admin, fakeContext, fixtureName } from './test-support'

const sentinel = fixtureName('sentinel')
const seq = fixtureName('seq')
const writer = fixtureName('writer')
const proc = fixtureName('proc')
const killView = fixtureName('killview')
const configView = fixtureName('configview')
const app = fixtureName('app')
const reader = fixtureName('reader')

/** Every row of the sentinel, as one text, to compare before and after. */
const snapshot = () =>
  admin(
    async (c) =>
      (
        await c.query<{ s: string | null }>(
          `SELECT string_agg(id || ':' || v, ',' ORDER BY id) AS s FROM ${sentinel}`,
        )
      ).rows[0]!.s,
  )

let victim: pg.Client
let victimPid = 0

beforeAll(async () => {
  await admin(async (c) => {
    await c.query(`CREATE TABLE ${sentinel} (id int PRIMARY KEY, v text NOT NULL)`)
    await c.query(`INSERT INTO ${sentinel} SELECT g, 'row ' || g FROM generate_series(1, 50) g`)
    await c.query(`CREATE SEQUENCE ${seq}`)
    await c.query(
      `CREATE FUNCTION ${writer}() RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM ${sentinel}; RETURN 1; END $$`,
    )
    await c.query(
      `CREATE PROCEDURE ${proc}() LANGUAGE plpgsql AS $$ BEGIN DELETE FROM ${sentinel}; END $$`,
    )
  })
  await admin(async (c) => {
    await c.query(`CREATE ROLE ${reader} LOGIN`)
    await c.query(`GRANT SELECT ON ${sentinel} TO ${reader}`)
  })
  // the second sentinel: a session an attack would kill
  victim = new pg.Client({
    host: '127.0.0.1',
    port: 5432,
    database: 'test',
    user: 'postgres',
    application_name: app,
  })
  victim.on('error', () => undefined)
  await victim.connect()
  victimPid = (victim as unknown as { processID: number }).processID
  await admin(async (c) => {
    await c.query(`CREATE VIEW ${killView} AS SELECT pg_terminate_backend(${victimPid}) AS killed`)
    await c.query(
      `CREATE VIEW ${configView} AS SELECT set_config('default_transaction_read_only', 'off', false) AS s`,
    )
  })
})

afterAll(async () => {
  await victim.end().catch(() => undefined)
  await admin(async (c) => {
    await c.query(`DROP VIEW IF EXISTS ${killView}, ${configView}`)
    await c.query(`DROP FUNCTION IF EXISTS ${writer}()`)
    await c.query(`DROP PROCEDURE IF EXISTS ${proc}()`)
    await c.query(`DROP SEQUENCE IF EXISTS ${seq}`)
    await c.query(`DROP TABLE IF EXISTS ${sentinel}`)
    await c.query(`DROP ROLE IF EXISTS ${reader}`)
  })
})

/** The attack corpus: each must be refused before it runs, or change nothing if it runs. */
function corpus(): [string, string][] {
  const t = sentinel
  const p = victimPid
  return [
    // issue 11's three bypasses and their variants
    [
      'dollar in identifier',
      `SELECT 1 AS x$a$; COMMIT; BEGIN READ WRITE; DELETE FROM ${t}; SELECT 1 AS y$a$`,
    ],
    ['terminate', `SELECT pg_terminate_backend(${p})`],
    [
      'terminate by app',
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${app}'`,
    ],
    ['set_config', `SELECT set_config('default_transaction_read_only', 'off', false)`],
    [
      'qualified set_config',
      `SELECT pg_catalog.set_config('default_transaction_read_only', 'off', false)`,
    ],
    ['quoted name', `SELECT "pg_terminate_backend"(${p})`],
    ['comments around the call', `SELECT /* a */ pg_terminate_backend /* b */ (${p}) -- c`],
    ['nested comment', `SELECT /* /* */ ; */ pg_cancel_backend(${p})`],
    ['dollar-quoted semicolon', `SELECT $q$ ; $q$ AS s, pg_cancel_backend(${p})`],
    ['semicolon in a string', `SELECT 'a;b'; DELETE FROM ${t}`],
    ['backslash string', `SELECT '\\'; DELETE FROM ${t}; --'`],
    ['semicolon in a quoted identifier', `SELECT 1 AS "a;b"; DELETE FROM ${t}`],
    [
      'lateral set_config',
      `SELECT 1 FROM ${t}, LATERAL (SELECT set_config('default_transaction_read_only', 'off', false)) s`,
    ],
    ['view that kills', `SELECT * FROM ${killView}`],
    ['view that turns read-only off', `SELECT * FROM ${configView}`],
    // writes
    ['CTE delete returning', `WITH d AS (DELETE FROM ${t} RETURNING *) SELECT count(*) FROM d`],
    ['for update', `SELECT * FROM ${t} FOR UPDATE`],
    ['for no key update', `SELECT * FROM ${t} FOR NO KEY UPDATE SKIP LOCKED`],
    ['select into', `SELECT * INTO ${t}_copy FROM ${t}`],
    ['volatile writer', `SELECT ${writer}()`],
    ['explain analyze delete', `EXPLAIN ANALYZE DELETE FROM ${t}`],
    ['DO block', `DO $$ BEGIN DELETE FROM ${t}; END $$`],
    ['CALL', `CALL ${proc}()`],
    ['query_to_xml', `SELECT query_to_xml('DELETE FROM ${t} RETURNING 1', true, false, '')`],
    // session and server state
    ['LISTEN', 'LISTEN perfdesk_attack'],
    ['NOTIFY', 'NOTIFY perfdesk_attack'],
    ['pg_notify', `SELECT pg_notify('perfdesk_attack', 'x')`],
    ['SET ROLE', 'SET ROLE postgres'],
    ['RESET ALL', 'RESET ALL'],
    ['SET read-only off', 'SET default_transaction_read_only = off'],
    ['BEGIN READ WRITE', 'BEGIN READ WRITE'],
    ['COMMIT', 'COMMIT'],
    ['PREPARE', `PREPARE pd_attack AS DELETE FROM ${t}`],
    ['EXECUTE', 'EXECUTE pd_attack'],
    ['DEALLOCATE', 'DEALLOCATE ALL'],
    ['advisory lock', 'SELECT pg_advisory_lock(4242)'],
    ['nextval', `SELECT nextval('${seq}')`],
    ['large object', `SELECT lo_import('/etc/hostname')`],
    ['read a server file', `SELECT pg_read_file('/etc/hostname')`],
    ['reload', 'SELECT pg_reload_conf()'],
    ['dblink', `SELECT * FROM dblink('dbname=test', 'DELETE FROM ${t}') AS x(r text)`],
    ['copy to program', `COPY (SELECT 1) TO PROGRAM 'true'`],
  ]
}

describe('read-only guard: the attack corpus', () => {
  it('refuses every attack with a reason, and leaves the rows and the other session as they were', async () => {
    const before = await snapshot()
    const attacks = corpus()
    const out = await postgresWorker.run(
      fakeContext({
        poolSizes: [2],
        clients: 2,
        durationSec: 0.5,
        explain: 'analyze',
        queries: [
          ...attacks.map(([name, sql]) => ({ name, sql })),
          {
            name: 'control read',
            sql: `SELECT v FROM ${sentinel} WHERE id = $1`,
            params: [{ randomInt: [1, 50] }],
          },
        ],
      }).ctx,
    )
    expect(out.error).toBeUndefined()
    const stats = out.details!.queries
    for (const [name] of attacks) {
      const q = stats.find((s) => s.name === name)!
      expect({ name, excluded: q.excluded, executions: q.executions }).toEqual({
        name,
        excluded: true,
        executions: 0,
      })
      expect(q.error, name).toMatch(
        /^not run: query ".+" (holds \d+ statements|\(\w+\) (is transaction control|uses a prepared statement|uses COPY)|starts with \w+, which is not a read|modifies data|locks rows|creates a table|calls .+\(\))/,
      )
    }
    expect(stats.at(-1)!.executions).toBeGreaterThan(0)
    expect(await snapshot()).toBe(before)
    // the other session is alive and answers
    expect((await victim.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n).toBe(1)
    // no advisory lock, sequence untouched
    await admin(async (c) => {
      const locks = await c.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242`,
      )
      expect(locks.rowCount).toBe(0)
      const s = await c.query<{ is_called: boolean }>(`SELECT is_called FROM ${seq}`)
      expect(s.rows[0]!.is_called).toBe(false)
    })
  }, 60_000)

  it('with allowWrites, transaction control and several statements are still refused', () => {
    expect(statementProblem('q', 'COMMIT', true)).toMatch(/transaction control/)
    expect(statementProblem('q', 'SELECT 1; SELECT 2', true)).toMatch(/holds 2 statements/)
    expect(statementProblem('q', `UPDATE t SET a = 1`, true)).toBeNull()
    expect(statementProblem('q', 'SELEC 1', false)).toBeNull() // a typo: the server refuses it
  })
})

describe('read-only guard: the server holds even when a statement gets through', () => {
  // straight into the wire path, past every text and plan check
  const run = (readOnly: ReadOnlyMode) =>
    postgresGeneratorTask.run(
      {
        client: clientConfig(LOCAL, { readOnly: true, applicationName: 'perfdesk guard test' }),
        connections: 1,
        clients: 1,
        durationSec: 0.5,
        readOnly,
        queries: [
          {
            index: 0,
            sql: `SELECT set_config('default_transaction_read_only', 'off', false)`,
            weight: 1,
            params: [],
          },
          {
            index: 1,
            sql: `DELETE FROM ${sentinel} WHERE id = $1`,
            weight: 1,
            params: [{ randomInt: [1, 50] }],
          },
        ],
      },
      {
        signal: new AbortController().signal,
        threadIndex: 0,
        threads: 1,
        interval: () => undefined,
      },
    )

  it('framed: every write fails in BEGIN READ ONLY, and set_config is rolled back with it', async () => {
    const before = await snapshot()
    const [setConfig, del] = (await run('frame')).perQuery
    expect(setConfig!.executions).toBeGreaterThan(0)
    expect(del!.executions).toBe(0)
    expect(del!.errors).toBeGreaterThan(0)
    expect(del!.firstError).toMatch(/read-only transaction.*25006/)
    expect(await snapshot()).toBe(before)
  })

  it('read-only session: the server reports the default turned off and the connection is dropped', async () => {
    const before = await snapshot()
    const [setConfig, del] = (await run('session')).perQuery
    expect(setConfig!.executions).toBe(0)
    expect(setConfig!.errors).toBe(1)
    expect(setConfig!.firstError).toMatch(
      /turned default_transaction_read_only off.*closed the connection/,
    )
    expect(del!.executions).toBe(0)
    if (del!.errors > 0) expect(del!.firstError).toMatch(/read-only transaction.*25006/)
    expect(await snapshot()).toBe(before)
  })
})

describe('connection test: can the role itself write?', () => {
  it('a SELECT-only role is the guarantee; a superuser is not', async () => {
    const ro = await testPostgresConnection({ ...LOCAL, user: reader })
    expect(ro.ok).toBe(true)
    expect(ro.details).toMatchObject({ canWrite: 'no' })
    expect(ro.details.readOnlyGuarantee).toMatch(/^yes/)
    const su = await testPostgresConnection(LOCAL)
    expect(su.details.canWrite).toMatch(/^yes \(superuser\)/)
    expect(su.details.readOnlyGuarantee).toMatch(
      /^no: this role can write.*only a role limited to SELECT/,
    )
  })
})
