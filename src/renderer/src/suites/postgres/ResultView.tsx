import type { LiveSample, PgHealth, PostgresSuiteResult, SuiteResult } from '@shared/index'
import { SeriesCharts } from '../../components/SeriesChart'
import { SuiteFindings } from '../../components/Findings'
import { Stat } from '../../components/ui'
import { bytes, ms, num, pct, rate } from '../../lib/format'
import { sampleReader } from '../common/live-sample'
import type { SeriesPoint } from '../types'
import { postgresCharts } from './charts'
import { PlanTree } from './PlanTree'
import { PoolCurve } from './PoolCurve'
import './postgres.css'
import { TableHead } from '../../components/table-head'

export function PostgresLiveStats({ sample }: { sample: LiveSample | null }) {
  const v = sampleReader(sample)
  return (
    <div className="stats">
      <Stat label="Pool" value={num(v('poolSize'))} />
      <Stat label="Throughput" value={rate(v('tps'), 'TPS')} />
      <Stat label="p50" value={ms(v('p50'))} />
      <Stat label="p95" value={ms(v('p95'))} />
      <Stat label="Mean wait" value={ms(v('waitMs'))} sub="for a connection" />
      <Stat
        label="Errors"
        value={`${num(v('errors'))}/s`}
        tone={(v('errors') ?? 0) > 0 ? 'bad' : undefined}
      />
    </div>
  )
}

export function PostgresResultView({ result }: { result: SuiteResult }) {
  if (result.kind !== 'postgres') return null
  const r = result as PostgresSuiteResult
  const m = r.metrics
  const d = r.details
  const points = r.series as SeriesPoint[]
  return (
    <div className="suite-result pg-result">
      {m ? (
        <div className="stats">
          <Stat
            label="Recommended pool"
            value={m.recommendedPoolSize === null ? 'none' : num(m.recommendedPoolSize)}
            tone={m.recommendedPoolSize === null ? 'warn' : 'good'}
            sub={m.recommendedPoolSize === null ? `best: pool ${m.poolSize}` : undefined}
          />
          <Stat
            label="Throughput"
            value={rate(m.tps, 'TPS')}
            rate
            sub={`${num(m.transactions)} transactions`}
          />
          <Stat label="p50" value={ms(m.latencyMs.p50)} sub={`mean ${ms(m.latencyMs.mean)}`} />
          <Stat label="p95" value={ms(m.latencyMs.p95)} />
          <Stat label="p99" value={ms(m.latencyMs.p99)} sub={`max ${ms(m.latencyMs.max)}`} />
          <Stat
            label="Waiting"
            value={pct(m.waitShare, 0)}
            sub={`of latency · mean ${ms(m.waitMs.mean)}`}
            tone={m.waitShare >= 0.5 ? 'warn' : undefined}
          />
          <Stat
            label="Errors"
            value={pct(m.errorRate)}
            sub={`${num(m.errors)} errors`}
            tone={m.errorRate > 0 ? 'bad' : 'good'}
          />
        </div>
      ) : (
        <p className="muted">No step completed a transaction.</p>
      )}
      {/* the per-second series stand on their own: a result without details still has them */}
      {points.length ? <SeriesCharts specs={postgresCharts} points={points} /> : null}
      {d ? (
        <>
          <p className="pg-reason" data-testid="pool-reason">
            {d.reason}
            {d.readOnly ? (
              <span className="chip">read-only sessions</span>
            ) : (
              <span className="chip warn">writes allowed</span>
            )}
          </p>
          {d.steps.length ? (
            <div className="charts">
              <PoolCurve steps={d.steps} recommended={d.recommendedPoolSize} />
            </div>
          ) : null}
          {d.steps.length ? (
            <table className="table compact pg-steps" data-testid="pool-steps">
              <TableHead
                columns={[
                  'Pool',
                  'TPS',
                  'p50',
                  'p95',
                  'p99',
                  'Wait (mean / p95)',
                  'Exec (mean / p95)',
                  'Waiting',
                  'Errors',
                  'Thresholds',
                ]}
              />
              <tbody>
                {d.steps.map((s) => (
                  <tr
                    key={s.poolSize}
                    className={s.poolSize === d.recommendedPoolSize ? 'pg-recommended' : ''}
                  >
                    <td>
                      {s.poolSize}
                      {s.poolSize === d.recommendedPoolSize ? ' ★' : ''}
                      {s.partial ? ' (partial)' : ''}
                    </td>
                    <td>{num(s.tps, s.tps < 100 ? 1 : 0)}</td>
                    <td>{ms(s.latencyMs.p50)}</td>
                    <td>{ms(s.latencyMs.p95)}</td>
                    <td>{ms(s.latencyMs.p99)}</td>
                    <td className="pair">
                      <span>{ms(s.waitMs.mean)}</span> / <span>{ms(s.waitMs.p95)}</span>
                    </td>
                    <td className="pair">
                      <span>{ms(s.execMs.mean)}</span> / <span>{ms(s.execMs.p95)}</span>
                    </td>
                    <td>
                      <span className="pg-bar" title="share of latency waiting for a connection">
                        <span style={{ width: `${Math.round(s.waitShare * 100)}%` }} />
                      </span>
                      {pct(s.waitShare, 0)}
                    </td>
                    <td>{s.errors ? `${num(s.errors)} (${pct(s.errorRate)})` : '0'}</td>
                    <td>{s.meetsThresholds ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <h4 className="pg-h">Queries</h4>
          <table className="table compact" data-testid="pg-queries">
            <TableHead
              columns={[
                'Query',
                'Executions',
                'Exec mean',
                'Exec p95',
                'Share of DB time',
                'Errors',
              ]}
            />
            <tbody>
              {d.queries.map((q) => (
                <tr key={q.index} className={q.error ? 'fail' : ''}>
                  <td>
                    {q.name}
                    {q.error ? <div className="field-problem">{q.error}</div> : null}
                  </td>
                  <td>{q.excluded ? 'not run' : num(q.executions)}</td>
                  <td>{q.executions ? ms(q.execMs.mean) : '–'}</td>
                  <td>{q.executions ? ms(q.execMs.p95) : '–'}</td>
                  <td>{pct(q.shareOfExecTime, 0)}</td>
                  <td>{num(q.errors)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.plans.length ? <h4 className="pg-h">Query plans (marked: the costly nodes)</h4> : null}
          {d.plans.map((p) => (
            <details
              key={p.queryIndex}
              className="pg-plan-box"
              open={p.nodes.some((n) => n.warnings.length > 0) || !!p.error}
            >
              <summary>
                <b>{p.query}</b>{' '}
                <span className="muted">{p.error ? 'failed' : `cost ${num(p.totalCost, 2)}`}</span>
              </summary>
              <PlanTree plan={p} />
            </details>
          ))}
          {d.whatIf.length ? (
            <>
              <h4 className="pg-h">What-if indexes (created in a transaction, then rolled back)</h4>
              <table className="table compact" data-testid="pg-whatif">
                <TableHead
                  columns={['Query', 'Index', 'Cost before', 'Cost after', 'Plan after']}
                />
                <tbody>
                  {d.whatIf.map((w, i) => (
                    <tr key={i}>
                      <td>{w.query}</td>
                      <td className="mono">{w.indexSql}</td>
                      <td>{num(w.costBefore, 2)}</td>
                      <td>
                        {w.error ? (
                          <span className="field-problem">{w.error}</span>
                        ) : (
                          <>
                            {num(w.costAfter, 2)}
                            {w.costBefore && w.costAfter !== null
                              ? ` (${pct(1 - w.costAfter / w.costBefore, 0)} less)`
                              : ''}
                          </>
                        )}
                      </td>
                      <td className="muted">
                        {w.usesIndex ? w.planAfter : `index not used: ${w.planAfter}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {d.health ? <HealthView h={d.health} /> : null}
        </>
      ) : null}
      <SuiteFindings findings={r.findings} />
    </div>
  )
}

function HealthView({ h }: { h: PgHealth }) {
  return (
    <div className="pg-health" data-testid="pg-health">
      <h4 className="pg-h">
        Server health · PostgreSQL {h.serverVersion} · {h.database}
      </h4>
      <div className="stats">
        <Stat
          label="Cache hit ratio"
          value={pct(h.cacheHitRatio, 1)}
          tone={h.cacheHitRatio === null ? undefined : h.cacheHitRatio >= 0.99 ? 'good' : 'warn'}
        />
        <Stat
          label="Connections"
          value={`${num(h.connections.inUse)} / ${num(h.connections.max)}`}
          sub="in use / max_connections"
          tone={h.connections.inUse >= 0.8 * h.connections.max ? 'bad' : undefined}
        />
      </div>
      <div className="kv-row">
        {h.settings.map((s) => (
          <span key={s.name} className="chip">
            {s.name} <b>{s.pretty}</b>
          </span>
        ))}
      </div>
      {h.seqScanTables.length ? (
        <table className="table compact">
          <TableHead
            columns={[
              'Table (most rows read by seq scans)',
              'Seq scans',
              'Rows read',
              'Index scans',
              'Live rows',
            ]}
          />
          <tbody>
            {h.seqScanTables.map((t) => (
              <tr key={t.table}>
                <td>{t.table}</td>
                <td>{num(t.seqScan)}</td>
                <td>{num(t.seqTupRead)}</td>
                <td>{num(t.idxScan)}</td>
                <td>{num(t.liveTuples)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {h.deadTupleTables.length ? (
        <table className="table compact">
          <TableHead columns={['Table (dead rows)', 'Dead', 'Live', 'Dead share', 'Last vacuum']} />
          <tbody>
            {h.deadTupleTables.map((t) => (
              <tr key={t.table}>
                <td>{t.table}</td>
                <td>{num(t.deadTuples)}</td>
                <td>{num(t.liveTuples)}</td>
                <td>{pct(t.deadRatio, 0)}</td>
                <td>{t.lastAutovacuum ?? 'never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {h.unusedIndexes.length ? (
        <p className="muted">
          Unused indexes:{' '}
          {h.unusedIndexes.map((i) => `${i.index} (${bytes(i.sizeBytes)})`).join(', ')}
        </p>
      ) : null}
      <p className="muted">{h.statements.note}</p>
      {h.statements.top.length ? (
        <table className="table compact">
          <TableHead columns={['Statement', 'Calls', 'Total', 'Mean', 'Rows']} />
          <tbody>
            {h.statements.top.map((s, i) => (
              <tr key={i}>
                <td className="mono pg-stmt">{s.query}</td>
                <td>{num(s.calls)}</td>
                <td>{ms(s.totalMs)}</td>
                <td>{ms(s.meanMs)}</td>
                <td>{num(s.rows)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {h.problems.length ? <p className="muted">Could not read: {h.problems.join('; ')}</p> : null}
    </div>
  )
}
