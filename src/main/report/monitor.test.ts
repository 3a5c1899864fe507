import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MonitorResult, MonitorSample, RunResult } from '@shared/index'
import { RunResultSchema } from '@shared/index'
import { summary as cliSummary } from '../cli/format'
import { finalizeRun } from '../engine/finalize'
import { monitorFindings, summarize } from '../monitor/analyze'
import { renderHtml } from './html'
import { monitorLine } from './monitor'
import { renderPdf } from './pdf'
import { buildRunResult } from '../../../test/fixtures/run-result'

/** A server that is CPU-bound under load and grows 1 MB a second, then crashes at 58 s. */
function monitorFixture(): MonitorResult {
  const samples: MonitorSample[] = []
  for (let t = 1; t <= 58; t++) {
    const load = t > 3 && t < 56
    samples.push({
      t,
      cpuPct: load ? 96 + (t % 3) : 2,
      rssBytes: 120_000_000 + t * 1_000_000,
      threads: 7,
      fds: 20 + (load ? 10 : 0),
      ...(load ? { suiteIndex: 0 } : {}),
    })
  }
  const exited = { code: 1, signal: null, atSec: 58.4 }
  return {
    target: 'srv',
    pid: 4242,
    command: 'node server.js',
    source: 'procfs',
    samples,
    summary: summarize(samples),
    exited,
    outputTail: 'listening on 8080\nError: out of widgets\n    at handler (server.js:12)',
    findings: monitorFindings({ pid: 4242, samples, exited, lastOutputLine: 'at handler' }),
    notes: ['pid 4242 was monitored.'],
  }
}

function runWithMonitor(): RunResult {
  const base = buildRunResult({ realistic: true })
  const run: RunResult = {
    ...base,
    plan: {
      ...base.plan,
      targets: [
        ...base.plan.targets,
        { id: 'srv', kind: 'process', name: 'items server', command: 'node server.js' },
      ],
      monitor: { process: 'srv' },
    },
    monitor: monitorFixture(),
  }
  return RunResultSchema.parse(finalizeRun(run))
}

describe('process monitor findings', () => {
  const m = monitorFixture()
  it('CPU saturation under load, memory growth and the exit, with their evidence', () => {
    const ids = m.findings.map((f) => f.id)
    expect(ids).toEqual(['process-exited', 'process-cpu-saturated', 'process-memory-growth'])
    const cpu = m.findings.find((f) => f.id === 'process-cpu-saturated')!
    expect(cpu.title).toMatch(/97 % of one core/)
    const mem = m.findings.find((f) => f.id === 'process-memory-growth')!
    expect(mem.evidence.find((e) => e.label === 'slope')?.value).toBeCloseTo(60, 0)
    expect(mem.severity).toBe('info') // 57 s: still below a minute
  })

  it('no fd finding for connections the load opens; one for descriptors that keep growing', () => {
    expect(m.findings.some((f) => f.id === 'process-fd-growth')).toBe(false)
    const leaking = m.samples.map((s) => ({ ...s, fds: 20 + s.t * 5 }))
    const f = monitorFindings({ pid: 1, samples: leaking })
    const fd = f.find((x) => x.id === 'process-fd-growth')!
    // judged under load after the ramp: t = 14 s (90 fds) to t = 55 s (295)
    expect(fd.title).toBe('Open file descriptors grew from 90 to 295 during the run')
    expect(fd.evidence).toContainEqual({ label: 'growth', value: 300, unit: 'per min' })
  })

  it('an idle, flat process has nothing to report', () => {
    const flat = m.samples.map((s) => ({ ...s, cpuPct: 3, rssBytes: 100_000_000 }))
    expect(monitorFindings({ pid: 1, samples: flat })).toEqual([])
  })

  it('are folded into the run findings, the exit first', () => {
    const run = runWithMonitor()
    expect(run.findings[0]!.id).toBe('process-exited')
    expect(run.findings.filter((f) => f.id.startsWith('process-'))).toHaveLength(3)
  })
})

describe('process monitor in the reports', () => {
  it('the CLI summary line', () => {
    const line = monitorLine(monitorFixture())
    expect(line).toBe(
      'process 4242: CPU mean 87 % (max 98 %), RSS 121 → 178 MB — exited with code 1 at 58.4 s',
    )
    expect(cliSummary(runWithMonitor(), '/tmp/h.db')).toContain(line)
  })

  it('HTML: a Process section with CPU and memory charts, findings and the output tail', () => {
    const html = renderHtml(runWithMonitor())
    expect(html).toContain('<section class="suite" id="process">')
    expect(html).toContain('<h2>Process 4242 · items server</h2>')
    expect(html).toContain('started by PerfDesk: node server.js')
    expect(html).toMatch(/<figure class="chart" data-chart="process-cpu">/)
    expect(html).toMatch(/<figure class="chart" data-chart="process-rss">/)
    expect(html).toContain('Error: out of widgets')
    expect(html).toContain('121 MB → 178 MB')
  })

  it('PDF: a Process page with the same numbers and charts', async () => {
    const pdf = await renderPdf(runWithMonitor())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    let hasPoppler = true
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    } catch {
      hasPoppler = false
    }
    if (!hasPoppler) return
    const dir = mkdtempSync(join(tmpdir(), 'perfdesk-mon-'))
    try {
      writeFileSync(join(dir, 'r.pdf'), pdf)
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], {
        encoding: 'utf8',
      })
      expect(text).toContain('Process monitor')
      expect(text).toContain('Process 4242 · items server')
      expect(text).toContain('started by PerfDesk: node server.js')
      expect(text).toContain('Process CPU')
      expect(text).toContain('Process memory (RSS)')
      expect(text).toMatch(/121 MB (→|->) 178 MB/)
      expect(text).toContain('Error: out of widgets')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
