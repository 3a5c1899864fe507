import { useMemo } from 'react'
import type { HttpLoadMetrics, HttpLoadSuiteResult, LiveSample, SuiteResult } from '@shared/index'
import { SeriesCharts } from '../../components/SeriesChart'
import { Stat } from '../../components/ui'
import { bytes, duration, ms, num, pct, rate } from '../../lib/format'
import { sampleReader } from '../common/live-sample'
import type { SeriesPoint } from '../types'
import { httpChartsFor } from './charts'
import { showsEndpoints } from '@shared/suites/http-requests'
import { Endpoints } from './Endpoints'
import { SweepCurve } from './SweepCurve'
import { TableHead } from '../../components/table-head'

/** Delivered within this share of the target counts as delivered. */
const DELIVERED_SHARE = 0.95

/** The open model's own numbers: the rate asked for, the rate delivered, late and dropped. */
function OpenModelStats({ m }: { m: HttpLoadMetrics }) {
  if (m.targetRps === undefined) return null
  const share = m.targetRps > 0 ? m.rps / m.targetRps : null
  const short = share !== null && share < DELIVERED_SHARE
  return (
    <div className="stats open-stats" data-testid="open-model-stats">
      <Stat label="Target rate" value={rate(m.targetRps)} sub="asked for" />
      <Stat
        label="Delivered"
        value={rate(m.rps)}
        rate
        sub={share === null ? undefined : `${pct(share, 1)} of target`}
        tone={short ? 'bad' : 'good'}
      />
      <Stat
        label="Late"
        value={num(m.late ?? 0)}
        sub="left after their time"
        tone={(m.late ?? 0) > 0 ? 'warn' : undefined}
      />
      <Stat
        label="Dropped"
        value={num(m.dropped ?? 0)}
        sub="never sent"
        tone={(m.dropped ?? 0) > 0 ? 'bad' : undefined}
      />
      {m.serviceTimeMs ? (
        <Stat label="Service time p95" value={ms(m.serviceTimeMs.p95)} sub="from the actual send" />
      ) : null}
    </div>
  )
}

/** Response checks: apart from the HTTP errors, since a wrong answer is still an answer. */
function ChecksStat({ m }: { m: HttpLoadMetrics }) {
  if (!m.checks) return null
  const total = m.checks.passed + m.checks.failed
  const failed = m.checks.failed
  return (
    <Stat
      label="Checks failed"
      value={pct(total ? failed / total : 0)}
      sub={`${num(failed)} of ${num(total)} · not HTTP errors`}
      tone={failed > 0 ? 'bad' : 'good'}
    />
  )
}

export function HttpLoadLiveStats({ sample }: { sample: LiveSample | null }) {
  const v = sampleReader(sample)
  return (
    <div className="stats">
      <Stat label="Throughput" value={rate(v('rps'))} />
      <Stat label="p50" value={ms(v('p50'))} />
      <Stat label="p95" value={ms(v('p95'))} />
      <Stat label="p99" value={ms(v('p99'))} />
      <Stat
        label="Errors"
        value={`${num(v('errors'))}/s`}
        tone={(v('errors') ?? 0) > 0 ? 'bad' : undefined}
      />
      {v('late') !== null ? (
        <Stat
          label="Late"
          value={`${num(v('late'))}/s`}
          tone={(v('late') ?? 0) > 0 ? 'warn' : undefined}
        />
      ) : null}
      {v('dropped') !== null ? (
        <Stat
          label="Dropped"
          value={`${num(v('dropped'))}/s`}
          tone={(v('dropped') ?? 0) > 0 ? 'bad' : undefined}
        />
      ) : null}
    </div>
  )
}

export function HttpLoadResultView({ result }: { result: SuiteResult }) {
  return result.kind === 'http-load' ? <HttpLoadResult r={result} /> : null
}

function HttpLoadResult({ r }: { r: HttpLoadSuiteResult }) {
  const m = r.metrics
  const points = r.series as SeriesPoint[]
  const charts = useMemo(() => httpChartsFor(r.config), [r.config])
  return (
    <div className="suite-result">
      {m ? (
        <>
          <OpenModelStats m={m} />
          <div className="stats">
            <Stat label="Throughput" value={rate(m.rps)} sub={`${num(m.requests)} requests`} rate />
            <Stat label="p50" value={ms(m.latencyMs.p50)} sub={`mean ${ms(m.latencyMs.mean)}`} />
            <Stat label="p95" value={ms(m.latencyMs.p95)} />
            <Stat label="p99" value={ms(m.latencyMs.p99)} sub={`max ${ms(m.latencyMs.max)}`} />
            <Stat
              label="Errors"
              value={pct(m.errorRate)}
              sub={`${num(m.statusCodes['5xx'])} 5xx · ${num(m.statusCodes['4xx'])} 4xx · ${num(m.errors)} socket · ${num(m.timeouts)} timeouts`}
              tone={m.errorRate > 0 ? 'bad' : 'good'}
            />
            <ChecksStat m={m} />
            <Stat label="Apdex" value={num(m.apdex, 2)} sub={`T = ${ms(r.config.apdexTMs)}`} />
            <Stat
              label="Transfer"
              value={`${bytes(m.throughputBytesPerSec)}/s`}
              sub={duration(m.durationSec)}
            />
          </div>
          <div className="kv-row">
            <span>Status codes</span>
            {(['1xx', '2xx', '3xx', '4xx', '5xx'] as const)
              .filter((k) => m.statusCodes[k] > 0)
              .map((k) => (
                <span key={k} className={`code code-${k}`}>
                  {k} <b>{num(m.statusCodes[k])}</b>
                </span>
              ))}
            <span className="muted">
              latency basis:{' '}
              {m.latencyBasis === 'intended-time' ? 'intended send time' : 'service time'}
              {m.targetRps !== undefined ? ` · target ${rate(m.targetRps)}` : ''}
            </span>
          </div>
          <table className="table compact percentiles">
            <thead>
              <tr>
                {(['min', 'p50', 'p75', 'p90', 'p95', 'p99', 'p999', 'max'] as const).map((k) => (
                  <th key={k}>{k === 'p999' ? 'p99.9' : k}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {(['min', 'p50', 'p75', 'p90', 'p95', 'p99', 'p999', 'max'] as const).map((k) => (
                  <td key={k}>{ms(m.latencyMs[k])}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </>
      ) : (
        <p className="muted">No measurements were recorded.</p>
      )}
      {showsEndpoints(r) ? <Endpoints r={r} /> : null}
      {points.length ? <SeriesCharts specs={charts} points={points} /> : null}
      {r.sweep ? (
        <SweepCurve sweep={r.sweep} p95Limit={r.config.thresholds.p95Ms ?? r.config.apdexTMs} />
      ) : null}
      {r.sweep ? (
        <table className="table compact" data-testid="sweep-steps">
          <TableHead
            columns={['Load', 'Throughput', 'p50', 'p95', 'p99', 'Errors', 'Meets thresholds']}
          />
          <tbody>
            {r.sweep.steps.map((s, i) => (
              <tr key={i}>
                <td>
                  {s.connections !== undefined ? `${s.connections} conn` : rate(s.rate ?? null)}
                </td>
                <td>{rate(s.rps)}</td>
                <td>{ms(s.latencyMs.p50)}</td>
                <td>{ms(s.latencyMs.p95)}</td>
                <td>{ms(s.latencyMs.p99)}</td>
                <td>{pct(s.errorRate)}</td>
                <td>{s.meetsThresholds ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  )
}
