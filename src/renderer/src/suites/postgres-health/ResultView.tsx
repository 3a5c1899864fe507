import type {
  LiveSample,
  PgBackup,
  PgHealthData,
  PostgresHealthSuiteResult,
  SuiteResult,
} from '@shared/index'
import { Stat } from '../../components/ui'
import { bytes, duration, ms, num, pct } from '../../lib/format'
import { HealthFindings, HealthTable } from '../common/health-table'
import { sampleReader } from '../common/live-sample'

export function PgHealthLiveStats({ sample }: { sample: LiveSample | null }) {
  const v = sampleReader(sample)
  return (
    <div className="stats">
      <Stat label="Elapsed" value={duration(v('t'))} sub="reading catalogs and statistics" />
    </div>
  )
}

const when = (iso: string | null): string =>
  iso ? iso.replace(/\..*$/, '').replace('T', ' ') : 'never'

export function PgHealthResultView({ result }: { result: SuiteResult }) {
  if (result.kind !== 'postgres-health') return null
  const r = result as PostgresHealthSuiteResult
  const h = r.health
  return (
    <div className="suite-result health-result" data-testid="pg-health">
      {r.metrics ? (
        <div className="stats">
          <Stat
            label="Critical"
            value={num(r.metrics.critical)}
            tone={r.metrics.critical ? 'bad' : 'good'}
          />
          <Stat
            label="Warnings"
            value={num(r.metrics.warning)}
            tone={r.metrics.warning ? 'warn' : 'good'}
          />
          <Stat label="Notes" value={num(r.metrics.info)} />
          {h ? <Stat label="Tables" value={num(h.tables)} sub={`read in ${ms(h.readMs)}`} /> : null}
          {h ? (
            <Stat
              label="Connections"
              value={`${num(h.connections.inUse)} / ${num(h.connections.max)}`}
            />
          ) : null}
          {h?.tableCache.hitRatio != null ? (
            <Stat label="Table cache hits" value={pct(h.tableCache.hitRatio, 2)} />
          ) : null}
        </div>
      ) : (
        <p className="muted">Nothing was read.</p>
      )}
      <HealthFindings findings={r.findings} />
      {r.backup ? <Backup b={r.backup} /> : null}
      {h ? <Tables h={h} /> : null}
    </div>
  )
}

function Backup({ b }: { b: PgBackup }) {
  return (
    <div className="health-table" data-testid="pg-backup">
      <h3>Backup check</h3>
      <div className="stats">
        <Stat label="Dump" value={duration(b.dumpSec)} sub={bytes(b.dumpBytes)} />
        <Stat label="Restore" value={duration(b.restoreSec)} />
        <Stat
          label="Tables matched"
          value={`${num(b.tablesMatched)} / ${num(b.tables)}`}
          tone={b.error || b.tablesMatched < b.tables ? 'bad' : 'good'}
        />
        <Stat
          label="Scratch database"
          value={b.dropped ? 'dropped' : 'LEFT BEHIND'}
          sub={b.scratchDatabase}
          tone={b.dropped ? 'good' : 'bad'}
        />
      </div>
      {b.error ? <p className="field-problem">{b.error}</p> : null}
      <p className="muted">{b.pgDump}</p>
    </div>
  )
}

function Tables({ h }: { h: PgHealthData }) {
  return (
    <>
      <HealthTable
        title="Top queries (pg_stat_statements)"
        note={h.statements.top.length ? h.statements.note : undefined}
        rows={h.statements.top}
        testId="pg-health-top"
        empty={h.statements.installed ? 'No statements recorded yet.' : h.statements.note}
        columns={[
          { title: 'Query', cell: (q) => <code className="sql">{q.query.slice(0, 200)}</code> },
          { title: 'Calls', num: true, cell: (q) => num(q.calls) },
          { title: 'Total', num: true, cell: (q) => ms(q.totalMs) },
          { title: 'Mean', num: true, cell: (q) => ms(q.meanMs) },
          { title: 'Rows', num: true, cell: (q) => num(q.rows) },
          { title: 'Cache hit', num: true, cell: (q) => pct(q.hitRatio, 1) },
        ]}
      />
      <HealthTable
        title="Duplicate indexes"
        rows={h.duplicateIndexes}
        testId="pg-health-dup"
        columns={[
          { title: 'Table', cell: (d) => <code>{d.table}</code> },
          { title: 'Indexes (first kept)', cell: (d) => <code>{d.indexes.join(', ')}</code> },
          { title: 'Definition', cell: (d) => <code className="sql">{d.definition}</code> },
          { title: 'Size', num: true, cell: (d) => bytes(d.sizeBytes) },
        ]}
      />
      <HealthTable
        title="Invalid indexes"
        rows={h.invalidIndexes}
        columns={[
          { title: 'Index', cell: (i) => <code>{i.index}</code> },
          { title: 'Table', cell: (i) => <code>{i.table}</code> },
        ]}
      />
      <HealthTable
        title="Unused indexes (never scanned since the statistics reset)"
        rows={h.unusedIndexes}
        columns={[
          { title: 'Index', cell: (i) => <code>{i.index}</code> },
          { title: 'Table', cell: (i) => <code>{i.table}</code> },
          { title: 'Size', num: true, cell: (i) => bytes(i.sizeBytes) },
        ]}
      />
      <HealthTable
        title="Large tables read by sequential scans"
        rows={h.seqScanTables}
        columns={[
          { title: 'Table', cell: (t) => <code>{t.table}</code> },
          { title: 'Rows', num: true, cell: (t) => num(t.liveTuples) },
          { title: 'Seq scans', num: true, cell: (t) => num(t.seqScan) },
          { title: 'Rows read by them', num: true, cell: (t) => num(t.seqTupRead) },
          { title: 'Index scans', num: true, cell: (t) => num(t.idxScan) },
        ]}
      />
      <HealthTable
        title="Dead tuples"
        rows={h.deadTuples}
        testId="pg-health-dead"
        columns={[
          { title: 'Table', cell: (t) => <code>{t.table}</code> },
          { title: 'Dead', num: true, cell: (t) => num(t.deadTuples) },
          { title: 'Live', num: true, cell: (t) => num(t.liveTuples) },
          { title: 'Dead share', num: true, cell: (t) => pct(t.deadRatio, 1) },
          { title: 'Last (auto)vacuum', cell: (t) => when(t.lastAutovacuum ?? t.lastVacuum) },
          {
            title: 'Autovacuum',
            cell: (t) => (t.autovacuumEnabled ? 'on' : <b className="bad">off</b>),
          },
        ]}
      />
      <HealthTable
        title="Stale statistics"
        rows={h.staleStats}
        columns={[
          { title: 'Table', cell: (t) => <code>{t.table}</code> },
          { title: 'Changed since analyze', num: true, cell: (t) => num(t.modsSinceAnalyze) },
          { title: 'Rows', num: true, cell: (t) => num(t.liveTuples) },
          { title: 'Last analyze', cell: (t) => when(t.lastAnalyze) },
        ]}
      />
      <HealthTable
        title="Long transactions and statements"
        rows={h.sessions}
        testId="pg-health-sessions"
        columns={[
          { title: 'pid', num: true, cell: (s) => String(s.pid) },
          { title: 'State', cell: (s) => s.state },
          { title: 'For', num: true, cell: (s) => duration(s.seconds) },
          { title: 'User / app', cell: (s) => `${s.user ?? '?'} / ${s.application || '?'}` },
          { title: 'Query', cell: (s) => <code className="sql">{s.query.slice(0, 160)}</code> },
        ]}
      />
      <HealthTable
        title="Sequences closest to their maximum"
        rows={h.sequences.filter((s) => s.usedRatio > 0)}
        testId="pg-health-seq"
        columns={[
          { title: 'Sequence', cell: (s) => <code>{s.sequence}</code> },
          { title: 'Used', num: true, cell: (s) => pct(s.usedRatio, 1) },
          { title: 'Last value', num: true, cell: (s) => num(s.lastValue) },
          { title: 'Maximum', num: true, cell: (s) => num(s.maxValue) },
          { title: 'Feeds', cell: (s) => (s.column ? <code>{s.column}</code> : '—') },
        ]}
      />
      <HealthTable
        title="Transaction id age (wraparound at 2,147,483,648)"
        rows={h.xid.databases}
        columns={[
          { title: 'Database', cell: (d) => <code>{d.database}</code> },
          { title: 'Age', num: true, cell: (d) => num(d.age) },
          { title: 'Margin used', num: true, cell: (d) => pct(d.share, 2) },
        ]}
      />
      <HealthTable
        title="Tables read from disk most"
        rows={h.tableCache.tables}
        columns={[
          { title: 'Table', cell: (t) => <code>{t.table}</code> },
          { title: 'Blocks read', num: true, cell: (t) => num(t.heapRead) },
          { title: 'Hit ratio', num: true, cell: (t) => pct(t.hitRatio, 1) },
        ]}
      />
      <div className="kv-row">
        <span>Connections</span>
        {Object.entries(h.connections.byState).map(([k, v]) => (
          <span key={k} className="chip">
            {k} <b>{num(v)}</b>
          </span>
        ))}
        <span className="chip">
          max_connections <b>{num(h.connections.max)}</b>
        </span>
      </div>
    </>
  )
}
