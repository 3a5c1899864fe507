import type { HttpLoadSuiteResult, LiveSample, SuiteResult } from '@shared/index'
import { SeriesChart } from '../../components/SeriesChart'
import { Stat } from '../../components/ui'
import { bytes, duration, ms, num, pct, rate } from '../../lib/format'
import type { SeriesPoint } from '../types'
import { httpCharts } from './charts'

export function HttpLoadLiveStats({ sample }: { sample: LiveSample | null }) {
  const v = (k: string): number | null => {
    const x = sample?.[k]
    return typeof x === 'number' ? x : null
  }
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
    </div>
  )
}

export function HttpLoadResultView({ result }: { result: SuiteResult }) {
  if (result.kind !== 'http-load') return null
  const r = result as HttpLoadSuiteResult
  const m = r.metrics
  const points = r.series as SeriesPoint[]
  return (
    <div className="suite-result">
      {m ? (
        <>
          <div className="stats">
            <Stat label="Throughput" value={rate(m.rps)} sub={`${num(m.requests)} requests`} />
            <Stat label="p50" value={ms(m.latencyMs.p50)} sub={`mean ${ms(m.latencyMs.mean)}`} />
            <Stat label="p95" value={ms(m.latencyMs.p95)} />
            <Stat label="p99" value={ms(m.latencyMs.p99)} sub={`max ${ms(m.latencyMs.max)}`} />
            <Stat
              label="Errors"
              value={pct(m.errorRate)}
              sub={`${num(m.errors)} errors · ${num(m.timeouts)} timeouts`}
              tone={m.errorRate > 0 ? 'bad' : 'good'}
            />
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
      {points.length ? (
        <div className="charts">
          {httpCharts.map((c) => (
            <SeriesChart key={c.id} spec={c} points={points} />
          ))}
        </div>
      ) : null}
      {r.sweep ? (
        <table className="table compact">
          <thead>
            <tr>
              <th>Load</th>
              <th>Throughput</th>
              <th>p50</th>
              <th>p95</th>
              <th>p99</th>
              <th>Errors</th>
              <th>Meets thresholds</th>
            </tr>
          </thead>
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
