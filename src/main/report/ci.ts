import type { RunResult, SuiteResult } from '@shared/index'
import { rankFindings, severityLabel } from '../analysis/findings'
import { suiteHeadline, suiteLabel } from '../suites/parts'
import { boundedText, CLIENT_BOUND, clientBoundNote, isClientBound } from '@shared/client-bound'
import { fmtDate, fmtDuration, fmtMs, fmtPercent, fmtRate, suiteTitle } from './format'
import { briefTables, checkRows, scoresOf } from './summary'

/**
 * JUnit XML for CI: one testsuite per suite, one testcase per threshold check, a failure for a
 * failed check. A suite that ended in error without checks gets one errored testcase, so that a
 * broken run never shows up green.
 */
export function renderJunit(run: RunResult): string {
  const suites = run.suites.map((s) => {
    const rows = checkRows(s)
    const seconds = suiteSeconds(s)
    const cases: string[] = rows.map((r) => {
      const name = xml(r.rule)
      const cls = xml(`${run.plan.name}.${s.name}`)
      if (r.verdict === 'PASS') return `    <testcase classname="${cls}" name="${name}" time="0"/>`
      const msg = xml(`${r.rule}: measured ${r.measured}`)
      return `    <testcase classname="${cls}" name="${name}" time="0">\n      <failure message="${msg}" type="threshold">${msg}</failure>\n    </testcase>`
    })
    let errors = 0
    if (
      s.status === 'error' ||
      (s.status !== 'passed' && s.status !== 'failed' && rows.length === 0)
    ) {
      errors = 1
      const msg = xml(s.error ?? `suite ended ${s.status}`)
      cases.push(
        `    <testcase classname="${xml(`${run.plan.name}.${s.name}`)}" name="suite completed" time="${seconds}">\n      <error message="${msg}" type="${xml(s.status)}">${msg}</error>\n    </testcase>`,
      )
    }
    const failures = rows.filter((r) => r.verdict === 'FAIL').length
    return `  <testsuite name="${xml(suiteTitle(s))}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds}" timestamp="${xml(s.startedAt)}">\n${junitGenerator(s, 'properties')}${cases.join('\n')}\n${junitGenerator(s, 'system-out')}  </testsuite>`
  })
  const tests = run.suites.reduce((n, s) => n + s.checks.length + (junitErrored(s) ? 1 : 0), 0)
  const failures = run.suites.reduce((n, s) => n + s.checks.filter((c) => !c.pass).length, 0)
  const errors = run.suites.filter(junitErrored).length
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(`PerfDesk: ${run.plan.name}`)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${runSeconds(run)}">\n${suites.join('\n')}\n</testsuites>\n`
}

/**
 * The generator's stats as testsuite properties, and a client-bound verdict in system-out, so
 * that a CI reader sees when a throughput was PerfDesk's limit rather than the server's.
 */
function junitGenerator(s: SuiteResult, part: 'properties' | 'system-out'): string {
  const g = s.generator
  if (!g) return ''
  if (part === 'system-out') {
    const note = clientBoundNote(s)
    return note ? `    <system-out>${xml(note)}</system-out>\n` : ''
  }
  const props: [string, string | number | boolean][] = [
    ['generator.clientBound', g.clientBound],
    ['generator.threads', g.threads],
    ['generator.busy', g.busy],
    ['generator.eventLoopDelayP99Ms', g.eventLoopDelayP99Ms],
    ['generator.cpuSec', g.cpuSec],
  ]
  if (g.opsPerCpuSec !== undefined && g.opsPerCpuSec !== null)
    props.push(['generator.opsPerCpuSec', g.opsPerCpuSec])
  if (g.reason) props.push(['generator.reason', g.reason])
  const lines = props.map(([k, v]) => `      <property name="${k}" value="${xml(String(v))}"/>`)
  return `    <properties>\n${lines.join('\n')}\n    </properties>\n`
}

function junitErrored(s: SuiteResult): boolean {
  return (
    s.status === 'error' ||
    (s.status !== 'passed' && s.status !== 'failed' && s.checks.length === 0)
  )
}

function suiteSeconds(s: SuiteResult): string {
  if (!s.endedAt) return '0'
  return Math.max(0, (Date.parse(s.endedAt) - Date.parse(s.startedAt)) / 1000).toFixed(3)
}

function runSeconds(run: RunResult): string {
  if (!run.endedAt) return '0'
  return Math.max(0, (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000).toFixed(3)
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g

function xml(s: string): string {
  return (
    s
      .replace(
        /[&<>"']/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
      )
      // control characters other than tab and newlines are not allowed in XML 1.0
      .replace(XML_INVALID, '')
  )
}

/** A summary for a pull-request comment: status, score, one row per suite, checks, findings. */
export function renderMarkdown(run: RunResult): string {
  const scores = scoresOf(run)
  const icon =
    run.status === 'passed' ? '✅' : run.status === 'failed' || run.status === 'error' ? '❌' : '⚠️'
  const lines: string[] = []
  lines.push(
    `### ${icon} PerfDesk: ${md(run.plan.name)} — ${run.status}, score ${scores.run.value}/100`,
  )
  lines.push('')
  lines.push(
    `Run \`${run.id}\` · ${fmtDate(run.startedAt)} · ${fmtDuration(run.startedAt, run.endedAt)}`,
  )
  lines.push('')
  lines.push('| suite | target | status | score | req/s · ops/s | p50 | p95 | p99 | errors |')
  lines.push('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  run.suites.forEach((s, i) => {
    const h = headlineNumbers(s)
    lines.push(
      `| ${md(suiteTitle(s))} (${suiteLabel(s.kind)}) | ${md(s.target)} | ${s.status} | ${scores.suites[i]!.value} | ${h.rate} | ${h.p50} | ${h.p95} | ${h.p99} | ${h.errors} |`,
    )
  })
  for (const s of run.suites) {
    const note = clientBoundNote(s)
    if (note) lines.push('', `> ⚠️ Suite ${s.index + 1} is ${md(note)}.`)
  }
  const checks = run.suites.flatMap((s) => checkRows(s).map((r) => ({ s, r })))
  if (checks.length) {
    lines.push('')
    lines.push('| threshold | suite | measured | result |')
    lines.push('| --- | --- | ---: | :---: |')
    for (const { s, r } of checks) {
      lines.push(
        `| ${md(r.rule)} | ${s.index + 1} | ${md(r.measured)} | ${r.verdict === 'PASS' ? '✅ PASS' : '❌ FAIL'} |`,
      )
    }
  }
  for (const s of run.suites) {
    for (const t of briefTables(s)) {
      lines.push('', `**Suite ${s.index + 1}: ${md(t.title)}**`, '')
      lines.push(`| ${t.columns.map(md).join(' | ')} |`)
      lines.push(`| ${t.numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`)
      for (const row of t.rows) lines.push(`| ${row.map(md).join(' | ')} |`)
    }
  }
  lines.push('')
  lines.push(`**Score ${scores.run.value}/100.** ${md(scores.run.basis)}`)
  for (const item of scores.run.items)
    lines.push(`- ${item.points} ${md(item.label)}: ${md(item.reason)}`)
  if (scores.run.items.length === 0) lines.push('- nothing cost points')
  const findings = rankFindings(
    run.findings.length ? run.findings : run.suites.flatMap((s) => s.findings),
  )
  if (findings.length) {
    lines.push('')
    lines.push('<details><summary>Findings</summary>')
    lines.push('')
    for (const f of findings)
      lines.push(`- **${severityLabel[f.severity]}** ${md(f.title)} — ${md(f.recommendation)}`)
    lines.push('')
    lines.push('</details>')
  }
  lines.push('')
  return lines.join('\n')
}

function headlineNumbers(s: SuiteResult): {
  rate: string
  p50: string
  p95: string
  p99: string
  errors: string
} {
  const h = suiteHeadline(s)
  const l = h?.latencyMs
  return {
    rate: h?.throughput
      ? `${boundedText(fmtRate(h.throughput.value, h.throughput.unit), s)}${isClientBound(s) ? ` · ${CLIENT_BOUND}` : ''}`
      : '—',
    p50: fmtMs(l?.p50),
    p95: fmtMs(l?.p95),
    p99: fmtMs(l?.p99),
    errors: fmtPercent(h?.errorRate),
  }
}

/** Markdown table cells: no pipes or newlines. */
function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}
