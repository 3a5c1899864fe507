import { suiteCharts } from '@shared/index'
import type { LiveSample, RunResult, SuiteKind, SuiteResult, ThresholdCheck } from '@shared/index'
import { clientBoundMark } from '@shared/client-bound'
import { fmtMs, fmtNumber, fmtWithUnit } from '@shared/format'
import { monitorLine } from '../report/monitor'
import { briefTables } from '../report/summary'
import { cliNumbers } from '../suites/parts'

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

const RATE_UNITS = new Set(['req/s', 'tx/s', 'ops/s'])

/** The sample key and unit of a suite's throughput, from its chart descriptions. */
function rateOf(kind: string | undefined): { key: string; unit: string } | undefined {
  const charts = kind && Object.hasOwn(suiteCharts, kind) ? suiteCharts[kind as SuiteKind] : []
  const chart = charts.find((c) => RATE_UNITS.has(c.unit))
  const key = chart?.series[0]?.key
  return chart && key ? { key, unit: chart.unit } : undefined
}

/** The live progress line's numbers, whatever the suite kind. */
export function sampleText(s: LiveSample, kind?: string): string {
  const parts: string[] = []
  const n = (k: string): number | null => (typeof s[k] === 'number' ? (s[k] as number) : null)
  const known = rateOf(kind)
  // a kind this version does not know: the common names
  const loose = n('rps') !== null ? 'rps' : n('tps') !== null ? 'tps' : 'opsPerSec'
  const rate = n(known?.key ?? loose)
  if (rate !== null) parts.push(`${fmtNumber(rate)} ${known?.unit ?? '/s'}`)
  for (const k of ['p50', 'p99']) {
    const v = n(k)
    if (v !== null) parts.push(`${k} ${fmtMs(v)}`)
  }
  const e = n('errors')
  if (e !== null) parts.push(`${fmtNumber(e)} err`)
  const late = n('late')
  if (late) parts.push(`${fmtNumber(late)} late`)
  return parts.join(' · ')
}

export function bar(fraction: number, width = 20): string {
  const f = Math.max(0, Math.min(1, fraction))
  const full = Math.round(f * width)
  return '█'.repeat(full) + '░'.repeat(width - full)
}

function checkRow(c: ThresholdCheck): string[] {
  const v = fmtWithUnit(c.value, c.unit)
  return [c.pass ? 'PASS' : 'FAIL', c.label, `${v} ${c.op} ${fmtWithUnit(c.limit, c.unit)}`]
}

/** Key numbers of a suite, as label/value pairs (the suite's report parts). */
export function suiteNumbers(s: SuiteResult): [string, string][] {
  return cliNumbers(s).map((k) => [k.label, k.text])
}

/** The summary printed at the end of `perfdesk run` and `perfdesk demo`. */
export function summary(run: RunResult, dbPath: string): string {
  let out = `\n${run.plan.name} — ${run.status.toUpperCase()}${run.score ? ` — score ${Math.round(run.score.value)}/100` : ''}\n`
  for (const s of run.suites) {
    const mark = clientBoundMark(s)
    out += `\n[${s.index + 1}] ${s.name} (${s.kind} → ${s.target}): ${s.status}${mark ? ` · ${mark}` : ''}${s.error ? ` — ${s.error}` : ''}\n`
    const nums = suiteNumbers(s)
    if (nums.length)
      out += table(
        nums.map(([k, v]) => [k, v]),
        '    ',
      )
    for (const t of briefTables(s))
      out += `    ${t.title.toLowerCase()}:\n` + table([t.columns, ...t.rows], '      ')
    if (s.checks.length) out += '    thresholds:\n' + table(s.checks.map(checkRow), '      ')
    for (const note of s.notes) out += `    note: ${note}\n`
  }
  if (run.monitor) out += `\n${monitorLine(run.monitor)}\n`
  if (run.findings.length) {
    out += '\nfindings:\n'
    for (const f of run.findings.slice(0, 8)) {
      out += `  ${f.severity.toUpperCase().padEnd(8)} ${f.title}\n`
      // a fix of several statements keeps them one a line, under the arrow
      if (f.recommendation)
        out += `           → ${f.recommendation.replace(/\n/g, '\n             ')}\n`
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
