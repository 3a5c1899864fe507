import type { ClientBase } from 'pg'
import type { Finding, PgHealth } from '@shared/index'
import { queryErrorMessage } from './connection'

const SETTINGS = [
  'shared_buffers',
  'work_mem',
  'effective_cache_size',
  'random_page_cost',
  'max_connections',
  'maintenance_work_mem',
] as const

/** Tables the suite itself made for a test are not the user's concern. */
export interface HealthOptions {
  /** how many rows to keep in each list */
  limit?: number
}

/** A table's live and dead tuples and the dead share of all (three decimals). */
export function tupleCounts(
  live: number,
  dead: number,
): { liveTuples: number; deadTuples: number; deadRatio: number } {
  const deadRatio = Math.round((dead / Math.max(1, live + dead)) * 1000) / 1000
  return { liveTuples: live, deadTuples: dead, deadRatio }
}

/** A pg_stat_user_tables row as both health reads select it (counters as text). */
export interface SeqScanRow {
  table: string
  seq_scan: string
  seq_tup_read: string
  idx_scan: string | null
  live: string
}

/** The sequential-scan numbers of a table from its row. */
export function seqScanOf(x: SeqScanRow): {
  table: string
  seqScan: number
  seqTupRead: number
  idxScan: number | null
  liveTuples: number
} {
  return {
    table: x.table,
    seqScan: Number(x.seq_scan),
    seqTupRead: Number(x.seq_tup_read),
    idxScan: x.idx_scan === null ? null : Number(x.idx_scan),
    liveTuples: Number(x.live),
  }
}

async function tryQuery<T>(
  problems: string[],
  what: string,
  f: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await f()
  } catch (err) {
    problems.push(`${what}: ${queryErrorMessage(err)}`)
    return fallback
  }
}

/** Server health from the statistics views of the current database. Never throws for a view it cannot read. */
export async function readHealth(client: ClientBase, opts: HealthOptions = {}): Promise<PgHealth> {
  const limit = opts.limit ?? 10
  const problems: string[] = []
  const base = await client.query<{ version: string; db: string }>(
    `SELECT current_setting('server_version') AS version, current_database() AS db`,
  )
  const cacheHitRatio = await tryQuery(
    problems,
    'pg_stat_database',
    async () => {
      const r = await client.query<{ hit: string; read: string }>(
        `SELECT blks_hit::text AS hit, blks_read::text AS read FROM pg_stat_database WHERE datname = current_database()`,
      )
      const hit = Number(r.rows[0]?.hit ?? 0)
      const read = Number(r.rows[0]?.read ?? 0)
      return hit + read > 0 ? Math.round((hit / (hit + read)) * 10000) / 10000 : null
    },
    null,
  )
  const connections = await tryQuery(
    problems,
    'pg_stat_activity',
    async () => {
      const r = await client.query<{ in_use: number; max: number }>(
        `SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS in_use,
                current_setting('max_connections')::int AS max`,
      )
      return { inUse: r.rows[0]?.in_use ?? 0, max: r.rows[0]?.max ?? 0 }
    },
    { inUse: 0, max: 0 },
  )
  const settings = await tryQuery(
    problems,
    'pg_settings',
    async () => {
      const r = await client.query<{ name: string; setting: string; unit: string | null }>(
        `SELECT name, setting, unit FROM pg_settings WHERE name = ANY ($1)`,
        [SETTINGS],
      )
      return SETTINGS.flatMap((name) => {
        const row = r.rows.find((x) => x.name === name)
        return row
          ? [{ name, value: row.setting, pretty: prettySetting(row.setting, row.unit) }]
          : []
      })
    },
    [],
  )
  const seqScanTables = await tryQuery(
    problems,
    'pg_stat_user_tables',
    async () => {
      const r = await client.query<SeqScanRow>(
        `SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS table, seq_scan::text, seq_tup_read::text,
                idx_scan::text, n_live_tup::text AS live
           FROM pg_stat_user_tables WHERE seq_scan > 0 AND n_live_tup >= 1000
          ORDER BY seq_tup_read DESC LIMIT $1`,
        [limit],
      )
      return r.rows.map(seqScanOf)
    },
    [],
  )
  const deadTupleTables = await tryQuery(
    problems,
    'pg_stat_user_tables',
    async () => {
      const r = await client.query<{
        table: string
        live: string
        dead: string
        last: string | null
      }>(
        `SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS table, n_live_tup::text AS live,
                n_dead_tup::text AS dead, greatest(last_autovacuum, last_vacuum)::text AS last
           FROM pg_stat_user_tables WHERE n_dead_tup >= 1000
          ORDER BY n_dead_tup DESC LIMIT $1`,
        [limit],
      )
      return r.rows.map((x) => ({
        table: x.table,
        ...tupleCounts(Number(x.live), Number(x.dead)),
        lastAutovacuum: x.last,
      }))
    },
    [],
  )
  const unusedIndexes = await tryQuery(
    problems,
    'pg_stat_user_indexes',
    async () => {
      const r = await client.query<{ index: string; table: string; size: string }>(
        `SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.indexrelname) AS index,
                quote_ident(s.schemaname) || '.' || quote_ident(s.relname) AS table,
                pg_relation_size(s.indexrelid)::text AS size
           FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
          WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
          ORDER BY pg_relation_size(s.indexrelid) DESC LIMIT $1`,
        [limit],
      )
      return r.rows.map((x) => ({ index: x.index, table: x.table, sizeBytes: Number(x.size) }))
    },
    [],
  )
  const statements = await readStatements(client, limit, problems)
  return {
    serverVersion: base.rows[0]?.version ?? '?',
    database: base.rows[0]?.db ?? '?',
    cacheHitRatio,
    connections,
    settings,
    seqScanTables,
    deadTupleTables,
    unusedIndexes,
    statements,
    problems,
  }
}

async function readStatements(
  client: ClientBase,
  limit: number,
  problems: string[],
): Promise<PgHealth['statements']> {
  const ext = await client.query<{ installed: boolean; available: boolean; schema: string | null }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS installed,
            EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') AS available,
            (SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
              WHERE e.extname = 'pg_stat_statements') AS schema`,
  )
  const { installed, available, schema } = ext.rows[0] ?? {
    installed: false,
    available: false,
    schema: null,
  }
  if (!installed) {
    return {
      installed,
      available,
      top: [],
      note: available
        ? 'pg_stat_statements is not installed in this database: add it to shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements to see the top statements'
        : 'pg_stat_statements is not available on this server (the contrib package is missing)',
    }
  }
  try {
    // PostgreSQL 13 renamed total_time to total_exec_time
    const cols = await client.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname IN ('total_exec_time', 'total_time')`,
      [`${schema ?? 'public'}.pg_stat_statements`],
    )
    const total = cols.rows.some((c) => c.name === 'total_exec_time')
      ? 'total_exec_time'
      : 'total_time'
    const r = await client.query<{ query: string; calls: string; total: number; rows: string }>(
      `SELECT query, calls::text, ${total}::float8 AS total, rows::text
         FROM ${schema ?? 'public'}.pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY ${total} DESC LIMIT $1`,
      [limit],
    )
    return {
      installed,
      available,
      note: `top ${r.rows.length} statements by total execution time`,
      top: r.rows.map((x) => ({
        query: x.query.slice(0, 500),
        calls: Number(x.calls),
        totalMs: Math.round(x.total * 1000) / 1000,
        meanMs: Math.round((x.total / Math.max(1, Number(x.calls))) * 1000) / 1000,
        rows: Number(x.rows),
      })),
    }
  } catch (err) {
    const msg = queryErrorMessage(err)
    problems.push(`pg_stat_statements: ${msg}`)
    return {
      installed,
      available,
      top: [],
      note: /shared_preload_libraries/.test(msg)
        ? 'pg_stat_statements is installed but not loaded: add it to shared_preload_libraries and restart'
        : `pg_stat_statements could not be read: ${msg}`,
    }
  }
}

/** "16384" with unit "8kB" → "128 MB". */
export function prettySetting(setting: string, unit: string | null): string {
  const n = Number(setting)
  if (!unit || !Number.isFinite(n)) return setting
  const m = /^(\d+)?(B|kB|MB|GB|TB|ms|s|min)$/.exec(unit)
  if (!m) return `${setting} ${unit}`
  const mult = Number(m[1] ?? 1)
  const sizes: Record<string, number> = {
    B: 1,
    kB: 1024,
    MB: 1024 ** 2,
    GB: 1024 ** 3,
    TB: 1024 ** 4,
  }
  const unitName = m[2]!
  if (unitName in sizes) {
    const bytes = n * mult * sizes[unitName]!
    for (const [name, size] of [
      ['TB', 1024 ** 4],
      ['GB', 1024 ** 3],
      ['MB', 1024 ** 2],
      ['kB', 1024],
    ] as const) {
      if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${name}`
    }
    return `${bytes} B`
  }
  return `${n * mult} ${unitName}`
}

export function healthFindings(h: PgHealth): Finding[] {
  const out: Finding[] = []
  if (h.cacheHitRatio !== null && h.cacheHitRatio < 0.99) {
    const sb = h.settings.find((s) => s.name === 'shared_buffers')
    out.push({
      id: 'pg-cache-hit',
      severity: h.cacheHitRatio < 0.95 ? 'warning' : 'info',
      title: `Cache hit ratio ${(h.cacheHitRatio * 100).toFixed(1)} % in ${h.database}`,
      detail:
        'A share of block reads go to disk (or the OS cache) instead of shared buffers; OLTP workloads usually sit above 99 %.',
      evidence: [
        { label: 'cache hit ratio', value: h.cacheHitRatio },
        ...(sb ? [{ label: 'shared_buffers', value: sb.pretty }] : []),
      ],
      recommendation:
        'Raise shared_buffers (commonly ~25 % of RAM) if the working set should fit, or reduce what the queries read (indexes, fewer columns).',
    })
  }
  if (h.connections.max > 0 && h.connections.inUse >= 0.8 * h.connections.max) {
    out.push({
      id: 'pg-connections-near-max',
      severity: 'warning',
      title: `${h.connections.inUse} of ${h.connections.max} connections in use`,
      detail: 'The server is close to max_connections: new connections will be refused.',
      evidence: [
        { label: 'connections in use', value: h.connections.inUse },
        { label: 'max_connections', value: h.connections.max },
      ],
      recommendation:
        'Use smaller pools per application instance or a connection pooler (PgBouncer) rather than raising max_connections.',
    })
  }
  for (const t of h.deadTupleTables.filter((x) => x.deadRatio >= 0.2 && x.deadTuples >= 10_000)) {
    out.push({
      id: `pg-dead-tuples-${t.table}`,
      severity: 'warning',
      title: `${t.table}: ${(t.deadRatio * 100).toFixed(0)} % dead rows`,
      detail: `${t.deadTuples.toLocaleString('en-US')} dead rows against ${t.liveTuples.toLocaleString('en-US')} live; scans read them all. Last vacuum: ${t.lastAutovacuum ?? 'never'}.`,
      evidence: [
        { label: 'dead rows', value: t.deadTuples },
        { label: 'live rows', value: t.liveTuples },
        { label: 'last vacuum', value: t.lastAutovacuum },
      ],
      recommendation: `VACUUM (ANALYZE) ${t.table}; and check that autovacuum keeps up (lower autovacuum_vacuum_scale_factor for this table).`,
    })
  }
  if (h.unusedIndexes.length > 0) {
    out.push({
      id: 'pg-unused-indexes',
      severity: 'info',
      title: `${h.unusedIndexes.length} index${h.unusedIndexes.length > 1 ? 'es' : ''} never used since statistics were reset`,
      detail: `Unused indexes slow every write and take space: ${h.unusedIndexes.map((i) => i.index).join(', ')}.`,
      evidence: h.unusedIndexes.map((i) => ({ label: i.index, value: i.sizeBytes, unit: 'bytes' })),
      recommendation:
        'Check that no rare job needs them (and that statistics were not reset recently), then DROP INDEX.',
    })
  }
  if (!h.statements.installed || h.statements.top.length === 0) {
    out.push({
      id: 'pg-stat-statements',
      severity: 'info',
      title: 'No statement statistics (pg_stat_statements)',
      detail: h.statements.note,
      evidence: [
        { label: 'installed', value: h.statements.installed },
        { label: 'available', value: h.statements.available },
      ],
      recommendation:
        "shared_preload_libraries = 'pg_stat_statements', restart, CREATE EXTENSION pg_stat_statements: then the top statements by time show here.",
    })
  }
  return out
}
