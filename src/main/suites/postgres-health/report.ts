import type { PostgresHealthSuiteResult } from '@shared/index'
import { fmtBytes, fmtMs, fmtNumber, fmtPercent } from '@shared/format'
import { exactInput, plainInput, type MetricInput } from '../../analysis/compare'
import { DATA_WEIGHTS, scoreFromFindings } from '../../analysis/score'
import type { DetailTable, Headline, KeyNumber, SuiteReportParts } from '../contract'

/** The report parts of postgres-health: key numbers, detail tables, compare inputs. */

/** "1 critical, 2 warnings, 1 note" */
export function findingCounts(m: { critical: number; warning: number; info: number }): string {
  const n = (v: number, one: string): string => `${v} ${one}${v === 1 ? '' : 's'}`
  return `${m.critical} critical, ${n(m.warning, 'warning')}, ${n(m.info, 'note')}`
}

export function pgHealthKeyNumbers(s: PostgresHealthSuiteResult): KeyNumber[] {
  const m = s.metrics
  const h = s.health
  if (!m) return []
  const out: KeyNumber[] = [{ label: 'findings', text: findingCounts(m) }]
  if (h) {
    out.push(
      { label: 'database', text: `${h.database} (PostgreSQL ${h.serverVersion})` },
      { label: 'tables', text: `${fmtNumber(h.tables)} (statistics read in ${fmtMs(h.readMs)})` },
      {
        label: 'connections',
        text: `${fmtNumber(h.connections.inUse)} of ${fmtNumber(h.connections.max)}`,
      },
      {
        label: 'table cache hit ratio',
        text: h.tableCache.hitRatio === null ? '—' : fmtPercent(h.tableCache.hitRatio, 2),
      },
      {
        label: 'oldest transaction id age',
        text: h.xid.databases[0]
          ? `${fmtNumber(h.xid.databases[0].age)} (${fmtPercent(h.xid.databases[0].share, 1)} of the wraparound margin)`
          : '—',
      },
      { label: 'pg_stat_statements', text: h.statements.installed ? 'installed' : 'not installed' },
    )
  }
  const b = s.backup
  if (b) {
    out.push({
      label: 'backup check',
      text: b.error
        ? `failed: ${b.error}`
        : `dump ${fmtNumber(b.dumpSec, 1)} s (${fmtBytes(b.dumpBytes)}), restore ${fmtNumber(b.restoreSec ?? 0, 1)} s, ${b.tablesMatched} of ${b.tables} tables matched, scratch database ${b.dropped ? 'dropped' : 'LEFT BEHIND'}`,
    })
  }
  return out
}

export function pgHealthTables(s: PostgresHealthSuiteResult): DetailTable[] {
  const h = s.health
  if (!h) return []
  const tables: DetailTable[] = []
  const add = (t: DetailTable): void => {
    if (t.rows.length) tables.push(t)
  }
  add({
    title: 'Top queries (pg_stat_statements)',
    columns: ['query', 'calls', 'total', 'mean', 'rows', 'cache hit'],
    numeric: [false, true, true, true, true, true],
    rows: h.statements.top.map((q) => [
      q.query.replace(/\s+/g, ' ').slice(0, 90),
      fmtNumber(q.calls),
      fmtMs(q.totalMs),
      fmtMs(q.meanMs),
      fmtNumber(q.rows),
      q.hitRatio === null ? '—' : fmtPercent(q.hitRatio, 1),
    ]),
  })
  add({
    title: 'Duplicate indexes (first kept)',
    columns: ['table', 'indexes', 'size'],
    numeric: [false, false, true],
    rows: h.duplicateIndexes.map((d) => [d.table, d.indexes.join(', '), fmtBytes(d.sizeBytes)]),
  })
  add({
    title: 'Invalid indexes',
    columns: ['index', 'table'],
    numeric: [false, false],
    rows: h.invalidIndexes.map((i) => [i.index, i.table]),
  })
  add({
    title: 'Unused indexes',
    columns: ['index', 'table', 'size'],
    numeric: [false, false, true],
    rows: h.unusedIndexes.map((i) => [i.index, i.table, fmtBytes(i.sizeBytes)]),
  })
  add({
    title: 'Large tables read by sequential scans',
    columns: ['table', 'rows', 'seq scans', 'rows read', 'index scans'],
    numeric: [false, true, true, true, true],
    rows: h.seqScanTables.map((t) => [
      t.table,
      fmtNumber(t.liveTuples),
      fmtNumber(t.seqScan),
      fmtNumber(t.seqTupRead),
      t.idxScan === null ? '—' : fmtNumber(t.idxScan),
    ]),
  })
  add({
    title: 'Dead tuples',
    columns: ['table', 'dead', 'dead share', 'last (auto)vacuum', 'autovacuum'],
    numeric: [false, true, true, false, false],
    rows: h.deadTuples.map((t) => [
      t.table,
      fmtNumber(t.deadTuples),
      fmtPercent(t.deadRatio, 1),
      (t.lastAutovacuum ?? t.lastVacuum ?? 'never').replace(/\..*$/, ''),
      t.autovacuumEnabled ? 'on' : 'OFF',
    ]),
  })
  add({
    title: 'Stale statistics',
    columns: ['table', 'changed since analyze', 'rows', 'last analyze'],
    numeric: [false, true, true, false],
    rows: h.staleStats.map((t) => [
      t.table,
      fmtNumber(t.modsSinceAnalyze),
      fmtNumber(t.liveTuples),
      (t.lastAnalyze ?? 'never').replace(/\..*$/, ''),
    ]),
  })
  add({
    title: 'Long transactions and statements',
    columns: ['pid', 'state', 'for', 'query'],
    numeric: [true, false, true, false],
    rows: h.sessions.map((x) => [
      String(x.pid),
      x.state,
      `${fmtNumber(x.seconds, 0)} s`,
      x.query.replace(/\s+/g, ' ').slice(0, 80),
    ]),
  })
  add({
    title: 'Sequences closest to their maximum',
    columns: ['sequence', 'used', 'last value', 'maximum'],
    numeric: [false, true, true, true],
    rows: h.sequences
      .filter((q) => q.usedRatio > 0)
      .map((q) => [
        q.sequence,
        fmtPercent(q.usedRatio, 1),
        fmtNumber(q.lastValue ?? 0),
        fmtNumber(q.maxValue),
      ]),
  })
  add({
    title: 'Transaction id age',
    columns: ['database', 'age', 'margin used'],
    numeric: [false, true, true],
    rows: h.xid.databases.map((d) => [d.database, fmtNumber(d.age), fmtPercent(d.share, 2)]),
  })
  const b = s.backup
  if (b && b.mismatches.length)
    add({
      title: 'Backup check: tables whose row counts differ',
      columns: ['table', 'source', 'restored'],
      numeric: [false, true, true],
      rows: b.mismatches.map((m) => [
        m.table,
        m.source === null ? 'missing' : fmtNumber(m.source),
        m.restored === null ? 'missing' : fmtNumber(m.restored),
      ]),
    })
  return tables
}

/** The one line of a health suite: its findings by severity (no load, so no rate or latency). */
export function healthHeadline(m: { critical: number; warning: number } | null): Headline | null {
  if (!m) return null
  return {
    throughput: null,
    latencyMs: null,
    percentile: 'p95',
    errorRate: null,
    extras: [`${m.critical} critical`, `${m.warning} warning${m.warning === 1 ? '' : 's'}`],
  }
}

/** A number set side by side in compare (a health check has no per-second samples to test). */
export function plain(
  key: string,
  label: string,
  unit: string,
  better: MetricInput['better'],
  a: number | null | undefined,
  b: number | null | undefined,
): MetricInput {
  return plainInput(key, label, unit, better, a ?? null, b ?? null)
}

type Both<S> = (
  key: string,
  label: string,
  unit: string,
  better: MetricInput['better'],
  f: (s: S) => number | null | undefined,
) => MetricInput

/** Compare for a health suite: its findings by severity (exact counts), then its own numbers. */
export function healthCompareInputs<
  S extends { metrics: { critical: number; warning: number } | null },
>(a: S, b: S, own: (both: Both<S>) => MetricInput[]): MetricInput[] {
  const both: Both<S> = (key, label, unit, better, f) => plain(key, label, unit, better, f(a), f(b))
  const count = (k: 'critical' | 'warning', label: string): MetricInput =>
    exactInput(k, label, 'lower', a.metrics?.[k] ?? null, b.metrics?.[k] ?? null)
  return [count('critical', 'critical findings'), count('warning', 'warnings'), ...own(both)]
}

function compareInputs(a: PostgresHealthSuiteResult, b: PostgresHealthSuiteResult): MetricInput[] {
  return healthCompareInputs(a, b, (both) => [
    both('deadTuples', 'dead tuples (listed tables)', '', 'lower', (s) =>
      s.health ? s.health.deadTuples.reduce((x, t) => x + t.deadTuples, 0) : null,
    ),
    both(
      'tableCacheHit',
      'table cache hit ratio',
      '',
      'higher',
      (s) => s.health?.tableCache.hitRatio,
    ),
    both('connections', 'connections in use', '', 'none', (s) => s.health?.connections.inUse),
    both(
      'xidAge',
      'oldest transaction id age',
      '',
      'lower',
      (s) => s.health?.xid.databases[0]?.age,
    ),
    both('restoreSec', 'backup restore time', 's', 'lower', (s) => s.backup?.restoreSec),
    both('dumpBytes', 'backup size', 'bytes', 'none', (s) => s.backup?.dumpBytes),
  ])
}

export const postgresHealthReport: SuiteReportParts<'postgres-health'> = {
  keyNumbers: pgHealthKeyNumbers,
  headline: (s) => healthHeadline(s.metrics),
  // no load is made, so there is nothing to fail
  errorRate: () => null,
  scoreWeights: DATA_WEIGHTS,
  score: scoreFromFindings,
  charts: () => [],
  compareInputs,
  detailTables: pgHealthTables,
}
