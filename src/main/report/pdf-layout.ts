import type { ChartModel } from './charts'
import { toWinAnsi } from './winansi'

/**
 * Layout primitives of the PDF report, knowing nothing of runs: the A4 page, fonts and colours,
 * headings, paragraphs, wrapped tables, key-value blocks, vector charts and page footers.
 * Text goes through WinAnsi because the built-in Helvetica has no other encoding.
 */

export type Doc = PDFKit.PDFDocument

export const PAGE = { w: 595.28, h: 841.89, margin: 48 }
export const CONTENT_W = PAGE.w - 2 * PAGE.margin
const BOTTOM = PAGE.h - PAGE.margin - 14
export const C = {
  text: '#111827',
  muted: '#6b7280',
  rule: '#d1d5db',
  grid: '#e5e7eb',
  pass: '#15803d',
  fail: '#b91c1c',
  accent: '#1d4ed8',
}

export function font(doc: Doc, bold: boolean, size: number, color = C.text): Doc {
  return doc
    .font(bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(size)
    .fillColor(color)
}

/** A new page unless `height` more points fit above the footer. */
export function ensure(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) doc.addPage()
}

export function heading(doc: Doc, text: string, size = 13): void {
  ensure(doc, size + 40)
  doc.moveDown(0.6)
  font(doc, true, size).text(toWinAnsi(text), PAGE.margin, doc.y, { width: CONTENT_W })
  const y = doc.y + 2
  rule(doc, y, 0.5, C.rule)
  doc.y = y + 6
}

/** A horizontal line across the content width at `y`. */
function rule(doc: Doc, y: number, width: number, color: string): void {
  doc
    .moveTo(PAGE.margin, y)
    .lineTo(PAGE.margin + CONTENT_W, y)
    .lineWidth(width)
    .strokeColor(color)
    .stroke()
}

export function para(doc: Doc, text: string, size = 9.5, color = C.text, bold = false): void {
  font(doc, bold, size, color)
  const t = toWinAnsi(text)
  ensure(doc, doc.heightOfString(t, { width: CONTENT_W }))
  doc.text(t, PAGE.margin, doc.y, { width: CONTENT_W })
}

/** A page's title block: a small muted kicker line above a large title. */
export function pageTitle(doc: Doc, kicker: string, title: string): void {
  font(doc, false, 9, C.muted).text(toWinAnsi(kicker), PAGE.margin, PAGE.margin)
  font(doc, true, 17).text(toWinAnsi(title), { width: CONTENT_W })
}

export interface Col {
  width: number
  align?: 'left' | 'right' | 'center'
}

export interface Row {
  cells: string[]
  colors?: (string | undefined)[]
  bold?: boolean[]
}

/** A simple table: one row at a time, wrapped cells, a page break between rows when needed. */
export function table(doc: Doc, cols: Col[], rows: Row[], size = 9): void {
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
    rule(doc, bottom, 0.3, C.grid)
    doc.y = bottom
  }
  doc.x = PAGE.margin
}

/** Key-value rows over the full width, the key in bold. */
export function keyValueTable(doc: Doc, rows: readonly [string, string][], keyWidth: number): void {
  table(
    doc,
    [{ width: keyWidth }, { width: CONTENT_W - keyWidth }],
    rows.map(([k, v]) => ({ cells: [k, v], bold: [true, false] })),
  )
}

/** Label/value pairs, two pairs to a row. */
export function keyNumberTable(doc: Doc, nums: readonly { label: string; text: string }[]): void {
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

/** Charts one below the other at the full content width, each kept on one page. */
export function chartStack(doc: Doc, models: readonly ChartModel[]): void {
  for (const model of models) {
    ensure(doc, model.height + 6)
    const y0 = doc.y
    drawChart(doc, model, PAGE.margin, y0)
    doc.y = y0 + model.height + 6
  }
}

/** One chart as vector paths: title, legend, grid, ticks, axes, lines clipped to the plot. */
export function drawChart(doc: Doc, m: ChartModel, x0: number, y0: number): void {
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
    const tw = m.xTickWidth ?? 40
    doc.text(toWinAnsi(t.label), x - tw / 2, py + plot.h + 5, {
      width: tw,
      align: 'center',
      lineBreak: false,
      ellipsis: true,
    })
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
    doc
      .path(line.path)
      .lineWidth(line.width ?? 1)
      .lineJoin(line.width ? 'miter' : 'round')
      .lineCap('butt')
      .strokeColor(line.color)
      .stroke()
  }
  doc.restore()
  doc.x = PAGE.margin
}

/** A footer line on every buffered page: `left` and "page i of n" on the right. */
export function footers(doc: Doc, left: string): void {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const oldBottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    font(doc, false, 7.5, C.muted).text(toWinAnsi(left), PAGE.margin, PAGE.h - PAGE.margin + 10, {
      width: CONTENT_W - 60,
      lineBreak: false,
    })
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
