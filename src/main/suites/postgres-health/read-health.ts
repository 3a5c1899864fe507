import type { ClientBase } from 'pg'
import type { PgHealthData, PostgresHealthConfig } from '@shared/index'
import { queryErrorMessage } from '../postgres/connection'
import {
  deadTuples,
  duplicateIndexes,
  invalidIndexes,
  seqScanTables,
  staleStats,
  tableCache,
  unusedIndexes,
} from './catalog-queries'
import { connections, longSessions, sequences, topStatements, xidAge } from './server-queries'

/**
 * Session settings that keep the suite harmless on a production server: every statement is
 * cancelled after the timeout, a lock it would have to wait for fails it at once, and the
 * session is read-only (set when connecting).
 */
export async function guardSession(c: ClientBase, statementTimeoutMs: number): Promise<void> {
  await c.query(
    `SELECT set_config('statement_timeout', $1, false), set_config('lock_timeout', '1000', false),
            set_config('idle_in_transaction_session_timeout', '60000', false)`,
    [String(statementTimeoutMs)],
  )
}

/** Each part in turn; a part the role cannot read adds a problem instead of failing the suite. */
export async function readHealthData(
  c: ClientBase,
  config: PostgresHealthConfig,
  onPart: (label: string) => void,
  signal: AbortSignal,
): Promise<PgHealthData> {
  const t0 = performance.now()
  const problems: string[] = []
  const { limit, limits } = config
  const part = async <T>(label: string, f: () => Promise<T>, fallback: T): Promise<T> => {
    if (signal.aborted) return fallback
    onPart(label)
    try {
      return await f()
    } catch (err) {
      problems.push(`${label}: ${queryErrorMessage(err)}`)
      return fallback
    }
  }
  const base = await c.query<{ version: string; db: string; tables: number }>(
    `SELECT current_setting('server_version') AS version, current_database() AS db,
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND n.nspname NOT LIKE 'pg\\_toast%') AS tables`,
  )
  const b = base.rows[0]!
  const data: PgHealthData = {
    serverVersion: b.version,
    database: b.db,
    tables: b.tables,
    readMs: 0,
    statements: await part('top queries', () => topStatements(c, limit, problems), {
      installed: false,
      available: false,
      loaded: false,
      note: 'not read',
      top: [],
    }),
    duplicateIndexes: await part('duplicate indexes', () => duplicateIndexes(c, limit), []),
    unusedIndexes: await part('unused indexes', () => unusedIndexes(c, limit), []),
    invalidIndexes: await part('invalid indexes', () => invalidIndexes(c, limit), []),
    seqScanTables: await part('sequential scans', () => seqScanTables(c, limit, limits), []),
    deadTuples: await part('dead tuples', () => deadTuples(c, limit, limits), []),
    staleStats: await part('statistics', () => staleStats(c, limit, limits), []),
    sessions: await part('sessions', () => longSessions(c, limit, limits), []),
    xid: await part('transaction id age', () => xidAge(c, limit), {
      databases: [],
      tables: [],
      freezeMaxAge: null,
    }),
    sequences: await part('sequences', () => sequences(c, limit), []),
    connections: await part('connections', () => connections(c), {
      inUse: 0,
      max: 0,
      reserved: 0,
      byState: {},
    }),
    tableCache: await part('table cache', () => tableCache(c, limit), {
      hitRatio: null,
      heapRead: 0,
      tables: [],
    }),
    problems,
  }
  data.readMs = Math.round(performance.now() - t0)
  return data
}
