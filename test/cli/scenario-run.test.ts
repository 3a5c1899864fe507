import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunResultSchema, type HttpLoadSuiteResult } from '@shared/index'
import {
  startRoutedServer,
  type RoutedServer,
} from '../../src/main/suites/http-load/scenario/testing/routed-server'
import { runCli } from './run-cli'

// The engine fills requests[] and the checks; the main thread judges per-request thresholds and
// writes the findings. This runs both through the CLI as a user would, against known routes.
let dir: string
let server: RoutedServer
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-scenario-run-'))
  server = await startRoutedServer({ '/fast': 2, '/slow': 40 })
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('perfdesk run with a scenario mix', () => {
  it('reports each endpoint, fails on one endpoint’s threshold, names the slow endpoint and the failed checks', async () => {
    const plan = {
      name: 'scenario mix',
      targets: [{ id: 'api', kind: 'http', baseUrl: server.url }],
      suites: [
        {
          kind: 'http-load',
          target: 'api',
          requests: [
            { name: 'fast', path: '/fast?n={{seq}}', weight: 3 },
            { name: 'slow', path: '/slow', weight: 1, thresholds: { p95Ms: 20 } },
            {
              name: 'flaky',
              path: '/flaky',
              weight: 1,
              checks: [{ bodyContains: '"ok":true' }],
            },
          ],
          connections: 6,
          durationSec: 3,
          thresholds: { errorRate: 0.01 },
        },
      ],
    }
    const file = join(dir, 'plan.json')
    const out = join(dir, 'result.json')
    writeFileSync(file, JSON.stringify(plan))
    const run = await runCli(['run', file, '--db', join(dir, 'h.db'), '--out', out])
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/) // no stack trace
    expect(run.code).toBe(1) // only the slow endpoint's own p95 limit fails

    const result = RunResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')))
    const suite = result.suites[0] as HttpLoadSuiteResult
    const byName = Object.fromEntries((suite.requests ?? []).map((r) => [r.name, r]))
    expect(Object.keys(byName)).toEqual(['fast', 'slow', 'flaky'])
    const fast = byName.fast!
    const slow = byName.slow!
    const flaky = byName.flaky!
    // a closed-model mix picks by weight on every connection: counts follow 3:1:1
    expect(fast.count / slow.count).toBeGreaterThan(2.7)
    expect(fast.count / slow.count).toBeLessThan(3.3)
    expect(flaky.count / slow.count).toBeGreaterThan(0.9)
    expect(flaky.count / slow.count).toBeLessThan(1.1)
    expect(fast.count + slow.count + flaky.count).toBe(suite.metrics!.requests)
    // the delays the server was told to use
    expect(slow.latencyMs.p50).toBeGreaterThanOrEqual(40)
    expect(fast.latencyMs.p50).toBeLessThan(slow.latencyMs.p50 / 3)
    // the flaky route answers wrong one time in five: a failed check, not an HTTP error
    expect(flaky.checksFailed / (flaky.checksPassed + flaky.checksFailed)).toBeGreaterThan(0.15)
    expect(flaky.checksFailed / (flaky.checksPassed + flaky.checksFailed)).toBeLessThan(0.25)
    expect(suite.metrics!.errors).toBe(0)
    expect(suite.metrics!.checks!.failed).toBe(flaky.checksFailed)

    const slowP95 = slow.thresholds!.find((t) => t.metric.endsWith('p95Ms'))!
    expect(slowP95.pass).toBe(false)
    expect(suite.status).toBe('failed')
    const ids = result.findings.map((f) => f.id)
    expect(ids).toContain('http.endpoint-tail')
    expect(result.findings.find((f) => f.id === 'http.endpoint-tail')!.title).toContain('slow')
    expect(ids).toContain('http.check-failures')
    // the terminal summary has the per-endpoint table
    for (const name of ['fast', 'slow', 'flaky']) expect(run.stdout).toContain(name)
  }, 60_000)
})
