import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasPoppler } from '../helpers/poppler'
import { RunResultSchema, type RunResult } from '@shared/index'
import { summary } from '../../src/main/cli/format'
import { renderHtml, renderJunit, renderMarkdown, renderPdf } from '../../src/main/report'
import { runHeadline } from '../../src/main/store/headline'
import { buildRunResult } from '../fixtures/run-result'
import { buildRedisSuiteResult, clientBound, clientBoundGenerator } from '../fixtures/suite-results'

/**
 * A result whose generator was the limit is marked wherever its headline numbers are shown,
 * whatever the suite: the marks are driven by `generator` alone.
 */

const REASON = clientBoundGenerator.reason!

function runWith(bound: boolean): RunResult {
  const base = buildRunResult({ id: bound ? 'bound' : 'free', rps: 52_300, seconds: 5 })
  const http = base.suites[0]!
  const redis = buildRedisSuiteResult({ index: 1, opsPerSec: 81_234 })
  const free = { ...clientBoundGenerator, clientBound: false, busy: 0.4, reason: 'busy 40 %' }
  return RunResultSchema.parse({
    ...base,
    plan: {
      ...base.plan,
      targets: [...base.plan.targets, { id: 'cache', kind: 'redis', url: 'redis://127.0.0.1' }],
    },
    suites: [bound ? clientBound(http) : { ...http, generator: free }, redis],
  })
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-bound-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('client-bound marks', () => {
  const bound = runWith(true)
  const free = runWith(false)
  const rps = bound.suites[0]!.kind === 'http-load' ? bound.suites[0]!.metrics!.rps : 0
  const rpsText = Math.round(rps).toLocaleString('en-US')

  it('the CLI summary marks the throughput and prints the generator stats', () => {
    const out = summary(bound, '/tmp/h.db')
    expect(out).toContain(`≥ ${rpsText} req/s · client-bound`)
    expect(out).toContain(REASON)
    expect(out).toMatch(/generator\s+1 thread · busiest 99 % busy · loop delay p99 12.5 ms/)
    expect(out).toContain('51,000 ops per CPU-s')
    expect(out).toMatch(/\[1\] .*: passed · client-bound/)
    // the redis suite carries no generator: no mark on its line
    expect(out).not.toMatch(/\[2\] .*client-bound/)
    const plain = summary(free, '/tmp/h.db')
    expect(plain).not.toContain('≥')
    expect(plain).toContain('not client-bound')
  })

  it('HTML: the key number is a lower bound, the generator table is in the detail', () => {
    const html = renderHtml(bound)
    expect(html).toContain(`≥ ${rpsText} req/s · client-bound`)
    expect(html).toContain(REASON)
    expect(html).toContain('Generator (PerfDesk&#39;s own load side)')
    expect(html).toContain('operations per CPU-second')
    const plain = renderHtml(free)
    expect(plain).not.toContain('≥ ')
    expect(plain).toContain('Generator (PerfDesk&#39;s own load side)')
  })

  it('Markdown and JUnit say it too', () => {
    const md = renderMarkdown(bound)
    expect(md).toContain(`≥ ${rpsText} req/s · client-bound`)
    expect(md).toContain(`Suite 1 is client-bound: ${REASON}`)
    expect(renderMarkdown(free)).not.toContain('client-bound:')
    const xml = renderJunit(bound)
    expect(xml).toContain('<property name="generator.clientBound" value="true"/>')
    expect(xml).toContain('<property name="generator.threads" value="1"/>')
    expect(xml).toMatch(/<system-out>client-bound: a generator thread was busy 99 %/)
    expect(renderJunit(free)).toContain('<property name="generator.clientBound" value="false"/>')
    expect(renderJunit(free)).not.toContain('<system-out>')
  })

  it('the history headline marks it', () => {
    expect(runHeadline(bound.suites)).toMatch(
      /^≥ [\d,]+ req\/s · p95 .* · client-bound \(\+1 more suite\)$/,
    )
    expect(runHeadline(free.suites)).not.toContain('client-bound')
  })

  it.skipIf(!hasPoppler)('PDF: the text carries the mark and the generator table', async () => {
    const path = join(dir, 'bound.pdf')
    writeFileSync(path, await renderPdf(bound))
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
    // the PDF's standard fonts write ≥ as >=
    expect(text).toContain(`>= ${rpsText} req/s · client-bound`)
    expect(text).toContain("Generator (PerfDesk's own load side)")
    expect(text).toMatch(/busiest thread busy\s+99 %/)
    expect(text).toContain('client-bound: a generator thread was busy 99 %')
  })
})
