import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasPoppler } from '../../../test/helpers/poppler'
import type { RunResult } from '@shared/index'
import { fmtMs } from './format'
import { renderPdf } from './pdf'
import { checkRows } from './summary'
import { buildRunResult } from '../../../test/fixtures/run-result'
import { toWinAnsi } from './winansi'

let dir: string
let run: RunResult
let text: string
let pdfPath: string
let ms = 0

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-pdf-'))
  // a 10-minute run: 600 samples per series, two suites
  run = buildRunResult({ realistic: true, withPostgres: true, seconds: 600, samplesPerSecond: 50 })
  run.plan.targets[0] = {
    ...run.plan.targets[0]!,
    name: 'Items API – µs ≤ ≥ test',
  } as (typeof run.plan.targets)[0]
  const t0 = performance.now()
  const pdf = await renderPdf(run)
  ms = performance.now() - t0
  pdfPath = join(dir, 'run.pdf')
  writeFileSync(pdfPath, pdf)
  if (hasPoppler) text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!hasPoppler)('PDF report (pdftotext)', () => {
  it('renders a 10-minute run (benchmark figure, not a timing assertion)', () => {
    console.log(`renderPdf: ${ms.toFixed(0)} ms for 2 suites × 600 samples`)
    expect(ms).toBeGreaterThan(0)
  })

  it('has the plan name, the target and the run status on the cover', () => {
    expect(text).toContain('Checkout API nightly')
    expect(text).toContain('http://127.0.0.1:8080')
    expect(text).toContain('FAILED')
  })

  it('shows p95 and p99 with their values and units', () => {
    const m = run.suites[0]!.kind === 'http-load' ? run.suites[0]!.metrics! : null
    expect(m).not.toBeNull()
    expect(text).toMatch(new RegExp(`p95 latency\\s+${escapeRe(fmtMs(m!.latencyMs.p95))}`))
    expect(text).toMatch(new RegExp(`p99 latency\\s+${escapeRe(fmtMs(m!.latencyMs.p99))}`))
    expect(fmtMs(m!.latencyMs.p95)).toMatch(/ ms$/)
  })

  it('lists every threshold check with PASS or FAIL', () => {
    const rows = run.suites.flatMap(checkRows)
    expect(rows.length).toBeGreaterThan(4)
    expect(rows.some((r) => r.verdict === 'FAIL') && rows.some((r) => r.verdict === 'PASS')).toBe(
      true,
    )
    for (const r of rows) {
      // the checks table row: rule, measured value, verdict on one line
      const line = text
        .split('\n')
        .find((l) => l.includes(toWinAnsi(r.rule)) && /\b(PASS|FAIL)\b/.test(l))
      expect(line, r.rule).toBeDefined()
      expect(line).toContain(r.verdict)
      expect(line).toContain(r.measured)
    }
  })

  it('shows every finding title and the score with its items', () => {
    for (const f of run.findings) expect(text).toContain(f.title)
    expect(text).toContain('Overall score')
    expect(text).toMatch(/what cost points/)
  })

  it('shows the environment', () => {
    for (const s of [
      'PerfDesk',
      '0.1.0',
      'linux 6.1.0',
      'Intel(R) Xeon(R)',
      'v20.20.2',
      'PostgreSQL 15.10',
      'nginx/1.22.1',
    ])
      expect(text).toContain(s)
  })

  it('spells out characters Helvetica cannot show, keeps the ones it can', () => {
    expect(text).toContain('Items API – µs <= >= test')
  })

  it('draws chart axes with ticks and units', () => {
    expect(text).toContain('time (min)')
    expect(text).toMatch(/Latency p50 \/ p95 \/ p99/)
    expect(text).toContain('req/s')
    expect(text).toContain('tx/s')
  })

  it('converts to page images (pdftoppm)', () => {
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, join(dir, 'page')])
    const pages = readdirSync(dir).filter((f) => f.endsWith('.png'))
    expect(pages.length).toBeGreaterThanOrEqual(4)
  })
})

describe('winansi', () => {
  it('transliterates only what WinAnsi lacks', () => {
    expect(toWinAnsi('p95 ≤ 25 ms, ≥ 1 000 µs – ok → done ✓')).toBe(
      'p95 <= 25 ms, >= 1 000 µs – ok -> done OK',
    )
    expect(toWinAnsi('Łódź őr')).toBe('?ódz or')
    expect(toWinAnsi('café × 3 ± 1 · 2°')).toBe('café × 3 ± 1 · 2°')
  })
})

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
