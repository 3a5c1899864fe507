import type { MonitorResult, RunResult } from '@shared/index'
import { palette, type ChartSpec } from './charts'
import { fmtNumber } from './format'
import type { KeyNumber } from './summary'

/** The process monitor in every report format: its numbers, its charts, its one-line summary. */

const MB = 1_000_000
const mb = (b: number | null): string =>
  b === null ? '—' : `${fmtNumber(b / MB, b < 10 * MB ? 1 : 0)} MB`
const pct = (v: number | null): string => (v === null ? '—' : `${fmtNumber(v, 0)} %`)

/** "Process 1234 · hello server": the pid, and the target's name when it has one. */
export function monitorTitle(m: MonitorResult, run?: RunResult): string {
  const t = run?.plan.targets.find((x) => x.id === m.target)
  return `Process ${m.pid}${t?.name ? ` · ${t.name}` : ''}`
}

/** The line under the title: what was monitored and how. */
export function monitorSubtitle(m: MonitorResult): string {
  const what = m.command ? `started by PerfDesk: ${m.command}` : `target "${m.target}" (pid given)`
  return `${what} · sampled once a second for the whole run`
}

/** "process 1234: CPU mean 43 % (max 97 %), RSS 120 → 135 MB, TCP established max 12 (time-wait max 3)" */
export function monitorLine(m: MonitorResult): string {
  const s = m.summary
  let line = `process ${m.pid}: `
  line +=
    s.cpuPctMean === null
      ? 'no samples'
      : `CPU mean ${pct(s.cpuPctMean)} (max ${pct(s.cpuPctMax)}), RSS ${mb(s.rssStartBytes).replace(' MB', '')} → ${mb(s.rssEndBytes)}`
  if (s.tcpEstablishedMax != null)
    line += `, TCP established max ${s.tcpEstablishedMax} (time-wait max ${s.tcpTimeWaitMax ?? 0})`
  if (m.exited) {
    const how =
      m.exited.signal !== null
        ? `killed by ${m.exited.signal}`
        : m.exited.code !== null
          ? `exited with code ${m.exited.code}`
          : 'exited'
    line += ` — ${how} at ${fmtNumber(m.exited.atSec, 1)} s`
  }
  return line
}

export function monitorKeyNumbers(m: MonitorResult): KeyNumber[] {
  const s = m.summary
  const last = m.samples[m.samples.length - 1]
  const first = m.samples[0]
  const out: KeyNumber[] = [
    { label: 'pid', text: String(m.pid) },
    { label: 'CPU mean', text: `${pct(s.cpuPctMean)} of one core` },
    { label: 'CPU max', text: `${pct(s.cpuPctMax)} of one core` },
    { label: 'RSS start → end', text: `${mb(s.rssStartBytes)} → ${mb(s.rssEndBytes)}` },
    { label: 'RSS max', text: mb(s.rssMaxBytes) },
    { label: 'samples', text: `${m.samples.length} (once a second)` },
  ]
  if (last?.threads !== undefined) out.push({ label: 'threads', text: String(last.threads) })
  if (first?.fds !== undefined && last?.fds !== undefined)
    out.push({ label: 'open files start → end', text: `${first.fds} → ${last.fds}` })
  if (s.tcpEstablishedEnd != null)
    out.push({
      label: 'TCP connections',
      text: `${s.tcpEstablishedEnd} established at the end (max ${s.tcpEstablishedMax ?? 0}), time-wait max ${s.tcpTimeWaitMax ?? 0}, listening ${s.tcpListening ?? 0}`,
    })
  out.push({
    label: 'process',
    text: m.exited
      ? `ended during the run at ${fmtNumber(m.exited.atSec, 1)} s (${m.exited.signal ?? (m.exited.code !== null ? `code ${m.exited.code}` : 'exit code unknown')})`
      : 'ran the whole run',
  })
  out.push({ label: 'read from', text: m.source === 'procfs' ? '/proc' : 'ps' })
  return out
}

export function monitorCharts(m: MonitorResult): ChartSpec[] {
  if (m.samples.length === 0) return []
  const xs = m.samples.map((s) => s.t)
  const specs: ChartSpec[] = [
    {
      id: 'process-cpu',
      title: 'Process CPU',
      unit: '% of one core',
      xs,
      series: [
        {
          key: 'cpuPct',
          label: 'CPU',
          color: palette.amber,
          values: m.samples.map((s) => s.cpuPct),
        },
      ],
    },
    {
      id: 'process-rss',
      title: 'Process memory (RSS)',
      unit: 'MB',
      xs,
      series: [
        {
          key: 'rss',
          label: 'RSS',
          color: palette.purple,
          values: m.samples.map((s) => Math.round((s.rssBytes / MB) * 10) / 10),
        },
      ],
    },
  ]
  if (m.samples.some((s) => s.fds !== undefined || s.threads !== undefined))
    specs.push({
      id: 'process-fds',
      title: 'Open files and threads',
      unit: 'count',
      xs,
      integer: true,
      series: [
        {
          key: 'fds',
          label: 'open files',
          color: palette.teal,
          values: m.samples.map((s) => s.fds ?? null),
        },
        {
          key: 'threads',
          label: 'threads',
          color: palette.grey,
          values: m.samples.map((s) => s.threads ?? null),
        },
      ],
    })
  if (m.samples.some((s) => s.tcpEstablished !== undefined))
    specs.push({
      id: 'process-tcp',
      title: 'TCP connections',
      unit: 'count',
      xs,
      integer: true,
      series: [
        {
          key: 'tcpEstablished',
          label: 'established',
          color: palette.blue,
          values: m.samples.map((s) => s.tcpEstablished ?? null),
        },
        {
          key: 'tcpTimeWait',
          label: 'time-wait',
          color: palette.orange,
          values: m.samples.map((s) => s.tcpTimeWait ?? null),
        },
        {
          key: 'tcpListening',
          label: 'listening',
          color: palette.grey,
          values: m.samples.map((s) => s.tcpListening ?? null),
        },
      ],
    })
  return specs
}
