import type { ClientBase } from 'pg'
import type { PgPlanNode } from '@shared/index'
import type { PgValue } from './params'
import { extended } from './guard'

/** The raw JSON of one EXPLAIN node (the keys PostgreSQL prints). */
export type RawPlanNode = Record<string, unknown> & { Plans?: RawPlanNode[] }

export interface RawExplain {
  Plan: RawPlanNode
  'Planning Time'?: number
  'Execution Time'?: number
}

export interface ParsedPlan {
  totalCost: number
  planningMs?: number
  executionMs?: number
  nodes: PgPlanNode[]
}

const CONDITION_KEYS = [
  'Index Cond',
  'Recheck Cond',
  'Filter',
  'Join Filter',
  'Hash Cond',
  'Merge Cond',
  'One-Time Filter',
  'TID Cond',
] as const

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** EXPLAIN's prefix, so that an error position can be given in the user's own SQL. */
export const explainPrefix = (analyze: boolean): string =>
  `EXPLAIN (${analyze ? 'FORMAT JSON, ANALYZE, BUFFERS' : 'FORMAT JSON'}) `

/** EXPLAIN (FORMAT JSON) on the client's current transaction. */
export async function explainRaw(
  client: ClientBase,
  sql: string,
  values: readonly PgValue[],
  analyze: boolean,
): Promise<RawExplain> {
  // the extended protocol: one statement, whatever the text holds after ours
  const r = await client.query<{ 'QUERY PLAN': unknown }>(
    extended(`${explainPrefix(analyze)}${sql}`, values),
  )
  const raw = r.rows[0]?.['QUERY PLAN']
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as RawExplain[] | undefined
  const first = doc?.[0]
  if (!first?.Plan) throw new Error('EXPLAIN returned no plan')
  return first
}

/** Runs EXPLAIN, with ANALYZE and BUFFERS when asked, inside a (read-only) transaction that is always rolled back. */
export async function explain(
  client: ClientBase,
  sql: string,
  values: readonly PgValue[],
  analyze: boolean,
  readOnly = true,
): Promise<RawExplain> {
  await client.query(readOnly ? 'BEGIN TRANSACTION READ ONLY' : 'BEGIN')
  try {
    return await explainRaw(client, sql, values, analyze)
  } finally {
    await client.query('ROLLBACK').catch(() => undefined)
  }
}

/**
 * A node's time including its children, as wall time: `Actual Total Time` is per loop, and the
 * loops of a node inside a parallel part ran side by side in its workers and the leader.
 */
function inclusiveMs(raw: RawPlanNode, workers: number): number {
  const perLoop = num(raw['Actual Total Time']) ?? 0
  const loops = num(raw['Actual Loops']) ?? 1
  return (perLoop * loops) / (workers > 0 ? workers + 1 : 1)
}

/** Flattens an EXPLAIN tree in pre-order, with each node's own cost and time, and marks the costly ones. */
export function parsePlan(doc: RawExplain): ParsedPlan {
  const nodes: PgPlanNode[] = []
  const analyzed = num(doc['Execution Time']) !== undefined
  const walk = (raw: RawPlanNode, parent: number | null, depth: number, workers: number): void => {
    const id = nodes.length
    const children = raw.Plans ?? []
    const totalCost = num(raw['Total Cost']) ?? 0
    const childCost = children.reduce((s, c) => s + (num(c['Total Cost']) ?? 0), 0)
    const loops = num(raw['Actual Loops'])
    const actualTotal = num(raw['Actual Total Time'])
    const conditions = CONDITION_KEYS.flatMap((k) => {
      const expr = str(raw[k])
      return expr ? [{ kind: k, expr }] : []
    })
    const node: PgPlanNode = {
      id,
      parent,
      depth,
      nodeType: str(raw['Node Type']) ?? '?',
      conditions,
      startupCost: num(raw['Startup Cost']) ?? 0,
      totalCost,
      selfCost: Math.max(0, totalCost - childCost),
      planRows: num(raw['Plan Rows']) ?? 0,
      planWidth: num(raw['Plan Width']) ?? 0,
      share: 0,
      costly: false,
      warnings: [],
    }
    const relation = str(raw['Relation Name'])
    if (relation) node.relation = str(raw.Schema) ? `${str(raw.Schema)}.${relation}` : relation
    const alias = str(raw.Alias)
    if (alias && alias !== relation) node.alias = alias
    const indexName = str(raw['Index Name'])
    if (indexName) node.indexName = indexName
    const joinType = str(raw['Join Type'])
    if (joinType) node.joinType = joinType
    if (actualTotal !== undefined && loops !== undefined) {
      node.actualRows = num(raw['Actual Rows']) ?? 0
      node.actualLoops = loops
      node.actualTotalMs = actualTotal
      const childWorkers = num(raw['Workers Launched']) ?? num(raw['Workers Planned']) ?? workers
      const childMs = children.reduce((sum, c) => sum + inclusiveMs(c, childWorkers), 0)
      node.selfMs = Math.max(0, inclusiveMs(raw, workers) - childMs)
    }
    const removed = num(raw['Rows Removed by Filter'])
    if (removed !== undefined) node.rowsRemovedByFilter = removed
    const sortMethod = str(raw['Sort Method'])
    if (sortMethod) node.sortMethod = sortMethod
    const sortSpaceType = str(raw['Sort Space Type'])
    if (sortSpaceType) node.sortSpaceType = sortSpaceType
    const sortSpace = num(raw['Sort Space Used'])
    if (sortSpace !== undefined) node.sortSpaceKb = sortSpace
    const batches = num(raw['Hash Batches'])
    if (batches !== undefined) node.hashBatches = batches
    const tempWritten = num(raw['Temp Written Blocks'])
    if (tempWritten !== undefined && tempWritten > 0) node.tempWrittenBlocks = tempWritten
    const hit = num(raw['Shared Hit Blocks'])
    if (hit !== undefined) node.sharedHitBlocks = hit
    const read = num(raw['Shared Read Blocks'])
    if (read !== undefined) node.sharedReadBlocks = read
    nodes.push(node)
    const childWorkers = num(raw['Workers Launched']) ?? num(raw['Workers Planned']) ?? workers
    for (const c of children) walk(c, id, depth + 1, childWorkers)
  }
  walk(doc.Plan, null, 0, 0)
  const root = nodes[0]
  const totalCost = root?.totalCost ?? 0
  const totalMs = analyzed ? nodes.reduce((s, n) => s + (n.selfMs ?? 0), 0) : 0
  for (const n of nodes) {
    n.share =
      analyzed && totalMs > 0
        ? (n.selfMs ?? 0) / totalMs
        : totalCost > 0
          ? n.selfCost / totalCost
          : 0
    n.share = Math.round(n.share * 1000) / 1000
  }
  const top = nodes.reduce<PgPlanNode | undefined>(
    (best, n) => (!best || n.share > best.share ? n : best),
    undefined,
  )
  for (const n of nodes) n.costly = n.share >= 0.3 || (n === top && n.share > 0)
  const out: ParsedPlan = { totalCost, nodes }
  const planning = num(doc['Planning Time'])
  if (planning !== undefined) out.planningMs = planning
  const execution = num(doc['Execution Time'])
  if (execution !== undefined) out.executionMs = execution
  return out
}

/** "Index Scan using x on t" — a one-line name for the top of a plan. */
export function describeNode(n: PgPlanNode): string {
  let s = n.nodeType
  if (n.indexName) s += ` using ${n.indexName}`
  if (n.relation) s += ` on ${n.relation}`
  return s
}

/** The plan's nodes that scan a relation, in a line each, e.g. "Seq Scan on t; Index Scan using i on u". */
export function planOutline(nodes: readonly PgPlanNode[]): string {
  const scans = nodes.filter((n) => n.relation)
  return (scans.length ? scans : nodes.slice(0, 1)).map(describeNode).join('; ')
}
