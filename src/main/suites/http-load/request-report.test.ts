import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasPoppler } from '../../../../test/helpers/poppler'
import type { HttpLoadSuiteResult, RunResult } from '@shared/index'
import { summary } from '../../cli/format'
import { renderJunit, renderMarkdown } from '../../report/ci'
import { compareRuns, renderComparisonText } from '../../report/compare'
import { renderHtml } from '../../report/html'
import { renderPdf } from '../../report/pdf'
import { buildEndpointsRun } from '../../../../test/fixtures/suite-results'
import { buildRunResult } from '../../../../test/fixtures/run-result'

const run = buildEndpointsRun()

/** Each endpoint's name with its count and p95 as the reports print them (units in headers). */
const ROWS = [
  { name: 'GET /items?page={{page}}', count: '18,000' },
  { name: 'GET /orders/{{id}}', count: '9,000' },
  { name: 'add to cart', count: '3,000' },
]

describe('per-endpoint rows in every report', () => {
  it('Markdown: a per-endpoint table after the thresholds', () => {
    const md = renderMarkdown(run)
    expect(md).toContain('**Suite 1: Per endpoint**')
    for (const r of ROWS) expect(md).toMatch(new RegExp(`\\| ${esc(r.name)} \\| ${r.count} \\|`))
    expect(md).toMatch(/\| GET \/orders\/\{\{id\}\} \|[^\n]*\| FAIL 1\/2 \|/)
  })

  it('CLI summary: a compact per-endpoint table and the checks figure', () => {
    const text = summary(run, '/tmp/history.db')
    expect(text).toContain('per endpoint:')
    for (const r of ROWS) expect(text).toMatch(new RegExp(`${esc(r.name)}\\s+${r.count}\\s`))
    expect(text).toMatch(/checks\s+75 of 39,000 failed \(0\.19 %\)/)
  })

  it('JUnit: each per-request threshold is a test case, the failed one a failure', () => {
    const xml = renderJunit(run)
    expect(xml).toContain('name="GET /orders/{{id}} p95 latency ≤ 60 ms"')
    expect(xml).toMatch(/name="GET \/orders\/\{\{id\}\} p95 latency ≤ 60 ms" time="0">\s*<failure/)
    expect(xml).toMatch(/<testcase [^>]*name="add to cart error rate ≤ 2\.00 %" time="0"\/>/)
    expect(xml).toContain('tests="7" failures="1"')
  })

  it('HTML: the table and the bars per endpoint', () => {
    const html = renderHtml(run)
    expect(html).toContain('<h3>Per endpoint</h3>')
    for (const r of ROWS) expect(html).toContain(`<td>${r.name.replace(/&/g, '&amp;')}</td>`)
    expect(html).toContain('aria-label="Latency per endpoint (p50 / p95 / p99) (ms) by endpoint"')
    // one bar (one stroke) per endpoint and percentile
    const bars = /data-chart="s0-endpoints"[\s\S]*?<\/svg>/.exec(html)![0]
    expect(bars.match(/ M/g)?.length ?? 0).toBeGreaterThanOrEqual(6)
  })

  it('HTML and Markdown leave the table out for a single request without checks', () => {
    const single = buildRunResult()
    expect(renderHtml(single)).not.toContain('Per endpoint')
    expect(renderMarkdown(single)).not.toContain('Per endpoint')
  })

  it.skipIf(!hasPoppler)('PDF: the per-endpoint rows (pdftotext)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfdesk-endpoints-pdf-'))
    try {
      const path = join(dir, 'run.pdf')
      writeFileSync(path, await renderPdf(run))
      const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
      expect(text).toContain('Per endpoint')
      expect(text).toContain('Latency per endpoint (p50 / p95 / p99)')
      expect(text).toMatch(/GET \/orders\/\{\{id\}\}\s+GET\s+\/orders\/\{\{id\}\}\s+9,000\s+300/)
      expect(text).toMatch(/add to cart\s+POST\s+\/cart\s+3,000\s+100/)
      expect(text).toMatch(/checks\s+75 of 39,000 failed/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('compare per endpoint', () => {
  const suiteOf = (r: RunResult): HttpLoadSuiteResult => r.suites[0] as HttpLoadSuiteResult

  it('matches requests by name, whatever their order, and lists one-sided endpoints', () => {
    const b = buildEndpointsRun({ id: 'b', even: true, seed: 9 })
    // B lists its requests in another order and has no cart step
    const sb = suiteOf(b)
    sb.requests = [sb.requests![1]!, sb.requests![0]!]
    const c = compareRuns(run, b)
    const m = c.suites[0]!.metrics
    const orders = m.find((x) => x.key === 'requests[GET /orders/{{id}}].p95Ms')!
    expect(orders.a).toBe(suiteOf(run).requests![1]!.latencyMs.p95)
    expect(orders.b).toBe(sb.requests[0]!.latencyMs.p95)
    expect(orders.delta).toBeLessThan(0)
    const cart = m.find((x) => x.key === 'requests[add to cart].p95Ms')!
    expect(cart.label).toBe('add to cart p95 (only in A)')
    expect(cart.b).toBeNull()
    const text = renderComparisonText(c)
    expect(text).toMatch(/add to cart req\/s \(only in A\)\s+100 req\/s\s+not measured/)
  })

  it('adds no per-endpoint rows for single-request suites', () => {
    const c = compareRuns(buildRunResult({ id: 'a' }), buildRunResult({ id: 'b' }))
    expect(c.suites[0]!.metrics.some((x) => x.key.startsWith('requests['))).toBe(false)
  })
})

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
