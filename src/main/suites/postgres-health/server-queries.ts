import type { ClientBase } from 'pg'
import type { PgHealthData, PgHealthLimits } from '@shared/index'

/** Server-wide reads: pg_stat_statements, sessions, transaction id age, sequences, connections. */

const num = (v: unknown): number => Number(v ?? 0)
/** transaction ids available before wraparound forces a shutdown */
export const XID_LIMIT = 2 ** 31
/** last values are read this many sequences per statement, so no statement holds many locks */
const SEQUENCE_BATCH = 200

export async function topStatements(
  c: ClientBase,
  limit: number,
  problems: string[],
): Promise<PgHealthData['statements']> {
  const s = await c.query<{
    installed: boolean
    schema: string | null
    available: boolean
    loaded: boolean
  }>(
    `SELECT (SELECT quote_ident(extnamespace::regnamespace::text) FROM pg_extension WHERE extname = 'pg_stat_statements') AS schema,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS installed,
            EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') AS available,
            current_setting('shared_preload_libraries') ~ 'pg_stat_statements' AS loaded`,
  )
  const row = s.rows[0]!
  const base = { installed: row.installed, available: row.available, loaded: row.loaded }
  if (!row.installed || !row.schema) {
    return {
      ...base,
      top: [],
      note: row.available
        ? 'pg_stat_statements is available on the server but not installed in this database'
        : 'pg_stat_statements is not available on the server (install the postgresql-contrib package)',
    }
  }
  const v = await c.query<{ n: number }>(`SELECT current_setting('server_version_num')::int AS n`)
  const pre13 = (v.rows[0]?.n ?? 0) < 130000
  const total = pre13 ? 'total_time' : 'total_exec_time'
  const mean = pre13 ? 'mean_time' : 'mean_exec_time'
  try {
    const r = await c.query<{
      query: string
      calls: string
      total: string
      mean: string
      rows: string
      hit: string
      read: string
    }>(
      `SELECT left(query, 2000) AS query, calls::text, ${total}::text AS total, ${mean}::text AS mean,
              rows::text, shared_blks_hit::text AS hit, shared_blks_read::text AS read
         FROM ${row.schema}.pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY ${total} DESC LIMIT $1`,
      [limit],
    )
    return {
      ...base,
      note: 'top statements of this database by total execution time since the statistics were reset',
      top: r.rows.map((x) => {
        const hit = num(x.hit)
        const read = num(x.read)
        return {
          query: x.query,
          calls: num(x.calls),
          totalMs: Math.round(num(x.total) * 100) / 100,
          meanMs: Math.round(num(x.mean) * 1000) / 1000,
          rows: num(x.rows),
          hitRatio: hit + read > 0 ? Math.round((hit / (hit + read)) * 10000) / 10000 : null,
        }
      }),
    }
  } catch (err) {
    problems.push(`pg_stat_statements: ${err instanceof Error ? err.message : String(err)}`)
    return { ...base, top: [], note: 'pg_stat_statements is installed but could not be read' }
  }
}

/** Sessions idle in a transaction or running one statement for too long (every database). */
export async function longSessions(
  c: ClientBase,
  limit: number,
  lim: PgHealthLimits,
): Promise<PgHealthData['sessions']> {
  const r = await c.query<{
    pid: number
    user: string | null
    app: string | null
    state: string
    seconds: string
    query: string | null
  }>(
    `SELECT pid, usename::text AS user, application_name AS app, state,
            extract(epoch FROM now() - CASE WHEN state = 'active' THEN query_start ELSE state_change END)::text AS seconds,
            left(query, 500) AS query
       FROM pg_stat_activity
      WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
        AND ((state IN ('idle in transaction', 'idle in transaction (aborted)')
              AND state_change < now() - make_interval(secs => $2))
          OR (state = 'active' AND query_start < now() - make_interval(secs => $3)))
      ORDER BY 5 DESC LIMIT $1`,
    [limit, lim.idleInTransactionSec, lim.longRunningSec],
  )
  return r.rows.map((x) => ({
    pid: x.pid,
    user: x.user,
    application: x.app,
    state: x.state,
    seconds: Math.round(num(x.seconds) * 10) / 10,
    query: x.query ?? '',
  }))
}

export async function xidAge(c: ClientBase, limit: number): Promise<PgHealthData['xid']> {
  const dbs = await c.query<{ database: string; age: string }>(
    `SELECT datname AS database, age(datfrozenxid)::text AS age FROM pg_database
      WHERE datallowconn ORDER BY age(datfrozenxid) DESC`,
  )
  const tables = await c.query<{ table: string; age: string }>(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS table, age(c.relfrozenxid)::text AS age
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm', 'p') AND c.relfrozenxid <> '0'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      ORDER BY age(c.relfrozenxid) DESC LIMIT $1`,
    [limit],
  )
  const fm = await c.query<{ v: string }>(
    `SELECT current_setting('autovacuum_freeze_max_age') AS v`,
  )
  return {
    databases: dbs.rows.map((x) => ({
      database: x.database,
      age: num(x.age),
      share: Math.round((num(x.age) / XID_LIMIT) * 10000) / 10000,
    })),
    tables: tables.rows.map((x) => ({ table: x.table, age: num(x.age) })),
    freezeMaxAge: fm.rows[0] ? num(fm.rows[0].v) : null,
  }
}

/** The largest value a column of this type holds (a bigint sequence feeding an int column stops there). */
const TYPE_MAX: Record<string, number> = { smallint: 32767, integer: 2147483647 }

export async function sequences(c: ClientBase, limit: number): Promise<PgHealthData['sequences']> {
  const list = await c.query<{
    oid: number
    sequence: string
    min: string
    max: string
    inc: string
    column: string | null
    coltype: string | null
  }>(
    `SELECT s.seqrelid::int AS oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS sequence,
            s.seqmin::text AS min, s.seqmax::text AS max, s.seqincrement::text AS inc,
            CASE WHEN a.attname IS NOT NULL THEN quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || '.'
                 || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod) END AS column,
            format_type(a.atttypid, NULL) AS coltype
       FROM pg_sequence s
       JOIN pg_class c ON c.oid = s.seqrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_depend d ON d.objid = s.seqrelid AND d.classid = 'pg_class'::regclass
            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
       LEFT JOIN pg_class t ON t.oid = d.refobjid
       LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE has_sequence_privilege(s.seqrelid, 'SELECT,USAGE')`,
  )
  const last = new Map<number, number | null>()
  for (let i = 0; i < list.rows.length; i += SEQUENCE_BATCH) {
    const oids = list.rows.slice(i, i + SEQUENCE_BATCH).map((x) => x.oid)
    const r = await c.query<{ oid: number; last: string | null }>(
      `SELECT o::int AS oid, pg_sequence_last_value(o::regclass)::text AS last FROM unnest($1::oid[]) AS o`,
      [oids],
    )
    for (const x of r.rows) last.set(x.oid, x.last === null ? null : Number(x.last))
  }
  const out = list.rows.map((x) => {
    const lastValue = last.get(x.oid) ?? null
    const min = num(x.min)
    const typeMax = x.coltype ? TYPE_MAX[x.coltype] : undefined
    const max = Math.min(num(x.max), typeMax ?? Infinity)
    const inc = num(x.inc)
    // a sequence never called has no last value: it has used nothing
    const used =
      lastValue === null
        ? 0
        : inc >= 0
          ? (lastValue - min) / Math.max(1, max - min)
          : (num(x.max) - lastValue) / Math.max(1, num(x.max) - min)
    return {
      sequence: x.sequence,
      lastValue,
      maxValue: inc >= 0 ? max : min,
      usedRatio: Math.round(Math.max(0, used) * 10000) / 10000,
      column: x.column,
    }
  })
  return out.sort((a, b) => b.usedRatio - a.usedRatio).slice(0, limit)
}

export async function connections(c: ClientBase): Promise<PgHealthData['connections']> {
  const r = await c.query<{ state: string; n: number }>(
    `SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n FROM pg_stat_activity
      WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 1`,
  )
  const s = await c.query<{ max: number; reserved: number }>(
    `SELECT current_setting('max_connections')::int AS max,
            current_setting('superuser_reserved_connections')::int AS reserved`,
  )
  const byState: Record<string, number> = {}
  for (const x of r.rows) byState[x.state] = x.n
  return {
    inUse: r.rows.reduce((a, x) => a + x.n, 0),
    max: s.rows[0]?.max ?? 0,
    reserved: s.rows[0]?.reserved ?? 0,
    byState,
  }
}
