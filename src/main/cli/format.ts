import type { LiveSample, RunResult, SuiteResult, ThresholdCheck } from '@shared/index'
import { monitorLine } from '../report/monitor'
import { keyNumbers } from '../report/summary'

const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })

export const int = (n: number): string => nf0.format(n)
export const ms = (n: number): string =>
  n < 10 ? `${n.toFixed(2)} ms` : n < 100 ? `${n.toFixed(1)} ms` : `${int(n)} ms`
export const pct = (f: number): string => `${(f * 100).toFixed(2)} %`

/** Pads each column to its widest cell. */
export function table(rows: string[][], indent = '  '): string {
  const widths: number[] = []
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)))
  return (
    rows
      .map(
        (r) =>
          indent +
          r
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
      )
      .join('\n') + '\n'
  )
}

/** The live progress line's numbers, whatever the suite kind. */
export function sampleText(s: LiveSample): string {
  const parts: string[] = []
  const n = (k: string): number | null => (typeof s[k] === 'number' ? (s[k] as number) : null)
  const rate = n('rps') ?? n('tps') ?? n('opsPerSec')
  const unit = n('rps') !== null ? 'req/s' : n('tps') !== null ? 'tx/s' : 'ops/s'
  if (rate !== null) parts.push(`${int(rate)} ${unit}`)
  for (const k of ['p50', 'p99']) {
    const v = n(k)
    if (v !== null) parts.push(`${k} ${ms(v)}`)
  }
  const e = n('errors')
  if (e !== null) parts.push(`${int(e)} err`)
  const late = n('late')
  if (late) parts.push(`${int(late)} late`)
  return parts.join(' · ')
}

export function bar(fraction: number, width = 20): string {
  const f = Math.max(0, Math.min(1, fraction))
  const full = Math.round(f * width)
  return '█'.repeat(full) + '░'.repeat(width - full)
}

function checkRow(c: ThresholdCheck): string[] {
  const v = c.value === null ? 'not measured' : formatValue(c.value, c.unit)
  return [c.pass ? 'PASS' : 'FAIL', c.label, `${v} ${c.op} ${formatValue(c.limit, c.unit)}`]
}

function formatValue(v: number, unit: string): string {
  if (unit === 'ms') return ms(v)
  if (unit === '%' || unit === 'ratio' || unit === 'fraction') return pct(v)
  return `${v >= 100 ? int(v) : nf1.format(v)} ${unit}`.trim()
}

/** Key numbers of a suite, as label/value pairs. */
export function suiteNumbers(s: SuiteResult): [string, string][] {
  if (s.kind === 'http-load' && s.metrics) {
    const m = s.metrics
    const rows: [string, string][] = [
      ['requests', int(m.requests)],
      ['throughput', `${int(m.rps)} req/s${m.targetRps ? ` (target ${int(m.targetRps)})` : ''}`],
      [
        'latency',
        `p50 ${ms(m.latencyMs.p50)} · p95 ${ms(m.latencyMs.p95)} · p99 ${ms(m.latencyMs.p99)} · max ${ms(m.latencyMs.max)}`,
      ],
      [
        'error rate',
        `${pct(m.errorRate)} (${int(m.statusCodes['5xx'])} 5xx · ${int(m.statusCodes['4xx'])} 4xx · ${int(m.errors)} socket errors · ${int(m.timeouts)} timeouts)`,
      ],
      ['apdex', m.apdex.toFixed(2)],
    ]
    if (m.late !== undefined || m.dropped !== undefined)
      rows.push(['late / dropped', `${int(m.late ?? 0)} / ${int(m.dropped ?? 0)}`])
    return rows
  }
  if (s.kind === 'http-cache') return keyNumbers(s).map((k) => [k.label, k.text])
  const m = s.metrics as Record<string, unknown> | null
  if (!m) return []
  return Object.entries(m)
    .filter(([, v]) => typeof v === 'number')
    .slice(0, 8)
    .map(([k, v]) => [k, Number.isInteger(v) ? int(v as number) : nf1.format(v as number)])
}

/** The summary printed at the end of `perfdesk run` and `perfdesk demo`. */
export function summary(run: RunResult, dbPath: string): string {
  let out = `\n${run.plan.name} — ${run.status.toUpperCase()}${run.score ? ` — score ${Math.round(run.score.value)}/100` : ''}\n`
  for (const s of run.suites) {
    out += `\n[${s.index + 1}] ${s.name} (${s.kind} → ${s.target}): ${s.status}${s.error ? ` — ${s.error}` : ''}\n`
    const nums = suiteNumbers(s)
    if (nums.length)
      out += table(
        nums.map(([k, v]) => [k, v]),
        '    ',
      )
    if (s.checks.length) out += '    thresholds:\n' + table(s.checks.map(checkRow), '      ')
    for (const note of s.notes) out += `    note: ${note}\n`
  }
  if (run.monitor) out += `\n${monitorLine(run.monitor)}\n`
  if (run.findings.length) {
    out += '\nfindings:\n'
    for (const f of run.findings.slice(0, 8)) {
      out += `  ${f.severity.toUpperCase().padEnd(8)} ${f.title}\n`
      if (f.recommendation) out += `           → ${f.recommendation}\n`
    }
    if (run.findings.length > 8)
      out += `  … and ${run.findings.length - 8} more (perfdesk export ${run.id} --json FILE)\n`
  }
  if (run.score && run.score.items.length) {
    out += `\nscore ${Math.round(run.score.value)}/100 (${run.score.basis}):\n`
    for (const it of run.score.items)
      out += `  ${it.points.toFixed(1).padStart(6)}  ${it.label} — ${it.reason}\n`
  }
  out += `\nrun ${run.id} saved in ${dbPath}\n`
  return out
}
