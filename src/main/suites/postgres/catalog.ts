import type { ClientBase } from 'pg'

export interface TableInfo {
  /** schema-qualified and quoted as needed, ready to paste into SQL */
  name: string
  /** pg_class.reltuples (estimated rows; -1 when never analysed, reported as null) */
  rows: number | null
  columns: string[]
}

/**
 * Looks a relation up by the name EXPLAIN printed (unqualified): first through the search path,
 * then anywhere, preferring the biggest. Null when it cannot be found (e.g. a temp table gone).
 */
export async function tableInfo(client: ClientBase, relation: string): Promise<TableInfo | null> {
  const r = await client.query<{ name: string; rows: number; columns: string[] }>(
    `SELECT CASE WHEN n.nspname = ANY (current_schemas(false)) AND to_regclass(quote_ident(c.relname)) = c.oid
                 THEN quote_ident(c.relname)
                 ELSE quote_ident(n.nspname) || '.' || quote_ident(c.relname) END AS name,
            c.reltuples::float8 AS rows,
            ARRAY(SELECT a.attname::text FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = $1 AND c.relkind IN ('r', 'p', 'm')
      ORDER BY (c.oid = to_regclass(quote_ident($1))) DESC NULLS LAST, c.reltuples DESC
      LIMIT 1`,
    [relation],
  )
  const row = r.rows[0]
  if (!row) return null
  return { name: row.name, rows: row.rows >= 0 ? row.rows : null, columns: row.columns }
}

/** Current value of a setting in its base unit (e.g. work_mem in kB), as pg_settings has it. */
export async function settingNumber(client: ClientBase, name: string): Promise<number | null> {
  const r = await client.query<{ setting: string }>(
    'SELECT setting FROM pg_settings WHERE name = $1',
    [name],
  )
  const v = Number(r.rows[0]?.setting)
  return Number.isFinite(v) ? v : null
}
