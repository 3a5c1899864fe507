import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { PgBackup, PostgresTarget } from '@shared/index'
import { clientConfig, queryErrorMessage } from '../postgres/connection'
import { findPgTool, libpqConnection, runTool, withDatabase } from './pg-tools'
import type { PgTool } from './pg-tools'

/**
 * The backup check: pg_dump (custom format) from a snapshot whose per-table row counts are
 * taken in the same snapshot, pg_restore into a scratch database, the counts again there. The
 * scratch database is dropped in `finally`, whatever happened: error, cancel or success.
 */

export interface BackupOptions {
  target: PostgresTarget
  runId: string
  suiteIndex: number
  signal: AbortSignal
  statementTimeoutMs: number
  maxSec: number
  onPhase(label: string): void
}

/** perfdesk_restore_<run>: lower case, safe as an identifier, within 63 bytes. */
export function scratchDatabaseName(runId: string, suiteIndex: number): string {
  const run = runId.toLowerCase().replace(/[^a-z0-9_]/g, '_')
  return `perfdesk_restore_${run}${suiteIndex > 0 ? `_s${suiteIndex}` : ''}`.slice(0, 63)
}

const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`
const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d

/** Exact row counts of every user table (not extension members) in the client's snapshot. */
async function countRows(c: pg.ClientBase, signal: AbortSignal): Promise<Map<string, number>> {
  const t = await c.query<{ name: string }>(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1`,
  )
  const out = new Map<string, number>()
  for (const { name } of t.rows) {
    if (signal.aborted) throw new Error('cancelled')
    const r = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${name}`)
    out.set(name, Number(r.rows[0]?.n ?? 0))
  }
  return out
}

async function connect(cfg: pg.ClientConfig): Promise<pg.Client> {
  const c = new pg.Client(cfg)
  c.on('error', () => undefined)
  await c.connect()
  return c
}

export async function runBackupCheck(o: BackupOptions): Promise<PgBackup> {
  const scratch = scratchDatabaseName(o.runId, o.suiteIndex)
  const timeout = String(Math.round(o.maxSec * 1000))
  const result: PgBackup = {
    dumpSec: 0,
    dumpBytes: 0,
    restoreSec: null,
    tables: 0,
    tablesMatched: 0,
    mismatches: [],
    pgDump: '',
    scratchDatabase: scratch,
    dropped: false,
    restoreWarnings: [],
  }
  // a writable session on the source database: CREATE/DROP DATABASE only
  const admin = await connect(
    clientConfig(o.target, { readOnly: false, applicationName: 'perfdesk backup check' }),
  )
  let source: pg.Client | null = null
  let dir: string | null = null
  let created = false
  try {
    source = await connect(
      clientConfig(o.target, { readOnly: true, applicationName: 'perfdesk backup check' }),
    )
    await source.query(`SELECT set_config('statement_timeout', $1, false)`, [timeout])
    const v = await source.query<{ n: number }>(
      `SELECT current_setting('server_version_num')::int AS n`,
    )
    const major = Math.floor((v.rows[0]?.n ?? 0) / 10000)
    const dump: PgTool = await findPgTool('pg_dump', major)
    const restore: PgTool = await findPgTool('pg_restore', major)
    result.pgDump = `${dump.path} (${dump.version})`

    // one snapshot for the dump and the counts, so they describe the same data
    await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const snap = await source.query<{ id: string }>('SELECT pg_export_snapshot() AS id')
    dir = await mkdtemp(join(tmpdir(), 'perfdesk-backup-'))
    const file = join(dir, 'backup.dump')
    const src = libpqConnection(o.target)

    o.onPhase('pg_dump')
    const t0 = performance.now()
    const dumping = runTool(
      dump,
      ['-Fc', '-f', file, `--snapshot=${snap.rows[0]!.id}`, '-d', src.dbArg],
      src.env,
      o.signal,
    )
    const counting = countRows(source, o.signal)
    const [d, counts] = await Promise.all([dumping, counting])
    result.dumpSec = round((performance.now() - t0) / 1000)
    await source.query('COMMIT')
    if (d.code !== 0)
      throw new Error(`pg_dump failed (exit ${d.code}): ${d.stderr.trim().slice(0, 500)}`)
    result.dumpBytes = (await stat(file)).size
    result.tables = counts.size

    o.onPhase('create scratch database')
    await admin.query(`CREATE DATABASE ${ident(scratch)} TEMPLATE template0`)
    created = true

    o.onPhase('pg_restore')
    const dst = libpqConnection(o.target, scratch)
    const t1 = performance.now()
    const r = await runTool(
      restore,
      ['--no-owner', '--no-privileges', '-d', dst.dbArg, file],
      dst.env,
      o.signal,
    )
    result.restoreSec = round((performance.now() - t1) / 1000)
    result.restoreWarnings = r.stderr
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(0, 20)
    if (r.code !== 0 && r.code !== 1)
      throw new Error(`pg_restore failed (exit ${r.code}): ${r.stderr.trim().slice(0, 500)}`)

    o.onPhase('count restored rows')
    const copy = await connect(
      withDatabase(
        clientConfig(o.target, { readOnly: true, applicationName: 'perfdesk backup check' }),
        scratch,
      ),
    )
    try {
      await copy.query(`SELECT set_config('statement_timeout', $1, false)`, [timeout])
      const restored = await countRows(copy, o.signal)
      for (const [table, n] of counts) {
        const m = restored.get(table)
        if (m === n) result.tablesMatched++
        else result.mismatches.push({ table, source: n, restored: m ?? null })
      }
      for (const [table, m] of restored)
        if (!counts.has(table)) result.mismatches.push({ table, source: null, restored: m })
    } finally {
      await copy.end().catch(() => undefined)
    }
  } catch (err) {
    result.error = o.signal.aborted
      ? 'cancelled'
      : err instanceof Error && err.name === 'PgToolMissingError'
        ? err.message
        : queryErrorMessage(err)
    if ((err as { code?: string }).code === '53200')
      result.error +=
        ' — pg_dump and the row counts lock every table in one transaction: raise max_locks_per_transaction (then restart) so that it times max_connections exceeds the number of tables'
  } finally {
    // the drop first: after a cancel the engine stops this thread 1.5 s later, whatever it does
    result.dropped = await dropScratch(admin, scratch, created)
    await source?.end().catch(() => undefined)
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined)
    await admin.end().catch(() => undefined)
  }
  return result
}

/** DROP DATABASE … WITH (FORCE) ends any session still in it (a killed pg_restore's backend). */
async function dropScratch(admin: pg.Client, name: string, created: boolean): Promise<boolean> {
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
  } catch {
    // before PostgreSQL 13 there is no FORCE: end the sessions in it first
    try {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [name],
      )
      await admin.query(`DROP DATABASE IF EXISTS ${ident(name)}`)
    } catch {
      if (!created) return true
    }
  }
  try {
    const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    return r.rowCount === 0
  } catch {
    return false
  }
}
