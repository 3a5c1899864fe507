import type {
  Finding,
  PgPlanNode,
  PgQueryPlan,
  PgQueryStats,
  PostgresStep,
  PostgresThresholds,
  ThresholdCheck,
} from '@shared/index'
import { checkThresholds, type ThresholdRule } from '../common/thresholds'
import type { TableInfo } from './catalog'
import { stripSql } from './sql-classify'

export const THRESHOLD_RULES: readonly ThresholdRule[] = [
  { key: 'p95Ms', label: 'p95 latency', op: '<=', unit: 'ms' },
  { key: 'p99Ms', label: 'p99 latency', op: '<=', unit: 'ms' },
  { key: 'minTps', label: 'transactions per second', op: '>=', unit: 'tps' },
  { key: 'errorRate', label: 'error rate', op: '<=', unit: 'fraction' },
]

export function stepChecks(
  step: Pick<PostgresStep, 'latencyMs' | 'tps' | 'errorRate'>,
  thresholds: PostgresThresholds,
): ThresholdCheck[] {
  return checkThresholds(thresholds, THRESHOLD_RULES, {
    p95Ms: step.latencyMs.p95,
    p99Ms: step.latencyMs.p99,
    minTps: step.tps,
    errorRate: step.errorRate,
  })
}

const fmt = (v: number, digits = 0): string =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
/** A percentage that keeps two significant digits when small: 0.02 %, 1.5 %, 40 %. */
const pct = (v: number): string => {
  const p = v * 100
  if (p === 0 || p >= 10) return `${fmt(p)} %`
  return `${Number(p.toPrecision(2)).toLocaleString('en-US', { maximumFractionDigits: 6 })} %`
}

// ---------------------------------------------------------------- pool size

export interface PoolRecommendation {
  /** index into steps of the recommended step, or of the best step when none is recommended */
  headline: number | null
  poolSize: number | null
  reason: string
}

/** The smallest pool within 5 % of the best TPS that meets the thresholds, and why. */
export function recommendPool(steps: readonly PostgresStep[]): PoolRecommendation {
  const complete = steps.filter((s) => !s.partial && s.transactions > 0)
  const pool = complete.length > 0 ? complete : steps.filter((s) => s.transactions > 0)
  if (pool.length === 0) {
    return { headline: null, poolSize: null, reason: 'no step completed a transaction' }
  }
  const best = pool.reduce((b, s) => (s.tps > b.tps ? s : b))
  const near = pool.filter((s) => s.tps >= 0.95 * best.tps && s.meetsThresholds)
  const bySize = (a: PostgresStep, b: PostgresStep): number => a.poolSize - b.poolSize
  const bestNote = `the best was ${fmt(best.tps)} TPS at pool ${best.poolSize}`
  const smaller = (s: PostgresStep): string => {
    const below = pool.filter((x) => x.poolSize < s.poolSize)
    if (below.length === 0) return ''
    const top = below.reduce((b, x) => (x.tps > b.tps ? x : b))
    return `; smaller pools reached at most ${fmt(top.tps)} TPS (pool ${top.poolSize}, ${pct(top.waitShare)} of latency waiting for a connection)`
  }
  if (near.length > 0) {
    const pick = [...near].sort(bySize)[0]!
    const rel =
      pick === best
        ? 'the best TPS'
        : `within 5 % of the best (${fmt(best.tps)} TPS at pool ${best.poolSize})`
    return {
      headline: steps.indexOf(pick),
      poolSize: pick.poolSize,
      reason: `pool ${pick.poolSize}: ${fmt(pick.tps)} TPS, ${rel}, p95 ${fmt(pick.latencyMs.p95, 2)} ms, and it meets the thresholds${smaller(pick)}${pool.some((x) => x.poolSize > pick.poolSize) ? '; larger pools add connections without adding throughput' : ''}`,
    }
  }
  const meeting = pool.filter((s) => s.meetsThresholds)
  if (meeting.length > 0) {
    const pick = [...meeting].sort((a, b) => b.tps - a.tps || a.poolSize - b.poolSize)[0]!
    return {
      headline: steps.indexOf(pick),
      poolSize: pick.poolSize,
      reason: `pool ${pick.poolSize}: ${fmt(pick.tps)} TPS, the fastest that meets the thresholds; ${bestNote} but missed them`,
    }
  }
  return {
    headline: steps.indexOf(best),
    poolSize: null,
    reason: `no pool size met the thresholds; ${bestNote} (p95 ${fmt(best.latencyMs.p95, 2)} ms, ${pct(best.errorRate)} errors)`,
  }
}

export function poolFindings(steps: readonly PostgresStep[], rec: PoolRecommendation): Finding[] {
  const out: Finding[] = []
  const done = steps.filter((s) => s.transactions > 0)
  if (done.length === 0) return out
  const best = done.reduce((b, s) => (s.tps > b.tps ? s : b))
  const largest = done.reduce((b, s) => (s.poolSize > b.poolSize ? s : b))
  // pool too small: waits dominate where a bigger pool would have done better
  const starved = done.filter(
    (s) => s.waitShare >= 0.5 && best.tps >= 1.1 * s.tps && best.poolSize > s.poolSize,
  )
  if (starved.length > 0) {
    const worst = starved.reduce((b, s) => (s.waitShare > b.waitShare ? s : b))
    out.push({
      id: 'pg-pool-too-small',
      severity: 'warning',
      title: `Pool ${starved.map((s) => s.poolSize).join(', ')} too small: clients wait for a connection`,
      detail: `At pool ${worst.poolSize}, ${pct(worst.waitShare)} of each transaction's latency is spent waiting for a free connection (mean wait ${fmt(worst.waitMs.mean, 2)} ms vs ${fmt(worst.execMs.mean, 2)} ms executing); pool ${best.poolSize} sustains ${fmt(best.tps)} TPS against ${fmt(worst.tps)}.`,
      evidence: [
        { label: 'pool size', value: worst.poolSize },
        {
          label: 'wait share of latency',
          value: Math.round(worst.waitShare * 1000) / 10,
          unit: '%',
        },
        { label: 'mean wait', value: worst.waitMs.mean, unit: 'ms' },
        { label: 'mean execution', value: worst.execMs.mean, unit: 'ms' },
        { label: 'TPS at this size', value: worst.tps, unit: 'tps' },
        { label: `TPS at pool ${best.poolSize}`, value: best.tps, unit: 'tps' },
      ],
      recommendation: `Use a pool of ${rec.poolSize ?? best.poolSize} connections (${rec.reason}).`,
    })
  }
  // still waiting at the largest size tried, and it is the fastest: the sweep stopped too early
  if (largest === best && largest.waitShare >= 0.5 && done.length > 1) {
    out.push({
      id: 'pg-pool-try-larger',
      severity: 'info',
      title: `TPS still rising at pool ${largest.poolSize}, and clients still wait`,
      detail: `The largest pool tried (${largest.poolSize}) was the fastest and ${pct(largest.waitShare)} of latency was still waiting for a connection.`,
      evidence: [
        { label: 'pool size', value: largest.poolSize },
        { label: 'TPS', value: largest.tps, unit: 'tps' },
        {
          label: 'wait share of latency',
          value: Math.round(largest.waitShare * 1000) / 10,
          unit: '%',
        },
      ],
      recommendation: `Add larger pool sizes to the sweep (e.g. ${largest.poolSize * 2}) while watching max_connections and server CPU.`,
    })
  }
  // pool too big: beyond the recommendation TPS stays flat or falls
  if (rec.poolSize !== null) {
    const beyond = done.filter((s) => s.poolSize > rec.poolSize!)
    if (beyond.length > 0) {
      const recStep = done.find((s) => s.poolSize === rec.poolSize)!
      const worst = beyond.reduce((b, s) => (s.tps < b.tps ? s : b))
      const falls = worst.tps < 0.9 * best.tps
      const maxBeyond = beyond.reduce((b, s) => (s.tps > b.tps ? s : b))
      out.push({
        id: 'pg-pool-too-big',
        severity: falls ? 'warning' : 'info',
        title: falls
          ? `TPS falls with pools larger than ${rec.poolSize}`
          : `TPS flat beyond pool ${rec.poolSize}`,
        detail: falls
          ? `Pool ${worst.poolSize} reached ${fmt(worst.tps)} TPS against ${fmt(best.tps)} at pool ${best.poolSize}: more connections compete for the same CPUs, locks and buffers.`
          : `Pools of ${beyond.map((s) => s.poolSize).join(', ')} reached at most ${fmt(maxBeyond.tps)} TPS against ${fmt(recStep.tps)} at pool ${rec.poolSize} (within 5 %).`,
        evidence: [
          { label: `TPS at pool ${rec.poolSize}`, value: recStep.tps, unit: 'tps' },
          ...beyond.map((s) => ({ label: `TPS at pool ${s.poolSize}`, value: s.tps, unit: 'tps' })),
          { label: `p95 at pool ${rec.poolSize}`, value: recStep.latencyMs.p95, unit: 'ms' },
          { label: `p95 at pool ${worst.poolSize}`, value: worst.latencyMs.p95, unit: 'ms' },
        ],
        recommendation: `Keep the pool at ${rec.poolSize}: each extra server connection costs memory (a backend process each) and adds contention without adding throughput.`,
      })
    }
  }
  return out
}

// ---------------------------------------------------------------- plans

export interface IndexProposal {
  queryIndex: number
  query: string
  table: string
  columns: string[]
  indexSql: string
  nodeId: number
}

export interface PlanAnalysisInput {
  plans: readonly PgQueryPlan[]
  /** keyed by the relation name EXPLAIN printed */
  tables: ReadonlyMap<string, TableInfo>
  /** work_mem in kB */
  workMemKb: number | null
  sqlByIndex: ReadonlyMap<number, string>
}

const LARGE_TABLE_ROWS = 10_000
const SELECTIVE = 0.1

/** Columns of `table` named in an EXPLAIN condition, in order of appearance. */
export function columnsIn(expr: string, columns: readonly string[]): string[] {
  const text = expr.replace(/'(?:[^']|'')*'/g, "''") // literals never name columns
  const known = new Set(columns)
  const found: string[] = []
  for (const m of text.matchAll(/"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*)/g)) {
    const word = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!
    const before = text.slice(0, m.index)
    const after = text.slice(m.index + m[0].length)
    if (/^\s*\(/.test(after)) continue // a function name
    if (/::\s*$/.test(before)) continue // a type cast
    if (/^\s*\./.test(after)) continue // a table alias before .column
    if (known.has(word) && !found.includes(word)) found.push(word)
  }
  return found
}

const quoteIdent = (c: string): string =>
  /^[a-z_][a-z0-9_$]*$/.test(c) ? c : `"${c.replace(/"/g, '""')}"`

function proposeIndex(table: string, columns: readonly string[], expr: string): string {
  const cols = columns.map(quoteIdent)
  if (/~~\*?\s+'%/.test(expr) && cols.length === 1) {
    return `CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON ${table} USING gin (${cols[0]} gin_trgm_ops)`
  }
  return `CREATE INDEX ON ${table} (${cols.join(', ')})`
}

/** Rows a scan node returns in all, counting parallel workers. */
function rowsOut(n: PgPlanNode, nodes: readonly PgPlanNode[]): { rows: number; actual: boolean } {
  if (n.actualRows !== undefined && n.actualLoops !== undefined) {
    return { rows: n.actualRows * n.actualLoops, actual: true }
  }
  const parallel = n.nodeType.startsWith('Parallel')
  // a parallel scan's estimate is per process: the leader and (typically) two workers
  const gather = parallel
    ? nodes.find((x) => x.id === n.parent && x.nodeType.startsWith('Gather'))
    : undefined
  return {
    rows: parallel ? (gather ? gather.planRows : n.planRows * 3) : n.planRows,
    actual: false,
  }
}

export function planFindings(input: PlanAnalysisInput): {
  findings: Finding[]
  proposals: IndexProposal[]
} {
  const findings: Finding[] = []
  const proposals: IndexProposal[] = []
  const seqByKey = new Map<string, { finding: Finding; queries: string[] }>()
  for (const plan of input.plans) {
    if (plan.error) continue
    for (const n of plan.nodes) {
      // sequential scan of a large table that keeps few rows
      if (/Seq Scan$/.test(n.nodeType) && n.relation) {
        const filter = n.conditions.find((c) => c.kind === 'Filter')
        const info = input.tables.get(n.relation)
        const out = rowsOut(n, plan.nodes)
        const tableRows =
          info?.rows ??
          (n.rowsRemovedByFilter !== undefined && out.actual
            ? out.rows + n.rowsRemovedByFilter * (n.actualLoops ?? 1)
            : null)
        if (filter && info && tableRows !== null && tableRows >= LARGE_TABLE_ROWS) {
          const kept = out.rows / tableRows
          const columns = columnsIn(filter.expr, info.columns)
          if (kept <= SELECTIVE && columns.length > 0) {
            const indexSql = proposeIndex(info.name, columns, filter.expr)
            n.warnings.push(
              `reads all ~${fmt(tableRows)} rows of ${info.name} to keep ~${fmt(out.rows)} (${pct(kept)})`,
            )
            const key = `${info.name}(${columns.join(',')})`
            proposals.push({
              queryIndex: plan.queryIndex,
              query: plan.query,
              table: info.name,
              columns,
              indexSql,
              nodeId: n.id,
            })
            const seen = seqByKey.get(key)
            if (seen) {
              seen.queries.push(plan.query)
              seen.finding.detail += ` Query "${plan.query}" does the same.`
              continue
            }
            const f: Finding = {
              id: `pg-seqscan-${info.name}-${columns.join('-')}`,
              severity: tableRows >= 1_000_000 || n.share >= 0.5 ? 'warning' : 'info',
              title: `Sequential scan of ${info.name} filtered on ${columns.join(', ')} (query "${plan.query}")`,
              detail: `"${plan.query}" reads every row of ${info.name} (~${fmt(tableRows)} rows) and keeps ${out.actual ? '' : '~'}${fmt(out.rows)} (${pct(kept)}) with the filter ${filter.expr}; this node is ${pct(n.share)} of the plan's ${plan.mode === 'analyze' ? 'time' : 'cost'}.`,
              evidence: [
                { label: 'plan node', value: `${n.nodeType} on ${n.relation}` },
                { label: 'filter', value: filter.expr },
                { label: 'table rows', value: Math.round(tableRows) },
                {
                  label: out.actual ? 'rows kept' : 'rows kept (estimated)',
                  value: Math.round(out.rows),
                },
                { label: 'node cost', value: n.totalCost },
                { label: 'share of plan', value: Math.round(n.share * 1000) / 10, unit: '%' },
                ...(n.rowsRemovedByFilter !== undefined
                  ? [{ label: 'rows removed by filter', value: n.rowsRemovedByFilter }]
                  : []),
              ],
              recommendation: `${indexSql}; — an index on ${columns.join(', ')} lets PostgreSQL read only the matching rows (use CREATE INDEX CONCURRENTLY on a busy production table).`,
            }
            seqByKey.set(key, { finding: f, queries: [plan.query] })
            findings.push(f)
          }
        }
      }
      // estimates off by 10× or more (EXPLAIN ANALYZE only)
      if (n.actualRows !== undefined) {
        const est = Math.max(n.planRows, 1)
        const act = Math.max(n.actualRows, 1)
        const ratio = Math.max(est, act) / Math.min(est, act)
        if (ratio >= 10 && Math.max(est, act) >= 100) {
          const rel = n.relation ?? nearestRelation(n, plan.nodes)
          const info = rel ? input.tables.get(rel) : undefined
          const table = info?.name ?? rel
          const cond = n.conditions[0]?.expr
          const cols = cond && info ? columnsIn(cond, info.columns) : []
          n.warnings.push(
            `estimated ${fmt(n.planRows)} rows, got ${fmt(n.actualRows)} (${fmt(ratio, 1)}× off)`,
          )
          findings.push({
            id: `pg-estimate-q${plan.queryIndex}-n${n.id}`,
            severity: ratio >= 100 ? 'warning' : 'info',
            title: `Row estimate ${fmt(ratio, 0)}× off in "${plan.query}" (${n.nodeType}${table ? ` on ${table}` : ''})`,
            detail: `The planner expected ${fmt(n.planRows)} rows per loop from this node and got ${fmt(n.actualRows)}; plans built on wrong estimates pick the wrong join methods and scan types.`,
            evidence: [
              { label: 'plan node', value: `${n.nodeType}${table ? ` on ${table}` : ''}` },
              { label: 'estimated rows', value: n.planRows },
              { label: 'actual rows', value: n.actualRows },
              { label: 'loops', value: n.actualLoops ?? 1 },
              ...(cond ? [{ label: 'condition', value: cond }] : []),
            ],
            recommendation: table
              ? `Run ANALYZE ${table}; if the estimate stays off, raise the column's statistics target (ALTER TABLE ${table} ALTER COLUMN ${cols[0] ?? '<column>'} SET STATISTICS 1000; then ANALYZE)${cols.length > 1 ? ` or add extended statistics for correlated columns (CREATE STATISTICS ON ${cols.join(', ')} FROM ${table})` : ''}.`
              : 'Run ANALYZE on the tables involved; if the estimate stays off, raise their statistics targets or add extended statistics (CREATE STATISTICS).',
          })
        }
      }
      // sorts and hashes that spill to disk (EXPLAIN ANALYZE only)
      const sortSpill = n.sortSpaceType === 'Disk' || /external/i.test(n.sortMethod ?? '')
      const hashSpill = (n.hashBatches ?? 1) > 1
      if (sortSpill || hashSpill) {
        const needKb = sortSpill
          ? (n.sortSpaceKb ?? 0) * 2
          : (input.workMemKb ?? 4096) * (n.hashBatches ?? 2)
        const proposeKb = 2 ** Math.ceil(Math.log2(Math.max(needKb, (input.workMemKb ?? 4096) * 2)))
        n.warnings.push(
          sortSpill
            ? `sort spilled ${fmt(n.sortSpaceKb ?? 0)} kB to disk`
            : `hash split into ${n.hashBatches} batches`,
        )
        findings.push({
          id: `pg-spill-q${plan.queryIndex}-n${n.id}`,
          severity: 'warning',
          title: `${sortSpill ? 'Sort' : 'Hash'} spills to disk in "${plan.query}"`,
          detail: sortSpill
            ? `The sort used ${fmt(n.sortSpaceKb ?? 0)} kB on disk (${n.sortMethod ?? 'external'}) because it did not fit in work_mem (${input.workMemKb ?? '?'} kB).`
            : `The hash table was split into ${n.hashBatches} batches written to temporary files because it did not fit in work_mem (${input.workMemKb ?? '?'} kB).`,
          evidence: [
            { label: 'plan node', value: n.nodeType },
            ...(n.sortMethod ? [{ label: 'sort method', value: n.sortMethod }] : []),
            ...(n.sortSpaceKb !== undefined
              ? [{ label: 'sort space', value: n.sortSpaceKb, unit: 'kB' }]
              : []),
            ...(n.hashBatches !== undefined
              ? [{ label: 'hash batches', value: n.hashBatches }]
              : []),
            ...(n.tempWrittenBlocks !== undefined
              ? [{ label: 'temp blocks written', value: n.tempWrittenBlocks }]
              : []),
            { label: 'work_mem', value: input.workMemKb, unit: 'kB' },
          ],
          recommendation: `Raise work_mem for this workload, e.g. SET work_mem = '${fmtMem(proposeKb)}' in the session or ALTER ROLE … SET work_mem (work_mem applies per sort/hash per connection: multiply by the pool size before raising it globally), or return fewer rows to sort.`,
        })
      }
    }
  }
  return { findings, proposals }
}

function nearestRelation(n: PgPlanNode, nodes: readonly PgPlanNode[]): string | undefined {
  const below = nodes.filter((x) => x.id > n.id && x.depth > n.depth)
  return below.find((x) => x.relation)?.relation
}

const fmtMem = (kb: number): string =>
  kb >= 1024 * 1024 ? `${kb / 1024 / 1024}GB` : kb >= 1024 ? `${kb / 1024}MB` : `${kb}kB`

// ---------------------------------------------------------------- query text and errors

export function queryFindings(
  queries: readonly { index: number; name: string; sql: string }[],
  plans: readonly PgQueryPlan[],
  stats: readonly PgQueryStats[],
): Finding[] {
  const out: Finding[] = []
  for (const q of queries) {
    const text = stripSql(q.sql)
    const plan = plans.find((p) => p.queryIndex === q.index && !p.error)
    const root = plan?.nodes[0]
    const st = stats.find((s) => s.index === q.index)
    if (/\bSELECT\s+(DISTINCT\s+)?([A-Za-z_][\w$]*\.)?\*/i.test(text)) {
      out.push({
        id: `pg-select-star-q${q.index}`,
        severity: 'info',
        title: `SELECT * in "${q.name}"`,
        detail: `"${q.name}" fetches every column${root ? ` (${fmt(root.planWidth)} bytes per row estimated)` : ''}: more I/O and network than needed, no index-only scans, and it breaks when columns change.`,
        evidence: [
          { label: 'query', value: q.sql.trim().slice(0, 200) },
          ...(root ? [{ label: 'row width', value: root.planWidth, unit: 'bytes' }] : []),
        ],
        recommendation: 'List only the columns the caller uses.',
      })
    }
    const isSelect =
      /^\s*(SELECT|WITH|TABLE)\b/i.test(text) && !/\b(INSERT|UPDATE|DELETE|MERGE)\b/i.test(text)
    const bounded = /\b(LIMIT|FETCH\s+(FIRST|NEXT))\b/i.test(text)
    const rows = root ? (root.actualRows ?? root.planRows) : 0
    if (isSelect && !bounded && root && rows >= 1000 && !/Aggregate/.test(root.nodeType)) {
      out.push({
        id: `pg-unbounded-q${q.index}`,
        severity: rows >= 100_000 ? 'warning' : 'info',
        title: `Unbounded result set in "${q.name}": ~${fmt(rows)} rows, no LIMIT`,
        detail: `"${q.name}" returns ${root.actualRows !== undefined ? '' : 'an estimated '}${fmt(rows)} rows with no LIMIT; every execution ships them all to the client.`,
        evidence: [
          {
            label: root.actualRows !== undefined ? 'rows returned' : 'rows (estimated)',
            value: rows,
          },
          { label: 'row width', value: root.planWidth, unit: 'bytes' },
        ],
        recommendation:
          'Page the results (LIMIT with keyset pagination: WHERE id > $last ORDER BY id LIMIT n) or aggregate on the server.',
      })
    }
    if (st?.error) {
      out.push({
        id: `pg-query-error-q${q.index}`,
        severity: 'critical',
        title: `Query "${q.name}" failed${st.excluded ? ' and was left out of the load' : ''}`,
        detail: `${st.error}${st.excluded ? '. The other queries ran without it.' : ''}`,
        evidence: [
          { label: 'query', value: q.sql.trim().slice(0, 200) },
          { label: 'executions', value: st.executions },
          { label: 'errors', value: st.errors },
        ],
        recommendation:
          'Fix the SQL (run it in psql to see the error in context) and run the plan again.',
      })
    } else if (st && st.errors > 0) {
      const rate = st.errors / Math.max(1, st.errors + st.executions)
      out.push({
        id: `pg-query-errors-q${q.index}`,
        severity: rate >= 0.01 ? 'warning' : 'info',
        title: `Query "${q.name}" failed ${fmt(st.errors)} times (${pct(rate)})`,
        detail: `Some executions of "${q.name}" failed under load.`,
        evidence: [
          { label: 'errors', value: st.errors },
          { label: 'executions', value: st.executions },
        ],
        recommendation:
          'Look at the server log for these errors (deadlocks, timeouts, constraint violations) and at the parameters.',
      })
    }
  }
  const ran = stats.filter((s) => s.executions > 0)
  const top = ran.reduce<PgQueryStats | undefined>(
    (b, s) => (!b || s.shareOfExecTime > b.shareOfExecTime ? s : b),
    undefined,
  )
  if (top && ran.length > 1 && top.shareOfExecTime >= 0.5) {
    out.push({
      id: `pg-dominant-query-q${top.index}`,
      severity: 'info',
      title: `"${top.name}" takes ${pct(top.shareOfExecTime)} of database time`,
      detail: `Of all execution time in the sweep, "${top.name}" accounts for ${pct(top.shareOfExecTime)} (mean ${fmt(top.execMs.mean, 2)} ms, p95 ${fmt(top.execMs.p95, 2)} ms): it is the query to tune first.`,
      evidence: [
        {
          label: 'share of execution time',
          value: Math.round(top.shareOfExecTime * 1000) / 10,
          unit: '%',
        },
        { label: 'mean', value: top.execMs.mean, unit: 'ms' },
        { label: 'p95', value: top.execMs.p95, unit: 'ms' },
        { label: 'executions', value: top.executions },
      ],
      recommendation: 'Start with its plan (marked nodes are the costly ones).',
    })
  }
  return out
}
