import PDFDocument from 'pdfkit'
import type { Finding, MonitorResult, RunResult, Score, SuiteResult } from '@shared/index'
import { buildChart, type ChartSpec } from './charts'
import { rankFindings, severityLabel } from '../analysis/findings'
import { machineRows, monitorPage, suitePage } from './document'
import { describeTarget, fmtDate, fmtDuration, kindLabel, suiteTitle } from './format'
import { scoresOf } from './summary'
import {
  C,
  CONTENT_W,
  chartStack,
  ensure,
  font,
  footers,
  heading,
  keyNumberTable,
  keyValueTable,
  PAGE,
  pageTitle,
  para,
  table,
  type Doc,
} from './pdf-layout'
import { toWinAnsi } from './winansi'

/**
 * The PDF report: a cover (plan, targets, date, status, score with its items, findings), one
 * section per suite (key numbers, threshold checks, vector charts, findings), the environment.
 * What the report says; how it is laid out lives in pdf-layout.ts.
 */

const severityColor: Record<Finding['severity'], string> = {
  critical: '#b91c1c',
  warning: '#b45309',
  info: '#1d4ed8',
}
const statusColor = (s: string): string =>
  s === 'passed'
    ? C.pass
    : s === 'failed' || s === 'error'
      ? C.fail
      : s === 'running'
        ? C.accent
        : C.muted

export async function renderPdf(run: RunResult): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    info: {
      Title: toWinAnsi(`PerfDesk report: ${run.plan.name}`),
      Author: 'PerfDesk',
      Subject: toWinAnsi(`Run ${run.id}`),
      CreationDate: new Date(run.endedAt ?? run.startedAt),
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const scores = scoresOf(run)
  cover(doc, run, scores.run)
  run.suites.forEach((suite, i) => suiteSection(doc, run, suite, scores.suites[i]!))
  if (run.monitor) processSection(doc, run, run.monitor)
  environment(doc, run)
  footers(doc, `PerfDesk · ${run.plan.name} · run ${run.id}`)
  doc.end()
  return done
}

// ---- blocks ------------------------------------------------------------------------------

function scoreBlock(doc: Doc, score: Score, title: string): void {
  ensure(doc, 60)
  const y = doc.y
  font(doc, true, 22, scoreColor(score.value)).text(`${score.value}`, PAGE.margin, y, {
    width: 60,
    lineBreak: false,
  })
  font(doc, false, 9, C.muted).text('/ 100', PAGE.margin + 44, y + 10, { lineBreak: false })
  font(doc, true, 10).text(toWinAnsi(title), PAGE.margin + 90, y, { width: CONTENT_W - 90 })
  font(doc, false, 9, C.muted).text(toWinAnsi(score.basis), PAGE.margin + 90, doc.y + 1, {
    width: CONTENT_W - 90,
  })
  doc.y = Math.max(doc.y, y + 28) + 4
  doc.x = PAGE.margin
  if (score.items.length === 0) {
    para(doc, 'Nothing cost points.', 9, C.muted)
    return
  }
  table(
    doc,
    [{ width: 44, align: 'right' }, { width: 170 }, { width: CONTENT_W - 214 }],
    [
      { cells: ['points', 'what cost points', 'why'], bold: [true, true, true] },
      ...score.items.map((i) => ({ cells: [`${i.points}`, i.label, i.reason], colors: [C.fail] })),
      {
        cells: [
          `= ${score.value}`,
          `100 ${score.items.map((i) => `${i.points}`).join(' ')}`.replace(/ -/g, ' − '),
          '',
        ],
        bold: [true, false, false],
      },
    ],
    8.5,
  )
}

const scoreColor = (v: number): string => (v >= 90 ? C.pass : v >= 70 ? '#b45309' : C.fail)

// ---- sections ------------------------------------------------------------------------------

function cover(doc: Doc, run: RunResult, score: Score): void {
  font(doc, false, 10, C.muted).text('PerfDesk run report', PAGE.margin, PAGE.margin)
  doc.moveDown(0.3)
  font(doc, true, 24).text(toWinAnsi(run.plan.name), { width: CONTENT_W })
  if (run.plan.description) para(doc, run.plan.description, 10, C.muted)
  doc.moveDown(0.5)

  const y = doc.y
  font(doc, true, 12, statusColor(run.status)).text(run.status.toUpperCase(), PAGE.margin, y, {
    lineBreak: false,
  })
  font(doc, false, 10, C.muted).text(
    toWinAnsi(`${fmtDate(run.startedAt)} · ${fmtDuration(run.startedAt, run.endedAt)}`),
    PAGE.margin + 90,
    y + 1,
    { width: CONTENT_W - 90 },
  )
  doc.moveDown(0.8)

  const info: [string, string][] = [
    ['Run', run.id],
    ['Started', fmtDate(run.startedAt)],
    ['Ended', fmtDate(run.endedAt)],
    ['Status', run.status + (run.error ? ` (${run.error})` : '')],
  ]
  if (run.baseline) info.push(['Baseline', 'this run is the baseline of its plan'])
  if (run.importedAt) info.push(['Imported', fmtDate(run.importedAt)])
  keyValueTable(doc, info, 90)

  heading(doc, 'Targets', 12)
  table(
    doc,
    [{ width: CONTENT_W }],
    run.plan.targets.map((t) => ({ cells: [`${t.kind.toUpperCase()}  ${describeTarget(t)}`] })),
  )

  heading(doc, 'Suites', 12)
  const sc = scoresOf(run).suites
  table(
    doc,
    [{ width: 210 }, { width: 120 }, { width: 90 }, { width: CONTENT_W - 420, align: 'right' }],
    [
      { cells: ['suite', 'target', 'status', 'score'], bold: [true, true, true, true] },
      ...run.suites.map((s, i) => ({
        cells: [`${suiteTitle(s)} (${kindLabel[s.kind]})`, s.target, s.status, `${sc[i]!.value}`],
        colors: [undefined, undefined, statusColor(s.status), scoreColor(sc[i]!.value)],
      })),
    ],
  )

  heading(doc, 'Score', 12)
  scoreBlock(doc, score, 'Overall score')

  heading(doc, 'Findings', 12)
  findingsList(
    doc,
    rankFindings(run.findings.length ? run.findings : run.suites.flatMap((s) => s.findings)),
    run,
    false,
  )
}

function findingsList(doc: Doc, findings: Finding[], run: RunResult, full: boolean): void {
  if (findings.length === 0) {
    para(doc, 'No findings.', 9, C.muted)
    return
  }
  for (const f of findings) {
    ensure(doc, full ? 60 : 16)
    const y = doc.y + 2
    font(doc, true, 8, severityColor[f.severity]).text(severityLabel[f.severity], PAGE.margin, y, {
      width: 60,
      lineBreak: false,
    })
    const suite =
      f.suiteIndex !== undefined ? run.suites.find((s) => s.index === f.suiteIndex) : undefined
    font(doc, true, 9.5).text(toWinAnsi(f.title), PAGE.margin + 62, y - 1, {
      width: CONTENT_W - 62,
    })
    if (!full && suite)
      font(doc, false, 8, C.muted).text(
        toWinAnsi(`in ${suiteTitle(suite)}`),
        PAGE.margin + 62,
        doc.y,
        { width: CONTENT_W - 62 },
      )
    if (full) {
      font(doc, false, 9).text(toWinAnsi(f.detail), PAGE.margin + 62, doc.y + 1, {
        width: CONTENT_W - 62,
      })
      if (f.evidence.length) {
        const ev = f.evidence
          .map(
            (e) =>
              `${e.label}: ${e.value === null ? '—' : String(e.value)}${e.unit ? ` ${e.unit}` : ''}`,
          )
          .join(' · ')
        font(doc, false, 8.5, C.muted).text(
          toWinAnsi(`Evidence: ${ev}`),
          PAGE.margin + 62,
          doc.y + 1,
          { width: CONTENT_W - 62 },
        )
      }
      font(doc, true, 8.5, C.accent).text(
        toWinAnsi(`Recommendation: ${f.recommendation}`),
        PAGE.margin + 62,
        doc.y + 1,
        {
          width: CONTENT_W - 62,
        },
      )
    }
    doc.y += 4
    doc.x = PAGE.margin
  }
}

function suiteSection(doc: Doc, run: RunResult, suite: SuiteResult, score: Score): void {
  doc.addPage()
  const page = suitePage(run, suite)
  pageTitle(doc, page.kindLine, page.title)
  para(doc, `Target: ${page.target}`, 9.5, C.muted)
  para(
    doc,
    `Status: ${suite.status}${suite.error ? ` — ${suite.error}` : ''} · ${page.when}`,
    9.5,
    statusColor(suite.status),
  )

  const nums = page.nums
  heading(doc, 'Key numbers', 12)
  if (nums.length === 0) para(doc, 'No measurements.', 9, C.muted)
  else {
    keyNumberTable(doc, nums)
  }

  heading(doc, 'Threshold checks', 12)
  const checks = page.checks
  if (checks.length === 0) para(doc, 'No thresholds set for this suite.', 9, C.muted)
  else
    table(
      doc,
      [{ width: 230 }, { width: 165 }, { width: CONTENT_W - 395, align: 'center' }],
      [
        { cells: ['threshold', 'measured', 'result'], bold: [true, true, true] },
        ...checks.map((r) => ({
          cells: [r.rule, r.measured, r.verdict],
          colors: [undefined, undefined, r.verdict === 'PASS' ? C.pass : C.fail],
          bold: [false, false, true],
        })),
      ],
    )

  heading(doc, 'Score', 12)
  scoreBlock(doc, score, `Suite score`)

  chartsBlock(doc, page.charts)

  for (const t of page.tables) {
    heading(doc, t.title, 12)
    const weights = t.widths ?? t.columns.map(() => 1)
    const sum = weights.reduce((a, v) => a + v, 0)
    table(
      doc,
      t.columns.map((_, i) => ({
        width: (CONTENT_W * (weights[i] ?? 1)) / sum,
        align: t.numeric[i] ? ('right' as const) : ('left' as const),
      })),
      [
        { cells: t.columns, bold: t.columns.map(() => true) },
        ...t.rows.map((cells) => ({ cells })),
      ],
      8.5,
    )
  }

  heading(doc, 'Findings', 12)
  findingsList(doc, page.findings, run, true)
  if (suite.notes.length) {
    heading(doc, 'Notes', 12)
    suite.notes.forEach((n) => para(doc, `• ${n}`, 9))
  }
}

/** A "Charts" heading and the charts stacked below it; false when there are none. */
function chartsBlock(doc: Doc, specs: ChartSpec[]): boolean {
  if (!specs.length) return false
  const charts = specs.map((spec) => buildChart(spec, CONTENT_W, 175))
  // the heading goes to the next page with its first chart, not alone at the bottom
  ensure(doc, 12 + 40 + charts[0]!.height + 6)
  heading(doc, 'Charts', 12)
  chartStack(doc, charts)
  return true
}

/** The process monitored during the run: numbers, CPU and memory charts, findings, output. */
function processSection(doc: Doc, run: RunResult, m: MonitorResult): void {
  doc.addPage()
  const page = monitorPage(run, m)
  pageTitle(doc, 'Process monitor', page.title)
  para(doc, page.subtitle, 9.5, C.muted)
  if (m.exited) para(doc, 'The process ended during the run.', 9.5, C.fail, true)

  heading(doc, 'Key numbers', 12)
  keyNumberTable(doc, page.nums)

  if (!chartsBlock(doc, page.charts)) para(doc, 'No samples were taken.', 9, C.muted)

  heading(doc, 'Findings', 12)
  findingsList(doc, page.findings, run, true)
  if (m.outputTail) {
    heading(doc, 'Last output of the command', 12)
    const text = toWinAnsi(m.outputTail.split('\n').slice(-25).join('\n'))
    doc.font('Courier').fontSize(7.5).fillColor(C.text)
    ensure(doc, Math.min(200, doc.heightOfString(text, { width: CONTENT_W })))
    doc.text(text, PAGE.margin, doc.y, { width: CONTENT_W })
  }
  if (m.notes.length) {
    heading(doc, 'Notes', 12)
    m.notes.forEach((n) => para(doc, `• ${n}`, 9))
  }
}

function environment(doc: Doc, run: RunResult): void {
  doc.addPage()
  font(doc, true, 17).text('Environment', PAGE.margin, PAGE.margin)
  doc.moveDown(0.4)
  const e = run.environment
  const rows = machineRows(e)
  for (const [id, v] of Object.entries(e.servers)) {
    const t = run.plan.targets.find((x) => x.id === id)
    rows.push([`Server ${id}`, `${v}${t ? ` (${t.kind})` : ''}`])
  }
  keyValueTable(doc, rows, 120)
  if (Object.keys(e.servers).length === 0)
    para(doc, 'No server versions were learned during this run.', 9, C.muted)
}
