import type { Finding, PgBackup, PgHealthData, PostgresHealthConfig } from '@shared/index'
import { fmtBytes, fmtNumber, fmtPercent } from '@shared/format'
import { healthFindingMaker } from '../common/health'
import { XID_LIMIT } from './server-queries'

/**
 * Health data → findings. Each finding names the objects it is about in `evidence` and gives
 * the SQL that fixes it in `recommendation`; ids are stable (`pg.health.*`) for compare and CI.
 */

type Evidence = Finding['evidence']
/** evidence lists this many objects; the rest are counted */
const SHOWN = 8

const finding = healthFindingMaker('pg.health')

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${fmtNumber(n)} ${n === 1 ? one : many}`
const more = (n: number): Evidence =>
  n > SHOWN ? [{ label: 'more not shown', value: n - SHOWN }] : []

export function healthFindings(h: PgHealthData, config: PostgresHealthConfig): Finding[] {
  const lim = config.limits
  const out: Finding[] = []

  const st = h.statements
  if (!st.installed) {
    const steps = [
      st.loaded
        ? null
        : `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';  -- then restart the server`,
      `CREATE EXTENSION pg_stat_statements;`,
    ].filter(Boolean)
    out.push(
      finding(
        'top-queries',
        'info',
        'Query statistics are off: pg_stat_statements is not installed',
        `${st.note}. Without it nobody can say which queries take the database's time.`,
        [
          { label: 'available on the server', value: st.available },
          { label: 'preloaded', value: st.loaded },
        ],
        `${st.available ? '' : 'Install the contrib package (Debian: postgresql-contrib), then: '}${steps.join('\n')}`,
      ),
    )
  } else if (st.top.length) {
    const total = st.top.reduce((a, q) => a + q.totalMs, 0)
    const top = st.top[0]!
    out.push(
      finding(
        'top-queries',
        'info',
        `Top query: ${fmtPercent(total > 0 ? top.totalMs / total : 0, 0)} of the top ${st.top.length} queries' time`,
        `The statements that took the most execution time since the statistics were reset, with calls, mean time, rows and cache hit ratio.`,
        st.top.slice(0, 5).flatMap((q, i) => [
          { label: `#${i + 1} query`, value: q.query.replace(/\s+/g, ' ').slice(0, 160) },
          { label: `#${i + 1} total`, value: Math.round(q.totalMs), unit: 'ms' },
          { label: `#${i + 1} calls`, value: q.calls },
          { label: `#${i + 1} mean`, value: q.meanMs, unit: 'ms' },
        ]),
        `Look at the plan of the top statement with real parameters:\nEXPLAIN (ANALYZE, BUFFERS) <the query>;`,
      ),
    )
  }

  if (h.duplicateIndexes.length) {
    const drops = h.duplicateIndexes.flatMap((d) =>
      d.indexes.slice(1).map((i) => `DROP INDEX CONCURRENTLY ${i};`),
    )
    out.push(
      finding(
        'duplicate-index',
        'warning',
        `${plural(drops.length, 'index')} repeat${drops.length === 1 ? 's' : ''} another one exactly`,
        'Identical indexes (same columns, operator classes, expressions and predicate) cost writes and memory and help no query.',
        [
          ...h.duplicateIndexes.slice(0, SHOWN).flatMap((d) => [
            { label: 'table', value: d.table },
            { label: 'indexes', value: d.indexes.join(', ') },
            { label: 'size', value: fmtBytes(d.sizeBytes) },
          ]),
          ...more(h.duplicateIndexes.length),
        ],
        `Keep the first, drop the copies (an index that backs a constraint goes with ALTER TABLE … DROP CONSTRAINT):\n${drops.join('\n')}`,
      ),
    )
  }

  if (h.unusedIndexes.length) {
    const size = h.unusedIndexes.reduce((a, i) => a + i.sizeBytes, 0)
    out.push(
      finding(
        'unused-index',
        size >= 100 * 1024 * 1024 ? 'warning' : 'info',
        `${plural(h.unusedIndexes.length, 'index', 'indexes')} never scanned (${fmtBytes(size)})`,
        'These indexes have not been used since the statistics were reset; every write still maintains them. Check replicas too: usage is counted per server.',
        [
          ...h.unusedIndexes
            .slice(0, SHOWN)
            .map((i) => ({ label: i.index, value: `on ${i.table}, ${fmtBytes(i.sizeBytes)}` })),
          ...more(h.unusedIndexes.length),
        ],
        h.unusedIndexes.map((i) => `DROP INDEX CONCURRENTLY ${i.index};`).join('\n'),
      ),
    )
  }

  if (h.invalidIndexes.length) {
    out.push(
      finding(
        'invalid-index',
        'warning',
        `${plural(h.invalidIndexes.length, 'invalid index', 'invalid indexes')}`,
        'A failed CREATE INDEX CONCURRENTLY leaves an invalid index: no query uses it, yet every write updates it.',
        [
          ...h.invalidIndexes
            .slice(0, SHOWN)
            .map((i) => ({ label: i.index, value: `on ${i.table}` })),
          ...more(h.invalidIndexes.length),
        ],
        h.invalidIndexes.map((i) => `REINDEX INDEX CONCURRENTLY ${i.index};`).join('\n'),
      ),
    )
  }

  if (h.seqScanTables.length) {
    out.push(
      finding(
        'missing-index',
        'warning',
        `${plural(h.seqScanTables.length, 'large table')} read mostly by sequential scans`,
        `Tables of at least ${fmtNumber(lim.largeTableRows)} rows where fewer than 95 % of scans use an index: a query filters them without one.`,
        [
          ...h.seqScanTables.slice(0, SHOWN).flatMap((t) => [
            { label: 'table', value: t.table },
            { label: 'sequential scans', value: t.seqScan },
            { label: 'rows read by them', value: t.seqTupRead },
            { label: 'index scans', value: t.idxScan },
          ]),
          ...more(h.seqScanTables.length),
        ],
        `Find the query (top queries above, or EXPLAIN), then index the column it filters on:\n${h.seqScanTables
          .map((t) => `CREATE INDEX CONCURRENTLY ON ${t.table} (<filtered column>);`)
          .join('\n')}`,
      ),
    )
  }

  if (h.deadTuples.length) {
    const off = h.deadTuples.filter((t) => !t.autovacuumEnabled)
    out.push(
      finding(
        'dead-tuples',
        off.length ? 'critical' : 'warning',
        `${plural(h.deadTuples.length, 'table')} with mostly dead tuples${off.length ? `, autovacuum off on ${off.length}` : ''}`,
        `At least ${fmtPercent(lim.deadTupleRatio, 0)} of these tables' tuples are dead: scans read them, the table bloats.`,
        [
          ...h.deadTuples.slice(0, SHOWN).flatMap((t) => [
            { label: 'table', value: t.table },
            { label: 'dead share', value: fmtPercent(t.deadRatio, 1) },
            { label: 'dead tuples', value: t.deadTuples },
            { label: 'last (auto)vacuum', value: t.lastAutovacuum ?? t.lastVacuum ?? 'never' },
            { label: 'autovacuum', value: t.autovacuumEnabled ? 'on' : 'off' },
          ]),
          ...more(h.deadTuples.length),
        ],
        [
          ...off.map((t) => `ALTER TABLE ${t.table} RESET (autovacuum_enabled);`),
          ...h.deadTuples.map((t) => `VACUUM (ANALYZE) ${t.table};`),
        ].join('\n'),
      ),
    )
  }

  if (h.staleStats.length) {
    out.push(
      finding(
        'stale-stats',
        'info',
        `${plural(h.staleStats.length, 'table')} with stale planner statistics`,
        `More than ${fmtPercent(lim.staleStatsRatio, 0)} of these tables changed since they were last analysed: the planner estimates from old numbers.`,
        [
          ...h.staleStats.slice(0, SHOWN).flatMap((t) => [
            { label: 'table', value: t.table },
            { label: 'rows changed since analyze', value: t.modsSinceAnalyze },
            { label: 'last analyze', value: t.lastAnalyze ?? 'never' },
          ]),
          ...more(h.staleStats.length),
        ],
        h.staleStats.map((t) => `ANALYZE ${t.table};`).join('\n'),
      ),
    )
  }

  const idle = h.sessions.filter((s) => s.state !== 'active')
  if (idle.length) {
    const oldest = Math.max(...idle.map((s) => s.seconds))
    out.push(
      finding(
        'idle-in-transaction',
        oldest >= 3600 ? 'critical' : 'warning',
        `${plural(idle.length, 'session')} idle in a transaction (longest ${fmtNumber(oldest, 0)} s)`,
        'An open transaction holds its locks and keeps vacuum from removing any row version newer than its snapshot, in every table.',
        [
          ...idle.slice(0, SHOWN).flatMap((s) => [
            { label: 'pid', value: String(s.pid) },
            { label: 'user / application', value: `${s.user ?? '?'} / ${s.application || '?'}` },
            { label: 'idle for', value: s.seconds, unit: 's' },
            { label: 'last statement', value: s.query.slice(0, 160) },
          ]),
          ...more(idle.length),
        ],
        `Fix the application that leaves the transaction open; meanwhile end it and cap it:\n${idle
          .map((s) => `SELECT pg_terminate_backend(${s.pid});`)
          .join(
            '\n',
          )}\nALTER DATABASE ${quoteIdent(h.database)} SET idle_in_transaction_session_timeout = '${Math.max(60, Math.round(lim.idleInTransactionSec))}s';`,
      ),
    )
  }

  const running = h.sessions.filter((s) => s.state === 'active')
  if (running.length) {
    out.push(
      finding(
        'long-running',
        'warning',
        `${plural(running.length, 'statement')} running longer than ${fmtNumber(lim.longRunningSec)} s`,
        'Long statements hold locks and snapshots; one of them may be waiting on another.',
        [
          ...running.slice(0, SHOWN).flatMap((s) => [
            { label: 'pid', value: String(s.pid) },
            { label: 'running for', value: s.seconds, unit: 's' },
            { label: 'query', value: s.query.slice(0, 160) },
          ]),
          ...more(running.length),
        ],
        `${running.map((s) => `SELECT pg_cancel_backend(${s.pid});`).join('\n')}\nALTER ROLE <app role> SET statement_timeout = '30s';`,
      ),
    )
  }

  const oldDbs = h.xid.databases.filter((d) => d.share >= lim.xidAgeRatio)
  if (oldDbs.length) {
    const worst = oldDbs[0]!
    out.push(
      finding(
        'xid-age',
        worst.share >= 0.75 ? 'critical' : 'warning',
        `Transaction id wraparound: ${fmtPercent(worst.share, 0)} of the margin used in ${worst.database}`,
        `At ${fmtNumber(XID_LIMIT)} transactions since the last freeze the server stops accepting writes. Autovacuum should freeze long before (autovacuum_freeze_max_age ${fmtNumber(h.xid.freezeMaxAge ?? 0)}).`,
        [
          ...oldDbs.map((d) => ({ label: `database ${d.database}`, value: d.age })),
          ...h.xid.tables.slice(0, 5).map((t) => ({ label: `table ${t.table}`, value: t.age })),
        ],
        h.xid.tables
          .slice(0, 5)
          .map((t) => `VACUUM (FREEZE, VERBOSE) ${t.table};`)
          .join('\n') || 'VACUUM (FREEZE, VERBOSE);',
      ),
    )
  }

  const seqs = h.sequences.filter((s) => s.usedRatio >= lim.sequenceUsedRatio)
  if (seqs.length) {
    out.push(
      finding(
        'sequence-exhaustion',
        seqs.some((s) => s.usedRatio >= 0.95) ? 'critical' : 'warning',
        `${plural(seqs.length, 'sequence')} near ${seqs.length === 1 ? 'its' : 'their'} maximum`,
        'When a sequence (or the column it feeds) reaches its maximum, every insert fails.',
        [
          ...seqs.slice(0, SHOWN).flatMap((s) => [
            { label: 'sequence', value: s.sequence },
            { label: 'used', value: fmtPercent(s.usedRatio, 1) },
            {
              label: 'last value / max',
              value: `${fmtNumber(s.lastValue ?? 0)} / ${fmtNumber(s.maxValue)}`,
            },
            ...(s.column ? [{ label: 'feeds', value: s.column }] : []),
          ]),
          ...more(seqs.length),
        ],
        seqs
          .map((s) => {
            const col = s.column ? /^(.*)\.([^.]+) \S+/.exec(s.column) : null
            return col
              ? `ALTER TABLE ${col[1]} ALTER COLUMN ${col[2]} TYPE bigint;  -- rewrites the table\nALTER SEQUENCE ${s.sequence} AS bigint MAXVALUE 9223372036854775807;`
              : `ALTER SEQUENCE ${s.sequence} AS bigint MAXVALUE 9223372036854775807;`
          })
          .join('\n'),
      ),
    )
  }

  const c = h.connections
  const usable = Math.max(1, c.max - c.reserved)
  if (c.max > 0 && c.inUse / usable >= lim.connectionsRatio) {
    out.push(
      finding(
        'connections',
        c.inUse / usable >= 0.95 ? 'critical' : 'warning',
        `${fmtNumber(c.inUse)} of ${fmtNumber(usable)} connections in use`,
        'Near max_connections new clients are refused; each idle connection still costs memory.',
        [
          { label: 'in use', value: c.inUse },
          { label: 'max_connections', value: c.max },
          { label: 'reserved for superusers', value: c.reserved },
          ...Object.entries(c.byState).map(([k, v]) => ({ label: k, value: v })),
        ],
        `Put a pooler (PgBouncer, transaction mode) in front, or size the application pools down; raise the limit only with memory to spare:\nALTER SYSTEM SET max_connections = ${Math.ceil(c.max * 1.5)};  -- then restart`,
      ),
    )
  }

  const tc = h.tableCache
  if (tc.hitRatio !== null && tc.hitRatio < lim.tableCacheHit && tc.heapRead >= 1000) {
    out.push(
      finding(
        'table-cache-hit',
        'warning',
        `Table cache hit ratio ${fmtPercent(tc.hitRatio, 1)}`,
        `Below ${fmtPercent(lim.tableCacheHit, 0)}, reads go to disk (or the OS cache) often: the working set does not fit in shared_buffers.`,
        [
          { label: 'hit ratio', value: fmtPercent(tc.hitRatio, 2) },
          ...tc.tables.slice(0, 5).map((t) => ({
            label: `table ${t.table}`,
            value: `${fmtNumber(t.heapRead)} blocks read, hit ${t.hitRatio === null ? '—' : fmtPercent(t.hitRatio, 1)}`,
          })),
        ],
        `Give shared_buffers about 25 % of the RAM (then restart), or cut what the top tables read:\nALTER SYSTEM SET shared_buffers = '<25 % of RAM>';`,
      ),
    )
  }
  return out
}

export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`
}

export function backupFindings(b: PgBackup, rtoSec: number | undefined): Finding[] {
  const out: Finding[] = []
  if (b.error) {
    out.push(
      finding(
        'backup-failed',
        'critical',
        'The backup could not be dumped and restored',
        b.error,
        [
          { label: 'pg_dump', value: b.pgDump },
          { label: 'scratch database dropped', value: b.dropped },
        ],
        'Fix the cause above and run the check again: a backup nobody has restored is a hope, not a backup.',
      ),
    )
  }
  if (b.mismatches.length) {
    out.push(
      finding(
        'backup-mismatch',
        'critical',
        `${plural(b.mismatches.length, 'table')} restored with different row counts`,
        `${fmtNumber(b.tablesMatched)} of ${fmtNumber(b.tables)} tables matched the source's snapshot.`,
        b.mismatches.slice(0, SHOWN).map((m) => ({
          label: m.table,
          value: `${m.source ?? 'missing'} in the source, ${m.restored ?? 'missing'} restored`,
        })),
        `Read pg_restore's warnings (notes below); restore by hand into a scratch database to see what fails:\ncreatedb scratch && pg_restore --no-owner -d scratch backup.dump`,
      ),
    )
  }
  if (rtoSec !== undefined && b.restoreSec !== null && b.restoreSec > rtoSec) {
    out.push(
      finding(
        'backup-rto',
        'warning',
        `Restore took ${fmtNumber(b.restoreSec, 1)} s, over the ${fmtNumber(rtoSec)} s objective`,
        'Recovering from this backup takes longer than the recovery time objective allows.',
        [
          { label: 'restore', value: b.restoreSec, unit: 's' },
          { label: 'objective (rtoSec)', value: rtoSec, unit: 's' },
          { label: 'dump size', value: fmtBytes(b.dumpBytes) },
        ],
        'Restore in parallel (pg_restore -j <cores>), or keep a streaming replica / PITR base backup for fast recovery.',
      ),
    )
  }
  return out
}
