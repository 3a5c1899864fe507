import type { MonitorSample, RunResult } from '@shared/index'
import { num } from '../lib/format'
import type { ChartSpec, SeriesPoint } from '../suites/types'
import { SuiteFindings } from './Findings'
import { PALETTE } from './palette'
import { SeriesChart } from './SeriesChart'
import { Stat } from './ui'

type Monitor = NonNullable<RunResult['monitor']>

const MB = 1_000_000
const mb = (bytes: number | null): string =>
  bytes === null ? '–' : `${num(bytes / MB, bytes < 10 * MB ? 1 : 0)} MB`
const cpu = (v: number | null): string => (v === null ? '–' : `${num(v, 0)} %`)

// module-level: SeriesChart rebuilds its plot when the spec object changes
const cpuChart: ChartSpec = {
  id: 'process-cpu',
  title: 'Process CPU (% of one core)',
  format: (v) => `${num(v, 0)} %`,
  series: [{ key: 'cpuPct', label: 'CPU', color: PALETTE.amber }],
}
const rssChart: ChartSpec = {
  id: 'process-rss',
  title: 'Process memory (RSS)',
  format: (v) => `${num(v, v < 10 ? 1 : 0)} MB`,
  series: [
    {
      key: 'rssBytes',
      label: 'RSS',
      color: PALETTE.purple,
      value: (p) => (typeof p.rssBytes === 'number' ? p.rssBytes / MB : null),
    },
  ],
}
/** A chart of whole counts over time (descriptors, threads, sockets). */
const countChart = (id: string, title: string, series: ChartSpec['series']): ChartSpec => ({
  id,
  title,
  format: (v) => num(v, 0),
  series,
})
const countsChart = countChart('process-fds', 'Open files and threads', [
  { key: 'fds', label: 'open files', color: PALETTE.teal },
  { key: 'threads', label: 'threads', color: PALETTE.grey },
])
const tcpChart = countChart('process-tcp', 'TCP connections', [
  { key: 'tcpEstablished', label: 'established', color: PALETTE.blue },
  { key: 'tcpTimeWait', label: 'time-wait', color: PALETTE.amber },
  { key: 'tcpListening', label: 'listening', color: PALETTE.grey },
])

/** The CPU, memory and descriptor charts of a monitored process (live samples work too). */
export function ProcessMonitorCharts({ samples }: { samples: readonly MonitorSample[] }) {
  const points = samples as readonly SeriesPoint[]
  const counts = samples.some((s) => s.fds !== undefined || s.threads !== undefined)
  const tcp = samples.some((s) => s.tcpEstablished !== undefined)
  return (
    <div className="charts">
      <SeriesChart spec={cpuChart} points={points} />
      <SeriesChart spec={rssChart} points={points} />
      {counts ? <SeriesChart spec={countsChart} points={points} /> : null}
      {tcp ? <SeriesChart spec={tcpChart} points={points} /> : null}
    </div>
  )
}

function exitText(e: NonNullable<Monitor['exited']>): string {
  const how =
    e.signal !== null ? `killed by ${e.signal}` : e.code !== null ? `exit code ${e.code}` : 'exited'
  return `${how} at ${num(e.atSec, 1)} s`
}

/** The process monitored during a run (plan.monitor): its numbers, charts, findings and output. */
export function ProcessMonitorView({ monitor }: { monitor: Monitor }) {
  const s = monitor.summary
  const first = monitor.samples[0]
  const last = monitor.samples[monitor.samples.length - 1]
  const fds = first?.fds !== undefined && last?.fds !== undefined ? [first.fds, last.fds] : null
  return (
    <div className="suite-result process-monitor" data-testid="process-monitor">
      <p className="muted">
        pid {monitor.pid}
        {monitor.command ? (
          <>
            {' '}
            · started by PerfDesk: <code>{monitor.command}</code>
          </>
        ) : null}{' '}
        · sampled once a second from {monitor.source === 'procfs' ? '/proc' : 'ps'}
      </p>
      <div className="stats">
        <Stat
          label="CPU mean"
          value={cpu(s.cpuPctMean)}
          sub={`max ${cpu(s.cpuPctMax)} · 100 % = one core`}
          tone={(s.cpuPctMean ?? 0) >= 90 ? 'warn' : undefined}
        />
        <Stat label="RSS start" value={mb(s.rssStartBytes)} />
        <Stat
          label="RSS end"
          value={mb(s.rssEndBytes)}
          sub={`max ${mb(s.rssMaxBytes)}`}
          tone={
            s.rssStartBytes && s.rssEndBytes && s.rssEndBytes > s.rssStartBytes * 1.1
              ? 'warn'
              : undefined
          }
        />
        {last?.threads !== undefined ? <Stat label="Threads" value={num(last.threads)} /> : null}
        {fds ? <Stat label="Open files" value={num(fds[1])} sub={`${fds[0]} at start`} /> : null}
        {s.tcpEstablishedEnd != null ? (
          <Stat
            label="TCP established"
            value={num(s.tcpEstablishedEnd)}
            sub={`max ${num(s.tcpEstablishedMax ?? 0)} · time-wait max ${num(s.tcpTimeWaitMax ?? 0)} · listening ${num(s.tcpListening ?? 0)}`}
          />
        ) : null}
        <Stat
          label="Process"
          value={monitor.exited ? 'ended' : 'ran throughout'}
          sub={monitor.exited ? exitText(monitor.exited) : undefined}
          tone={monitor.exited ? 'bad' : 'good'}
        />
      </div>
      {monitor.samples.length ? (
        <ProcessMonitorCharts samples={monitor.samples} />
      ) : (
        <p className="muted">No samples were taken.</p>
      )}
      <SuiteFindings findings={monitor.findings} testId="process-findings" />
      {monitor.outputTail ? (
        <details>
          <summary>Last output of the command</summary>
          <pre className="raw">{monitor.outputTail}</pre>
        </details>
      ) : null}
      {monitor.notes.length ? (
        <ul className="notes">
          {monitor.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
