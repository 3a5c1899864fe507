import { describe, expect, it } from 'vitest'
import type { RunResult } from '@shared/index'
import { renderJunit, renderMarkdown } from './ci'
import { buildRunResult } from '../../../test/fixtures/run-result'

function count(s: string, re: RegExp): number {
  return (s.match(re) ?? []).length
}

describe('JUnit', () => {
  it('has one testcase per threshold check and a failure per failed check', () => {
    const run = buildRunResult({ realistic: true, withPostgres: true })
    const xml = renderJunit(run)
    const checks = run.suites.flatMap((s) => s.checks)
    const failed = checks.filter((c) => !c.pass)
    expect(failed.length).toBeGreaterThan(0)
    expect(count(xml, /<testcase /g)).toBe(checks.length)
    expect(count(xml, /<failure /g)).toBe(failed.length)
    expect(xml).toMatch(
      new RegExp(
        `<testsuites [^>]*tests="${checks.length}" failures="${failed.length}" errors="0"`,
      ),
    )
    expect(xml).toContain('name="p95 latency ≤ 25 ms"')
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true)
  })

  it('escapes XML and turns a suite error into an errored testcase', () => {
    const base = buildRunResult({ realistic: true })
    const run: RunResult = {
      ...base,
      plan: { ...base.plan, name: 'A & B <"quoted">' },
      suites: [
        {
          ...base.suites[0]!,
          status: 'error',
          error: 'connect ECONNREFUSED <127.0.0.1>',
          checks: [],
          metrics: null,
        },
      ],
    }
    const xml = renderJunit(run)
    expect(xml).toContain('A &amp; B &lt;&quot;quoted&quot;&gt;')
    expect(xml).not.toMatch(/<"quoted">/)
    expect(count(xml, /<error /g)).toBe(1)
    expect(xml).toContain('connect ECONNREFUSED &lt;127.0.0.1&gt;')
  })
})

describe('Markdown', () => {
  it('summarises the run for a PR comment', () => {
    const run = buildRunResult({ realistic: true, withPostgres: true })
    const md = renderMarkdown(run)
    expect(md).toMatch(/^### ❌ PerfDesk: Checkout API nightly — failed, score \d+\/100/)
    expect(md).toContain('| suite | target | status | score |')
    expect(md).toMatch(
      /\| 1\. HTTP load: GET \/items\?page=1 \(HTTP load\) \| api \| failed \| \d+ \| [\d,]+ req\/s \| [\d.]+ ms/,
    )
    expect(md).toMatch(
      /\| 2\. PostgreSQL: by id \(PostgreSQL\) \| db \| failed \| \d+ \| 2,550 tx\/s \| 1\.20 ms \| 3\.90 ms \| 6\.24 ms \| 0\.00 % \|/,
    )
    expect(md).toContain('| p95 latency ≤ 25 ms | 1 |')
    expect(md).toContain('❌ FAIL')
    expect(md).toContain('✅ PASS')
    for (const f of run.findings) expect(md).toContain(f.title)
  })
})
