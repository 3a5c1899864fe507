import { describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HttpLoadConfigSchema } from '@shared/index'
import type { HttpLoadSuiteResult } from '@shared/index'
import { httpLoadSuite } from '../index'
import { scenarioHarness } from './testing/harness'
import { loginFlow } from './testing/login-flow'

/**
 * Scenarios against a server whose behaviour the test controls: known delays per route, a
 * route that answers wrong one time in five, a login that binds tokens to the connection.
 * Loose bounds here; the tight latency figures are in scenario.timing.test.ts.
 */

const h = scenarioHarness()
const run = h.run

type Requests = NonNullable<HttpLoadSuiteResult['requests']>

/** The same weighted mix in both models; the closed model also over two threads. */
export const WEIGHTED_MIX = [
  { name: 'fast', path: '/d5', weight: 1 },
  { name: 'mid', path: '/d20', weight: 2 },
  { name: 'slow', path: '/d40', weight: 3 },
]
export const DELAYS = { '/d5': 5, '/d20': 20, '/d40': 40 }

export function expectWeightedMix(requests: Requests | undefined, p50Slack: number): void {
  expect(requests?.map((r) => r.name)).toEqual(['fast', 'mid', 'slow'])
  const total = requests!.reduce((s, r) => s + r.count, 0)
  expect(total).toBeGreaterThan(150)
  for (const [i, r] of requests!.entries()) {
    const delay = [5, 20, 40][i]!
    // counts in the weight ratio, ±10 %
    expect(r.count / total).toBeGreaterThan(((i + 1) / 6) * 0.9)
    expect(r.count / total).toBeLessThan(((i + 1) / 6) * 1.1)
    // each endpoint's own latency: a timer never fires early; above only by the slack
    expect(r.latencyMs.p50).toBeGreaterThanOrEqual(delay * 0.95)
    expect(r.latencyMs.p50).toBeLessThanOrEqual(delay * (1 + p50Slack))
    expect(r.errors).toBe(0)
    expect(r.statusCodes['2xx']).toBe(r.count)
    expect(r.histogram).toBeTruthy()
  }
}

describe('weighted mix: per-request results', () => {
  it('closed model: counts follow the weights, each endpoint shows its own delay', async () => {
    await h.start(DELAYS)
    const out = await run({ requests: WEIGHTED_MIX, connections: 12, durationSec: 2 })
    expect(out.status).not.toBe('error')
    expectWeightedMix(out.requests, 1)
    expect(out.requests!.reduce((s, r) => s + r.count, 0)).toBe(out.metrics!.requests)
  })

  it('closed model over two threads: the parts merge to the same shares', async () => {
    await h.start(DELAYS)
    const out = await run({ requests: WEIGHTED_MIX, connections: 12, durationSec: 2, threads: 2 })
    expectWeightedMix(out.requests, 1)
    expect(out.requests!.reduce((s, r) => s + r.count, 0)).toBe(out.metrics!.requests)
  })

  it('open model: counts follow the weights, latency from the intended time per endpoint', async () => {
    await h.start(DELAYS)
    const out = await run({
      requests: WEIGHTED_MIX,
      model: 'arrival-rate',
      rate: 150,
      durationSec: 2,
    })
    expectWeightedMix(out.requests, 1)
  })
})

describe('sweeps', () => {
  it('per-request results cover all the steps together', async () => {
    await h.start()
    const out = await run({
      requests: [
        { path: '/a', weight: 3 },
        { path: '/b', checks: [{ status: [200] }] },
      ],
      sweep: { connections: [1, 4] },
      durationSec: 0.6,
    })
    const [a, b] = out.requests!
    expect(a!.count + b!.count).toBe(out.metrics!.requests)
    expect(a!.count / (a!.count + b!.count)).toBeCloseTo(0.75, 1)
    expect(b!.checksPassed).toBe(b!.count)
    expect(out.sweep!.steps).toHaveLength(2)
  })
})

describe('data rows', () => {
  const writeIds = (n: number): string => {
    const dir = h.tempDir()
    const file = join(dir, 'ids.csv')
    const rows = Array.from({ length: n }, (_, i) => `${1000 + i},"name, ${i}"`)
    writeFileSync(file, `id,name\n${rows.join('\n')}\n`)
    return file
  }

  it.each([1, 2])(
    'a CSV of 50 ids, sequential, amount 50 over %i thread(s): the server sees exactly those ids',
    async (threads) => {
      const server = await h.start()
      const file = writeIds(50)
      const out = await run({
        requests: [{ path: '/item/{{id}}?seq={{seq}}' }],
        data: { file },
        amount: 50,
        connections: 4,
        threads,
      })
      expect(out.metrics!.requests).toBe(50)
      const ids = server.paths.map((p) => /\/item\/(\d+)/.exec(p)![1]).sort()
      expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => String(1000 + i)))
      // {{seq}} unique across threads
      const seqs = new Set(server.paths.map((p) => /seq=(\d+)/.exec(p)![1]))
      expect(seqs.size).toBe(50)
    },
  )

  it('a flow takes one row per walk', async () => {
    const server = await h.start()
    const file = writeIds(20)
    await run({
      scenario: 'flow',
      requests: [{ path: '/a/{{id}}' }, { path: '/b/{{id}}' }],
      data: { file },
      amount: 40,
      connections: 2,
    })
    const a = server.paths.filter((p) => p.startsWith('/a/')).sort()
    const b = server.paths.filter((p) => p.startsWith('/b/')).sort()
    expect(a.map((p) => p.slice(3))).toEqual(b.map((p) => p.slice(3)))
    expect(new Set(a).size).toBe(20)
  })
})

describe('checks', () => {
  it.each([
    ['bodyContains', { bodyContains: '"ok":true' }],
    ['jsonPath', { jsonPath: '$.items[0].id', equals: 7 }],
  ])(
    'a route answering wrong one time in five: failed-check share 0.20 (%s), no HTTP errors',
    async (_, check) => {
      await h.start()
      const out = await run({
        requests: [{ path: '/flaky', checks: [{ status: [200] }, check] }],
        amount: 500,
        connections: 8,
        thresholds: { checkFailureRate: 0.5 },
      })
      const m = out.metrics!
      expect(m.errorRate).toBe(0)
      expect(m.checks).toEqual({ passed: 900, failed: 100 })
      // two checks per answer, one of which fails one time in five: 100 of 1000
      expect(m.checkFailureRate).toBeCloseTo(0.1, 5)
      expect(out.checks.find((c) => c.metric === 'checkFailureRate')).toMatchObject({
        pass: true,
        value: m.checkFailureRate,
      })
      expect(out.status).toBe('passed')
      const r = out.requests![0]!
      expect(r.checksFailed / r.count).toBeGreaterThan(0.17)
      expect(r.checksFailed / r.count).toBeLessThan(0.23)
    },
  )

  it('in the open model too; a checkFailureRate threshold it misses fails the suite', async () => {
    await h.start()
    const out = await run({
      requests: [{ path: '/flaky', checks: [{ bodyContains: '"ok":true' }] }],
      model: 'arrival-rate',
      rate: 200,
      durationSec: 1.5,
      thresholds: { checkFailureRate: 0.05 },
    })
    expect(out.status).toBe('failed')
    expect(out.checks.find((c) => c.metric === 'checkFailureRate')?.pass).toBe(false)
    const m = out.metrics!
    expect(m.errors + m.statusCodes['5xx']).toBe(0)
    expect(m.checkFailureRate).toBeGreaterThan(0.17)
    expect(m.checkFailureRate).toBeLessThan(0.23)
  })
})

describe('flows', () => {
  it('log in, extract the token, use it on every following step: zero unauthorised', async () => {
    const server = await h.start()
    const out = await run({
      scenario: 'flow',
      requests: loginFlow([0, 30]),
      connections: 4,
      durationSec: 1.5,
    })
    expect(server.unauthorised).toBe(0)
    expect(server.authorised).toBeGreaterThan(20)
    const [login, orders, again] = out.requests!
    expect(login!.count).toBeGreaterThan(5)
    // each user walks the steps in order: every step about as often as the others
    expect(Math.abs(orders!.count - login!.count)).toBeLessThanOrEqual(4)
    expect(Math.abs(again!.count - orders!.count)).toBeLessThanOrEqual(4)
    expect(out.metrics!.checks!.failed).toBe(0)
    // the 30 ms pause after "orders" is the user's, not the server's: not in the latency
    expect(again!.latencyMs.p50).toBeLessThan(25)
  })
})

describe('refused before the run', () => {
  const problems = (config: Record<string, unknown>) =>
    httpLoadSuite.validate!(
      HttpLoadConfigSchema.parse({ kind: 'http-load', target: 'srv', ...config }),
    )

  it('a variable defined nowhere, naming the request and field', () => {
    const p = problems({
      scenario: 'flow',
      requests: [
        { path: '/a/{{id}}' },
        { path: '/b', headers: { Authorization: 'Bearer {{token}}' } },
        { path: '/c', extract: { token: { json: '$.t' } } },
      ],
    })
    expect(p.map((x) => x.path)).toEqual(['requests[0].path', 'requests[1].headers.Authorization'])
    expect(p[1]!.message).toMatch(/\{\{token\}\} is defined nowhere.*no earlier step extracts it/)
  })

  it('an unreadable, empty or bad data file', () => {
    const dir = h.tempDir()
    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, 'id\n')
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'id,name\n1\n')
    const at = (file: string) =>
      problems({ requests: [{ path: '/{{id}}' }], data: { file } }).map(
        (x) => `${x.path}: ${x.message}`,
      )
    expect(at(join(dir, 'none.csv'))).toEqual([
      `data.file: cannot read ${join(dir, 'none.csv')}: no such file`,
    ])
    expect(at(empty)).toEqual([`data.file: ${empty} has no data rows`])
    expect(at(bad)[0]).toMatch(/^data\.file: record 2: 1 fields where the header has 2/)
  })

  it('scenario fields on autocannon, thinkMs in an arrival-rate mix, extract in a mix', () => {
    expect(
      problems({ engine: 'autocannon', requests: [{ path: '/', checks: [{ status: [200] }] }] }),
    ).toEqual([
      {
        path: 'requests[0].checks',
        message: expect.stringMatching(/use "engine": "native"/),
      },
    ])
    // a flow runs on the arrival-rate model too (each arrival walks the steps, pausing thinkMs)
    const flowOpen = { model: 'arrival-rate', rate: 10, requests: [{ path: '/', thinkMs: 50 }] }
    expect(problems({ scenario: 'flow', ...flowOpen })).toEqual([])
    expect(problems(flowOpen)).toEqual([
      { path: 'requests[0].thinkMs', message: expect.stringMatching(/add "scenario": "flow"/) },
    ])
    expect(problems({ requests: [{ path: '/', extract: { t: { json: '$.t' } } }] })[0]?.path).toBe(
      'requests[0].extract',
    )
  })
})
