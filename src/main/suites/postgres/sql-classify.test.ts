import { describe, expect, it } from 'vitest'
import { classifySql, isExplainable, stripSql } from './sql-classify'
import { validatePostgresConfig } from './index'
import { PostgresConfigSchema } from '@shared/index'

describe('classifySql', () => {
  const writes = [
    'INSERT INTO t VALUES (1)',
    '  update t set a = 1',
    'DELETE FROM t',
    'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE',
    'WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x',
    'with x as (select 1) insert into t select * from x',
    'SELECT * FROM t WHERE id = 1 FOR UPDATE',
    'SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED',
    'SELECT * FROM t FOR SHARE',
    'SELECT * INTO new_t FROM t',
    'CREATE TABLE x (a int)',
    'ALTER TABLE t ADD COLUMN b int',
    'DROP TABLE t',
    'TRUNCATE t',
    "COPY t FROM '/tmp/x.csv'",
    'GRANT SELECT ON t TO bob',
    'VACUUM t',
    'ANALYZE t',
    'REINDEX TABLE t',
    'CALL do_things()',
    "SELECT nextval('s')",
    '/* hi */ -- comment\n UPDATE t SET a = 1',
    'SELECT 1; DELETE FROM t',
    'EXPLAIN ANALYZE DELETE FROM t',
    'EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1',
    'SET default_transaction_read_only = off',
    'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
    'BEGIN READ WRITE',
  ]
  it.each(writes)('flags %s as a write', (sql) => {
    expect(classifySql(sql).write).toBe(true)
  })

  const reads = [
    'SELECT * FROM t WHERE id = $1',
    'select pg_sleep(0.01)',
    "SELECT 'DELETE FROM t' AS s",
    'SELECT "update" FROM t',
    "SELECT $$ INSERT $$, E'it\\'s -- not a comment; DROP TABLE t'",
    'WITH x AS (SELECT last_update FROM t) SELECT * FROM x',
    'VALUES (1), (2)',
    'TABLE t',
    'EXPLAIN DELETE FROM t',
    'SHOW work_mem',
    '-- DELETE\nSELECT 1',
  ]
  it.each(reads)('lets %s through', (sql) => {
    expect(classifySql(sql)).toMatchObject({ write: false })
  })

  it('strips literals and comments but keeps the statement shape', () => {
    expect(stripSql("SELECT 'a;b' /* c; */ FROM t -- d;")).not.toContain(';')
    expect(isExplainable('SELECT 1')).toBe(true)
    expect(isExplainable('VACUUM t')).toBe(false)
    expect(isExplainable('SELECT 1; SELECT 2')).toBe(false)
  })
})

describe('validate', () => {
  const cfg = (over: object) =>
    PostgresConfigSchema.parse({
      kind: 'postgres',
      target: 'pg',
      queries: [{ name: 'a', sql: 'SELECT 1' }],
      ...over,
    })

  it('refuses a write query in a read-only plan, naming the field', () => {
    const problems = validatePostgresConfig(
      cfg({
        queries: [
          { name: 'read', sql: 'SELECT * FROM t WHERE id = $1', params: [1] },
          {
            name: 'bump',
            sql: 'UPDATE t SET n = n + 1 WHERE id = $1',
            params: [{ randomInt: [1, 10] }],
          },
        ],
      }),
    )
    expect(problems).toHaveLength(1)
    expect(problems[0]!.path).toBe('queries[1].sql')
    expect(problems[0]!.message).toMatch(/UPDATE modifies data.*allowWrites/)
  })

  it('accepts the same write with allowWrites', () => {
    const c = cfg({ allowWrites: true, queries: [{ name: 'bump', sql: 'UPDATE t SET n = 1' }] })
    expect(validatePostgresConfig(c)).toEqual([])
  })

  it('needs a param per placeholder, allowWrites for what-if, and unique names', () => {
    const problems = validatePostgresConfig(
      cfg({
        whatIf: true,
        queries: [
          { name: 'a', sql: 'SELECT * FROM t WHERE a = $1 AND b = $2', params: [1] },
          { name: 'a', sql: 'SELECT 1' },
        ],
      }),
    )
    expect(problems.map((p) => p.path).sort()).toEqual([
      'queries[0].params',
      'queries[1].name',
      'whatIf',
    ])
  })
})
