import type { ClientBase } from 'pg'
import type { PgHealthData, PgHealthLimits } from '@shared/index'
import { seqScanOf, tupleCounts, type SeqScanRow } from '../postgres/health'

/**
 * Catalog and statistics reads for the health suite. Each is one statement over catalogs or
 * statistics views: no table is scanned and no relation is opened (sizes come from relpages,
 * not pg_relation_size, which would lock every index it measures), so 10,000 tables cost
 * milliseconds and nothing waits on the user's DDL.
 */

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`
const qname = (schema: string, rel: string): string =>
  `quote_ident(${schema}) || '.' || quote_ident(${rel})`
const num = (v: unknown): number => Number(v ?? 0)

export async function duplicateIndexes(
  c: ClientBase,
  limit: number,
): Promise<PgHealthData['duplicateIndexes']> {
  // identical = same table, columns, opclasses, collations, expressions, predicate and method;
  // the primary key or a unique index sorts first, so it is the one kept
  const r = await c.query<{ table: string; indexes: string[]; definition: string; size: string }>(
    `SELECT ${qname('n.nspname', 't.relname')} AS table,
            array_agg(${qname('n.nspname', 'ic.relname')}
                      ORDER BY i.indisprimary DESC, i.indisunique DESC, ic.relname) AS indexes,
            (array_agg(pg_get_indexdef(i.indexrelid)
                       ORDER BY i.indisprimary DESC, i.indisunique DESC, ic.relname))[1] AS definition,
            (sum(ic.relpages)::float8 * current_setting('block_size')::int)::text AS size
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE ${USER_SCHEMAS}
      GROUP BY n.nspname, t.relname, i.indrelid, ic.relam, i.indkey::text, i.indclass::text,
               i.indcollation::text, coalesce(pg_get_expr(i.indexprs, i.indrelid), ''),
               coalesce(pg_get_expr(i.indpred, i.indrelid), '')
     HAVING count(*) > 1
      ORDER BY sum(ic.relpages) DESC
      LIMIT $1`,
    [limit],
  )
  return r.rows.map((x) => ({
    table: x.table,
    indexes: x.indexes,
    definition: x.definition,
    sizeBytes: num(x.size),
  }))
}

export async function unusedIndexes(
  c: ClientBase,
  limit: number,
): Promise<PgHealthData['unusedIndexes']> {
  const r = await c.query<{ index: string; table: string; size: string; scans: string }>(
    `SELECT ${qname('s.schemaname', 's.indexrelname')} AS index, ${qname('s.schemaname', 's.relname')} AS table,
            (ic.relpages::float8 * current_setting('block_size')::int)::text AS size, s.idx_scan::text AS scans
       FROM pg_stat_user_indexes s
       JOIN pg_index i ON i.indexrelid = s.indexrelid
       JOIN pg_class ic ON ic.oid = s.indexrelid
      WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = s.indexrelid)
      ORDER BY ic.relpages DESC, s.indexrelname
      LIMIT $1`,
    [limit],
  )
  return r.rows.map((x) => ({
    index: x.index,
    table: x.table,
    sizeBytes: num(x.size),
    scans: num(x.scans),
  }))
}

export async function invalidIndexes(
  c: ClientBase,
  limit: number,
): Promise<PgHealthData['invalidIndexes']> {
  const r = await c.query<{ index: string; table: string; definition: string }>(
    `SELECT ${qname('n.nspname', 'ic.relname')} AS index, ${qname('n.nspname', 't.relname')} AS table,
            pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE NOT i.indisvalid AND ${USER_SCHEMAS}
      ORDER BY 1 LIMIT $1`,
    [limit],
  )
  return r.rows
}

/** Large tables read mostly by sequential scans (PgHero: under 95 % of scans use an index). */
export async function seqScanTables(
  c: ClientBase,
  limit: number,
  lim: PgHealthLimits,
): Promise<PgHealthData['seqScanTables']> {
  const r = await c.query<SeqScanRow>(
    `SELECT ${qname('schemaname', 'relname')} AS table, seq_scan::text, seq_tup_read::text,
            idx_scan::text, n_live_tup::text AS live
       FROM pg_stat_user_tables
      WHERE n_live_tup >= $2 AND seq_scan > 0
        AND coalesce(idx_scan, 0) < 0.95 * (seq_scan + coalesce(idx_scan, 0))
      ORDER BY seq_tup_read DESC LIMIT $1`,
    [limit, lim.largeTableRows],
  )
  return r.rows.map(seqScanOf)
}

export async function deadTuples(
  c: ClientBase,
  limit: number,
  lim: PgHealthLimits,
): Promise<PgHealthData['deadTuples']> {
  const r = await c.query<{
    table: string
    live: string
    dead: string
    last_vacuum: string | null
    last_autovacuum: string | null
    av_off: boolean
  }>(
    `SELECT ${qname('s.schemaname', 's.relname')} AS table, s.n_live_tup::text AS live, s.n_dead_tup::text AS dead,
            s.last_vacuum::text, s.last_autovacuum::text,
            coalesce(array_to_string(c.reloptions, ',') ~* 'autovacuum_enabled=(false|off|no|0)', false) AS av_off
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.n_dead_tup >= $2
        AND s.n_dead_tup >= $3::float8 * (s.n_live_tup + s.n_dead_tup)
      ORDER BY s.n_dead_tup DESC LIMIT $1`,
    [limit, lim.minDeadTuples, lim.deadTupleRatio],
  )
  return r.rows.map((x) => ({
    table: x.table,
    ...tupleCounts(num(x.live), num(x.dead)),
    lastVacuum: x.last_vacuum,
    lastAutovacuum: x.last_autovacuum,
    autovacuumEnabled: !x.av_off,
  }))
}

export async function staleStats(
  c: ClientBase,
  limit: number,
  lim: PgHealthLimits,
): Promise<PgHealthData['staleStats']> {
  const r = await c.query<{ table: string; live: string; mods: string; last: string | null }>(
    `SELECT ${qname('schemaname', 'relname')} AS table, n_live_tup::text AS live,
            n_mod_since_analyze::text AS mods, greatest(last_analyze, last_autoanalyze)::text AS last
       FROM pg_stat_user_tables
      WHERE n_mod_since_analyze >= greatest($2::float8, $3::float8 * n_live_tup)
      ORDER BY n_mod_since_analyze DESC LIMIT $1`,
    [limit, lim.minDeadTuples, lim.staleStatsRatio],
  )
  return r.rows.map((x) => ({
    table: x.table,
    liveTuples: num(x.live),
    modsSinceAnalyze: num(x.mods),
    lastAnalyze: x.last,
  }))
}

export async function tableCache(
  c: ClientBase,
  limit: number,
): Promise<PgHealthData['tableCache']> {
  const all = await c.query<{ hit: string | null; read: string | null }>(
    `SELECT sum(heap_blks_hit)::text AS hit, sum(heap_blks_read)::text AS read FROM pg_statio_user_tables`,
  )
  const hit = num(all.rows[0]?.hit)
  const read = num(all.rows[0]?.read)
  const r = await c.query<{ table: string; hit: string; read: string }>(
    `SELECT ${qname('schemaname', 'relname')} AS table, coalesce(heap_blks_hit, 0)::text AS hit,
            coalesce(heap_blks_read, 0)::text AS read
       FROM pg_statio_user_tables WHERE heap_blks_read > 0
      ORDER BY heap_blks_read DESC LIMIT $1`,
    [limit],
  )
  const ratio = (h: number, rd: number): number | null =>
    h + rd > 0 ? Math.round((h / (h + rd)) * 10000) / 10000 : null
  return {
    hitRatio: ratio(hit, read),
    heapRead: read,
    tables: r.rows.map((x) => ({
      table: x.table,
      hitRatio: ratio(num(x.hit), num(x.read)),
      heapRead: num(x.read),
    })),
  }
}
