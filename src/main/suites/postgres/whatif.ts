import type { ClientBase } from 'pg'
import type { PgWhatIf } from '@shared/index'
import type { IndexProposal } from './analysis'
import { queryErrorMessage } from './connection'
import { explainRaw, parsePlan, planOutline } from './explain'
import type { PgValue } from './params'

/** Everything the suite creates is named with this run-specific prefix. */
export function objectPrefix(runId: string): string {
  return `perfdesk_${runId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 12)
    .toLowerCase()}_`
}

/** Gives `CREATE INDEX ON t (…)` a name, so that the what-if index is recognisably ours. */
export function nameIndex(indexSql: string, name: string): string {
  return indexSql.replace(/CREATE INDEX ON /i, `CREATE INDEX ${name} ON `)
}

/**
 * For each proposed index: inside one transaction, plan the query, create the index, plan it
 * again, and roll back — the index never becomes visible to anyone else and is gone afterwards.
 * CREATE INDEX holds a SHARE lock on the table while it builds: writers wait meanwhile.
 */
export async function whatIf(
  client: ClientBase,
  proposals: readonly IndexProposal[],
  paramsFor: (queryIndex: number) => PgValue[],
  sqlFor: (queryIndex: number) => string,
  prefix: string,
  signal: AbortSignal,
): Promise<PgWhatIf[]> {
  const out: PgWhatIf[] = []
  let n = 0
  const seen = new Set<string>()
  for (const p of proposals) {
    if (signal.aborted) break
    const key = `${p.queryIndex}:${p.indexSql}`
    if (seen.has(key)) continue
    seen.add(key)
    const values = paramsFor(p.queryIndex)
    const sql = sqlFor(p.queryIndex)
    const indexSql = nameIndex(p.indexSql, `${prefix}wi_${n++}`)
    const item: PgWhatIf = {
      query: p.query,
      queryIndex: p.queryIndex,
      indexSql: p.indexSql,
      costBefore: null,
      costAfter: null,
      planBefore: '',
      planAfter: '',
      usesIndex: false,
    }
    try {
      await client.query('BEGIN')
      await client.query("SET LOCAL lock_timeout = '2s'")
      await client.query("SET LOCAL statement_timeout = '120s'")
      const before = parsePlan(await explainRaw(client, sql, values, false))
      item.costBefore = before.totalCost
      item.planBefore = planOutline(before.nodes)
      await client.query(indexSql)
      const after = parsePlan(await explainRaw(client, sql, values, false))
      item.costAfter = after.totalCost
      item.planAfter = planOutline(after.nodes)
      item.usesIndex = after.nodes.some((x) => x.indexName?.startsWith(prefix) === true)
    } catch (err) {
      item.error = queryErrorMessage(err)
    } finally {
      await client.query('ROLLBACK').catch(() => undefined)
    }
    out.push(item)
  }
  return out
}
