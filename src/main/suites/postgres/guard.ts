/**
 * The read-only guard (issue 11). What enforces it is the server:
 * - user SQL goes only through the extended protocol, which carries one statement per Parse,
 *   so `COMMIT; BEGIN READ WRITE; …` cannot ride along (PostgreSQL refuses it);
 * - every execution of a read-only suite runs inside BEGIN READ ONLY … ROLLBACK, and a
 *   transaction cannot be made read-write once it has run a query, so nothing inside can undo
 *   it (a set_config() inside is rolled back with it);
 * - functions whose effects a rollback does not undo (signals to other sessions, server
 *   files, advisory locks, connections elsewhere) are refused before anything runs: by name
 *   from the tokens of the text, from the plan PostgreSQL makes of it (which expands views),
 *   and user-defined VOLATILE functions looked up in pg_proc.
 * Only a role without write privileges is a real guarantee (README); this keeps a plan file
 * from turning a read-only suite into writes.
 */
import type { ClientBase, QueryConfig } from 'pg'
import { calledNames, lexSql, statementsOf, type Token } from './sql-lexer'
import type { PgValue } from './params'

/** Functions with effects outside the transaction, or that run SQL text hidden in a string. */
const DENIED =
  /^(set_config|pg_terminate_backend|pg_cancel_backend|pg_signal_backend|pg_reload_conf|pg_rotate_logfile.*|lo_.*|loread|lowrite|dblink.*|pg_read_file|pg_read_binary_file|pg_ls_.*|pg_stat_file|pg_file_.*|pg_logdir_ls|pg_advisory.*|pg_try_advisory.*|nextval|setval|pg_notify|pg_switch_wal|pg_switch_xlog|pg_create_.*|pg_drop_replication_slot|pg_copy_.*_replication_slot|pg_replication_.*|pg_logical_.*|pg_wal_replay_.*|pg_promote|pg_backup_.*|pg_start_backup|pg_stop_backup|pg_stat_reset.*|pg_stat_statements_reset|pg_log_backend_memory_contexts|pg_import_system_collations|pg_export_snapshot|query_to_xml.*|cursor_to_xml.*|ts_stat|pg_prewarm|brin_summarize_.*|brin_desummarize_range|gin_clean_pending_list)$/

const TXN =
  'is transaction control, which PerfDesk refuses: it runs each query in a transaction of its own'
const PREPARED = 'uses a prepared statement, which PerfDesk refuses: it prepares each query itself'

/** Refused whatever allowWrites says: they would break the pooled session or the load loop. */
const ALWAYS_REFUSED: Record<string, string> = {
  begin: TXN,
  start: TXN,
  commit: TXN,
  end: TXN,
  rollback: TXN,
  abort: TXN,
  savepoint: TXN,
  release: TXN,
  prepare: PREPARED,
  execute: PREPARED,
  deallocate: PREPARED,
  copy: 'uses COPY, which the load loop does not support: measure it with a SELECT instead',
}

/** Leading words of statements that only read. */
const READ_LEADS = new Set(['select', 'with', 'values', 'table', 'show', 'explain', '('])

/** PostgreSQL's command words (an unknown leading word is left to the server's parser). */
const COMMANDS = new Set(
  `abort alter analyze analyse begin call checkpoint close cluster comment commit copy create
  deallocate declare delete discard do drop end execute fetch grant import insert listen load
  lock merge move notify prepare reassign refresh reindex release reset revoke rollback
  savepoint security set start truncate unlisten update vacuum`.split(/\s+/),
)

const DML = new Set(['insert', 'update', 'delete', 'merge'])

const word = (t: Token | undefined, w: string): boolean => t?.kind === 'word' && t.text === w

/**
 * What the text alone refuses: more than one statement, transaction control (always), and in
 * a read-only suite anything but a read or a call of a denied function. Null when it passes.
 */
export function statementProblem(name: string, sql: string, allowWrites: boolean): string | null {
  const statements = statementsOf(lexSql(sql))
  if (statements.length === 0) return `query "${name}" is empty`
  if (statements.length > 1) {
    return `query "${name}" holds ${statements.length} statements; each query runs as one statement (extended protocol): split it into separate queries`
  }
  const tokens = statements[0]!
  const lead = tokens[0]!.text
  const always = ALWAYS_REFUSED[lead]
  if (always && tokens[0]!.kind === 'word') {
    return `query "${name}" (${lead.toUpperCase()}) ${always}`
  }
  if (allowWrites) return null
  const ro = `the suite is read-only (allowWrites is false)`
  // an unknown word is a typo the server will refuse when it parses it (nothing runs)
  if (!READ_LEADS.has(lead) && COMMANDS.has(lead)) {
    return `query "${name}" starts with ${lead.toUpperCase()}, which is not a read, and ${ro}`
  }
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!
    if (t.kind !== 'word') continue
    if (DML.has(t.text)) {
      const locking = word(tokens[k - 1], 'for') || word(tokens[k - 1], 'key')
      return locking
        ? `query "${name}" locks rows for writing (FOR … UPDATE) and ${ro}`
        : `query "${name}" modifies data (${t.text.toUpperCase()}) and ${ro}`
    }
    if (t.text === 'share' && (word(tokens[k - 1], 'for') || word(tokens[k - 1], 'key'))) {
      return `query "${name}" locks rows (FOR SHARE) and ${ro}`
    }
    if (t.text === 'into' && lead === 'select') {
      return `query "${name}" creates a table (SELECT … INTO) and ${ro}`
    }
  }
  return deniedCall(name, calledNames(tokens))
}

function deniedCall(name: string, calls: readonly [string | null, string][]): string | null {
  const bad = calls.find(([, fn]) => DENIED.test(fn))
  if (!bad) return null
  const fn = bad[0] ? `${bad[0]}.${bad[1]}` : bad[1]
  return `query "${name}" calls ${fn}(), which acts outside the transaction (other sessions, server or session state, server files), and the suite is read-only (allowWrites is false)`
}

/** The first denied function the text calls, by name, or null (the validate-time check). */
export function deniedFunction(sql: string): string | null {
  const bad = calledNames(lexSql(sql)).find(([, fn]) => DENIED.test(fn))
  return bad ? bad[1] : null
}

/** Functions a plan mentions: its expressions (VERBOSE output, filters…) and function scans. */
function planCalls(doc: unknown): [string | null, string][] {
  const out: [string | null, string][] = []
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (key === 'Function Name') out.push([null, v])
      else out.push(...calledNames(lexSql(v)))
    } else if (Array.isArray(v)) for (const x of v) walk(x, key)
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k)
  }
  walk(doc, '')
  return out
}

/** Runs `sql` with the extended protocol inside BEGIN READ ONLY … ROLLBACK on `client`. */
export async function readOnlyQuery<R extends object>(
  client: ClientBase,
  sql: string,
  values: readonly PgValue[],
): Promise<R[]> {
  await client.query('BEGIN TRANSACTION READ ONLY')
  try {
    const r = await client.query<R>(extended(sql, values))
    return r.rows
  } finally {
    await client.query('ROLLBACK').catch(() => undefined)
  }
}

/** A query config that makes node-pg use Parse/Bind/Execute even without parameters. */
export function extended(text: string, values: readonly PgValue[]): QueryConfig {
  // queryMode is honoured by pg ≥ 8.11 but not in its type definitions
  return { text, values: [...values], queryMode: 'extended' } as QueryConfig
}

/**
 * The server-side half, for a read-only suite: the plan PostgreSQL makes of the query (views
 * expanded, names resolved) is checked for denied functions, and every function the text or
 * plan calls that is a user-defined VOLATILE function is refused (PerfDesk cannot see what it
 * does). EXPLAIN without ANALYZE runs nothing. Null when it passes.
 */
export async function serverProblem(
  client: ClientBase,
  name: string,
  sql: string,
  values: readonly PgValue[],
  explainable: boolean,
): Promise<string | null> {
  const calls = calledNames(lexSql(sql))
  if (explainable) {
    const rows = await readOnlyQuery<{ 'QUERY PLAN': unknown }>(
      client,
      `EXPLAIN (VERBOSE, FORMAT JSON) ${sql}`,
      values,
    )
    const fromPlan = planCalls(rows[0]?.['QUERY PLAN'])
    const denied = deniedCall(name, fromPlan)
    if (denied) return denied
    calls.push(...fromPlan)
  }
  const names = [...new Set(calls.map(([, fn]) => fn))]
  if (names.length === 0) return null
  const r = await client.query<{ nspname: string; proname: string }>(
    `SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE p.proname = ANY($1::text[]) AND p.provolatile = 'v'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1, 2 LIMIT 1`,
    [names],
  )
  const f = r.rows[0]
  if (!f) return null
  return `query "${name}" calls ${f.nspname}.${f.proname}(), a user-defined VOLATILE function whose effects PerfDesk cannot see, and the suite is read-only (allowWrites is false): mark it STABLE if it only reads, or set "allowWrites": true`
}
