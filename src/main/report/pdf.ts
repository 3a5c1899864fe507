import PDFDocument from 'pdfkit'
import type { Finding, MonitorResult, RunResult, Score, SuiteResult } from '@shared/index'
import { buildChart, chartsForSuite, type ChartModel } from './charts'
import { rankFindings, severityLabel } from '../analysis/findings'
import {
  describeTarget,
  fmtBytes,
  fmtDate,
  fmtDuration,
  kindLabel,
  suiteTitle,
  targetOf,
} from './format'
import { monitorCharts, monitorKeyNumbers, monitorSubtitle, monitorTitle } from './monitor'
import { checkRows, detailTables, keyNumbers, scoresOf } from './summary'
import { toWinAnsi } from './winansi'

/**
 * The PDF report: a cover (plan, targets, date, status, score with its items, findings), one
 * section per suite (key numbers, threshold checks, vector charts, findings), the environment.
 * Real text in Helvetica (WinAnsi), charts as vector paths from charts.ts.
 */

type Doc = PDFKit.PDFDocument

const PAGE = { w: 595.28, h: 841.89, margin: 48 }
const CONTENT_W = PAGE.w - 2 * PAGE.margin
const BOTTOM = PAGE.h - PAGE.margin - 14
const C = {
  text: '#111827',
  muted: '#6b7280',
  rule: '#d1d5db',
  grid: '#e5e7eb',
  pass: '#15803d',
  fail: '#b91c1c',
  accent: '#1d4ed8',
}
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
  footers(doc, run)
  doc.end()
  return done
}

// ---- text helpers -------------------------------------------------------------------------

function font(doc: Doc, bold: boolean, size: number, color = C.text): Doc {
  return doc
    .font(bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(size)
    .fillColor(color)
}

function ensure(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) doc.addPage()
}

function heading(doc: Doc, text: string, size = 13): void {
  ensure(doc, size + 40)
  doc.moveDown(0.6)
  font(doc, true, size).text(toWinAnsi(text), PAGE.margin, doc.y, { width: CONTENT_W })
  const y = doc.y + 2
  doc
    .moveTo(PAGE.margin, y)
    .lineTo(PAGE.margin + CONTENT_W, y)
    .lineWidth(0.5)
    .strokeColor(C.rule)
    .stroke()
  doc.y = y + 6
}

function para(doc: Doc, text: string, size = 9.5, color = C.text, bold = false): void {
  font(doc, bold, size, color)
  const t = toWinAnsi(text)
  ensure(doc, doc.heightOfString(t, { width: CONTENT_W }))
  doc.text(t, PAGE.margin, doc.y, { width: CONTENT_W })
}

interface Col {
  width: number
  align?: 'left' | 'right' | 'center'
}

/** A simple table: one row at a time, wrapped cells, a page break between rows when needed. */
function table(
  doc: Doc,
  cols: Col[],
  rows: { cells: string[]; colors?: (string | undefined)[]; bold?: boolean[] }[],
  size = 9,
): void {
  const pad = 3
  for (const row of rows) {
    const texts = row.cells.map(toWinAnsi)
    let h = 0
    texts.forEach((t, i) => {
      font(doc, row.bold?.[i] ?? false, size)
      h = Math.max(h, doc.heightOfString(t || ' ', { width: cols[i]!.width - 2 * pad }))
    })
    h += 2 * pad
    ensure(doc, h)
    const y = doc.y
    let x = PAGE.margin
    texts.forEach((t, i) => {
      const col = cols[i]!
      font(doc, row.bold?.[i] ?? false, size, row.colors?.[i] ?? C.text)
      doc.text(t, x + pad, y + pad, { width: col.width - 2 * pad, align: col.align ?? 'left' })
      x += col.width
    })
    const bottom = y + h
    doc
      .moveTo(PAGE.margin, bottom)
      .lineTo(PAGE.margin + CONTENT_W, bottom)
      .lineWidth(0.3)
      .strokeColor(C.grid)
      .stroke()
    doc.y = bottom
  }
  doc.x = PAGE.margin
}

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
  table(
    doc,
    [{ width: 90 }, { width: CONTENT_W - 90 }],
    info.map(([k, v]) => ({ cells: [k, v], bold: [true, false] })),
  )

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
  font(doc, false, 9, C.muted).text(
    toWinAnsi(`${kindLabel[suite.kind]} suite`),
    PAGE.margin,
    PAGE.margin,
  )
  font(doc, true, 17).text(toWinAnsi(suiteTitle(suite)), { width: CONTENT_W })
  const t = targetOf(run, suite)
  para(doc, `Target: ${t ? describeTarget(t) : suite.target}`, 9.5, C.muted)
  para(
    doc,
    `Status: ${suite.status}${suite.error ? ` — ${suite.error}` : ''} · ${fmtDate(suite.startedAt)} · ${fmtDuration(suite.startedAt, suite.endedAt)}`,
    9.5,
    statusColor(suite.status),
  )

  const nums = keyNumbers(suite)
  heading(doc, 'Key numbers', 12)
  if (nums.length === 0) para(doc, 'No measurements.', 9, C.muted)
  else {
    keyNumberTable(doc, nums)
  }

  heading(doc, 'Threshold checks', 12)
  const checks = checkRows(suite)
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

  const specs = chartsForSuite(suite)
  if (specs.length) {
    heading(doc, 'Charts', 12)
    for (const spec of specs) {
      const model = buildChart(spec, CONTENT_W, 175)
      ensure(doc, model.height + 6)
      const y0 = doc.y
      drawChart(doc, model, PAGE.margin, y0)
      doc.y = y0 + model.height + 6
    }
  }

  for (const t of detailTables(suite)) {
    heading(doc, t.title, 12)
    const w = CONTENT_W / t.columns.length
    table(
      doc,
      t.columns.map((_, i) => ({
        width: w,
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
  findingsList(doc, rankFindings(suite.findings), run, true)
  if (suite.notes.length) {
    heading(doc, 'Notes', 12)
    suite.notes.forEach((n) => para(doc, `• ${n}`, 9))
  }
}

/** The process monitored during the run: numbers, CPU and memory charts, findings, output. */
function processSection(doc: Doc, run: RunResult, m: MonitorResult): void {
  doc.addPage()
  font(doc, false, 9, C.muted).text('Process monitor', PAGE.margin, PAGE.margin)
  font(doc, true, 17).text(toWinAnsi(monitorTitle(m, run)), { width: CONTENT_W })
  para(doc, monitorSubtitle(m), 9.5, C.muted)
  if (m.exited) para(doc, 'The process ended during the run.', 9.5, C.fail, true)

  heading(doc, 'Key numbers', 12)
  keyNumberTable(doc, monitorKeyNumbers(m))

  const specs = monitorCharts(m)
  if (specs.length) {
    heading(doc, 'Charts', 12)
    for (const spec of specs) {
      const model = buildChart(spec, CONTENT_W, 175)
      ensure(doc, model.height + 6)
      const y0 = doc.y
      drawChart(doc, model, PAGE.margin, y0)
      doc.y = y0 + model.height + 6
    }
  } else para(doc, 'No samples were taken.', 9, C.muted)

  heading(doc, 'Findings', 12)
  findingsList(doc, rankFindings(m.findings), run, true)
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

function drawChart(doc: Doc, m: ChartModel, x0: number, y0: number): void {
  const { plot } = m
  const px = x0 + plot.x
  const py = y0 + plot.y
  font(doc, true, 9.5).text(toWinAnsi(m.title), x0, y0 + 2, { lineBreak: false })

  // legend, right-aligned on the title line
  let lx = x0 + m.width
  for (const line of [...m.lines].reverse()) {
    font(doc, false, 8)
    const w = doc.widthOfString(toWinAnsi(line.label))
    lx -= w
    doc.text(toWinAnsi(line.label), lx, y0 + 3, { lineBreak: false })
    lx -= 16
    doc
      .moveTo(lx, y0 + 7)
      .lineTo(lx + 12, y0 + 7)
      .lineWidth(2)
      .strokeColor(line.color)
      .stroke()
    lx -= 10
  }

  // grid and y ticks
  font(doc, false, 7.5, C.muted)
  for (const t of m.yTicks) {
    const y = y0 + t.pos
    doc
      .moveTo(px, y)
      .lineTo(px + plot.w, y)
      .lineWidth(0.4)
      .strokeColor(C.grid)
      .stroke()
    doc
      .moveTo(px - 3, y)
      .lineTo(px, y)
      .lineWidth(0.6)
      .strokeColor(C.muted)
      .stroke()
    doc.text(t.label, x0, y - 3.5, { width: plot.x - 6, align: 'right', lineBreak: false })
  }
  for (const t of m.xTicks) {
    const x = x0 + t.pos
    doc
      .moveTo(x, py + plot.h)
      .lineTo(x, py + plot.h + 3)
      .lineWidth(0.6)
      .strokeColor(C.muted)
      .stroke()
    doc.text(t.label, x - 20, py + plot.h + 5, { width: 40, align: 'center', lineBreak: false })
  }
  // axes
  doc
    .moveTo(px, py)
    .lineTo(px, py + plot.h)
    .lineTo(px + plot.w, py + plot.h)
    .lineWidth(0.8)
    .strokeColor(C.text)
    .stroke()
  // axis units
  font(doc, false, 7.5, C.text)
  doc.text(toWinAnsi(m.yLabel), x0, py - 11, {
    width: plot.x - 6,
    align: 'right',
    lineBreak: false,
  })
  doc.text(toWinAnsi(m.xLabel), px, py + plot.h + 16, {
    width: plot.w,
    align: 'center',
    lineBreak: false,
  })

  if (m.empty) {
    font(doc, false, 9, C.muted).text('no data', px, py + plot.h / 2 - 5, {
      width: plot.w,
      align: 'center',
      lineBreak: false,
    })
  }
  doc.save()
  doc.translate(x0, y0)
  doc.rect(plot.x, plot.y - 1, plot.w, plot.h + 2).clip()
  for (const line of m.lines) {
    if (!line.path) continue
    doc.path(line.path).lineWidth(1).lineJoin('round').strokeColor(line.color).stroke()
  }
  doc.restore()
  doc.x = PAGE.margin
}

function environment(doc: Doc, run: RunResult): void {
  doc.addPage()
  font(doc, true, 17).text('Environment', PAGE.margin, PAGE.margin)
  doc.moveDown(0.4)
  const e = run.environment
  const rows: [string, string][] = [
    ['PerfDesk', e.perfdeskVersion],
    ['Runtime', e.runtime],
    ['OS', `${e.os} (${e.arch})`],
    ['CPU', `${e.cpus} × ${e.cpuModel}`],
    ['Memory', fmtBytes(e.memoryBytes)],
    ['Node', e.node],
  ]
  for (const [id, v] of Object.entries(e.servers)) {
    const t = run.plan.targets.find((x) => x.id === id)
    rows.push([`Server ${id}`, `${v}${t ? ` (${t.kind})` : ''}`])
  }
  table(
    doc,
    [{ width: 120 }, { width: CONTENT_W - 120 }],
    rows.map(([k, v]) => ({ cells: [k, v], bold: [true, false] })),
  )
  if (Object.keys(e.servers).length === 0)
    para(doc, 'No server versions were learned during this run.', 9, C.muted)
}

function footers(doc: Doc, run: RunResult): void {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const oldBottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    font(doc, false, 7.5, C.muted).text(
      toWinAnsi(`PerfDesk · ${run.plan.name} · run ${run.id}`),
      PAGE.margin,
      PAGE.h - PAGE.margin + 10,
      { width: CONTENT_W - 60, lineBreak: false },
    )
    doc.text(
      `page ${i + 1} of ${range.count}`,
      PAGE.margin + CONTENT_W - 60,
      PAGE.h - PAGE.margin + 10,
      {
        width: 60,
        align: 'right',
        lineBreak: false,
      },
    )
    doc.page.margins.bottom = oldBottom
  }
}

/** Label/value pairs, two pairs to a row. */
function keyNumberTable(doc: Doc, nums: readonly { label: string; text: string }[]): void {
  const half = Math.ceil(nums.length / 2)
  const rows = []
  for (let i = 0; i < half; i++) {
    const a = nums[i]!
    const b = nums[i + half]
    rows.push({
      cells: [a.label, a.text, b?.label ?? '', b?.text ?? ''],
      bold: [false, true, false, true],
    })
  }
  const w = CONTENT_W / 2
  table(
    doc,
    [{ width: w * 0.42 }, { width: w * 0.58 }, { width: w * 0.42 }, { width: w * 0.58 }],
    rows,
  )
}
