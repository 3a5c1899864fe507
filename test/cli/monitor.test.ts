import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '@shared/index'
import { unusedPort } from '../helpers/http-servers'
import { runCli, writePlanFile } from './run-cli'

// End to end on the built CLI (npx electron-vite build): PerfDesk starts the server it loads as
// the plan's monitored `command`, samples it, and stops it when the run ends.

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-monitor-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A server that spends ~2 ms of CPU on each request, so that it is CPU-bound under load. */
function serverCommand(port: number): string {
  const js =
    `require('http').createServer((q, s) => { const end = Date.now() + 2; while (Date.now() < end) {} ` +
    `s.end('ok') }).listen(${port}, '127.0.0.1', () => console.log('listening on ${port}'))`
  return `${JSON.stringify(process.execPath)} -e ${JSON.stringify(js)}`
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('perfdesk run with a monitored command', () => {
  it('starts the server, monitors it under load, stores the samples and stops it', async () => {
    const port = await unusedPort()
    const plan = {
      name: 'monitored server',
      targets: [
        { id: 'api', kind: 'http', baseUrl: `http://127.0.0.1:${port}` },
        { id: 'server', kind: 'process', command: serverCommand(port) },
      ],
      suites: [
        {
          kind: 'http-load',
          target: 'api',
          requests: [{ method: 'GET', path: '/' }],
          connections: 8,
          durationSec: 4,
        },
      ],
      monitor: { process: 'server' },
    }
    const file = writePlanFile(dir, 'plan', plan)
    const db = join(dir, 'history.db')
    const out = join(dir, 'result.json')
    const html = join(dir, 'report.html')
    const r = await runCli(['run', file, '--db', db, '--out', out, '--html', html])
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const result = JSON.parse(readFileSync(out, 'utf8')) as RunResult
    const m = result.monitor!
    const suite = result.suites[0]!
    const rps = suite.kind === 'http-load' ? suite.metrics?.rps : undefined
    const load = m.samples.filter((s) => s.suiteIndex === 0)
    const loadCpu = load.reduce((a, s) => a + s.cpuPct, 0) / load.length
    console.log(
      `status ${result.status}; ${rps?.toFixed(0)} req/s; monitor pid ${m.pid}: ${m.samples.length} samples, ` +
        `CPU under load ${loadCpu.toFixed(0)} % (mean ${m.summary.cpuPctMean}, max ${m.summary.cpuPctMax}), ` +
        `RSS ${(m.summary.rssStartBytes! / 1e6).toFixed(1)} → ${(m.summary.rssEndBytes! / 1e6).toFixed(1)} MB; ` +
        `findings: ${result.findings.map((f) => f.id).join(', ')}; notes: ${m.notes.join(' | ')}`,
    )
    expect(result.status).toBe('passed')
    expect(suite.status).toBe('passed')
    // every request answered: the server was up before the load began
    if (suite.kind === 'http-load') expect(suite.metrics!.errors).toBe(0)
    expect(m.command).toContain('createServer')
    expect(m.samples.length).toBeGreaterThanOrEqual(4)
    expect(load.length).toBeGreaterThanOrEqual(3)
    // ~2 ms of CPU a request at 8 connections: the server is busy, and the monitor sees it
    // (how busy depends on what else runs on the cores: not a bound here)
    expect(loadCpu).toBeGreaterThan(0)
    expect(m.summary.cpuPctMax).toBeGreaterThan(0)
    expect(m.outputTail).toContain(`listening on ${port}`)
    expect(m.exited).toBeUndefined()
    // the server process is gone afterwards
    expect(alive(m.pid)).toBe(false)
    expect(r.stdout).toMatch(
      new RegExp(`process ${m.pid}: CPU mean \\d+ % \\(max \\d+ %\\), RSS [\\d.]+ → [\\d.]+ MB`),
    )
    // the history has the samples too
    const e = await runCli(['export', result.id, '--json', join(dir, 'exported.json'), '--db', db])
    expect(e.code).toBe(0)
    const exported = JSON.parse(readFileSync(join(dir, 'exported.json'), 'utf8')) as RunResult
    expect(exported.monitor).toEqual(m)
    expect(readFileSync(html, 'utf8')).toContain('data-chart="process-cpu"')
  })

  it('refuses a monitored pid that is not running: exit 2, naming targets[1].pid', async () => {
    const plan = {
      name: 'no such pid',
      targets: [
        { id: 'api', kind: 'http', baseUrl: 'http://127.0.0.1:9' },
        { id: 'server', kind: 'process', pid: 2 ** 22 + 777 },
      ],
      suites: [{ kind: 'http-load', target: 'api', requests: [{ path: '/' }], durationSec: 1 }],
      monitor: { process: 'server' },
    }
    const file = writePlanFile(dir, 'nopid', plan)
    const r = await runCli(['run', file, '--db', join(dir, 'nopid.db')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('targets[1].pid')
    expect(r.stderr).toMatch(/no process with pid \d+ is running/)
  })
})
