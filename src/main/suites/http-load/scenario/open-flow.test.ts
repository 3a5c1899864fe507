import { describe, expect, it } from 'vitest'
import { HttpLoadConfigSchema } from '@shared/index'
import { maxConnectionsOf } from '../open-model/report'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { scenarioHarness } from './testing/harness'
import { loginFlow } from './testing/login-flow'

/**
 * Flows on the open model: each arrival of the schedule walks the steps on one connection.
 * The routed server binds its tokens to the connection that logged in, so zero unauthorised
 * answers show that a walk keeps its connection and its variables from step to step. Loose
 * bounds for a busy machine; the tight ones are in open-flow.timing.test.ts.
 */

const h = scenarioHarness()
const run = h.run

describe('flows on the arrival-rate model', () => {
  it('each arrival walks login → orders → orders on one connection, thinkMs not in latency', async () => {
    const server = await h.start()
    const rate = 50
    const seconds = 3
    const out = await run({
      scenario: 'flow',
      model: 'arrival-rate',
      rate,
      durationSec: seconds,
      requests: loginFlow([100, 100]),
    })
    expect(out.status).toBe('passed')
    const [login, orders, again] = out.requests!
    // walks started ≈ rate × duration (±10 %); every one of them ran to its end
    const started = login!.count + login!.errors
    expect(Math.abs(started - rate * seconds)).toBeLessThanOrEqual(0.1 * rate * seconds)
    expect(orders!.count).toBe(login!.count)
    expect(again!.count).toBe(login!.count)
    expect(out.requests!.every((r) => r.errors === 0)).toBe(true)
    // the walks kept their connection and token
    expect(server.unauthorised).toBe(0)
    expect(server.authorised).toBe(2 * login!.count)
    // suite totals count every step's request
    expect(out.metrics!.requests).toBe(3 * login!.count)
    expect(out.metrics!.checks).toEqual({ passed: login!.count + orders!.count, failed: 0 })
    // the 100 ms pauses before steps 2 and 3 are the user's, not the server's
    expect(orders!.latencyMs.p50).toBeLessThan(50)
    expect(again!.latencyMs.p50).toBeLessThan(50)
    expect(out.metrics!.latencyMs.p50).toBeLessThan(50)
    // the delivered rate counts walks started on schedule
    const delivered = out.checks.find((c) => c.metric === 'deliveredRps')!
    expect(delivered.unit).toBe('walks/s')
    expect(Math.abs(delivered.value! - rate)).toBeLessThanOrEqual(0.05 * rate)
    expect(out.metrics!.targetRps).toBeCloseTo(rate, 0)
    expect(out.notes?.join('\n')).toMatch(/previous answer plus its thinkMs/)
  })

  it.each([1, 2])(
    'one data row per walk over %i thread(s): each id reaches every step, once',
    async (threads) => {
      const server = await h.start()
      const dir = h.tempDir()
      const file = join(dir, 'ids.csv')
      writeFileSync(file, `id\n${Array.from({ length: 30 }, (_, i) => 500 + i).join('\n')}\n`)
      const out = await run({
        scenario: 'flow',
        model: 'arrival-rate',
        rate: 60,
        amount: 30,
        threads,
        data: { file },
        requests: [
          { path: '/a/{{id}}' },
          { path: '/b/{{id}}', thinkMs: 20 },
          { path: '/c/{{id}}' },
        ],
      })
      const ids = (prefix: string): string[] =>
        server.paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length))
      const expected = Array.from({ length: 30 }, (_, i) => String(500 + i))
      expect(ids('/a/').sort()).toEqual(expected)
      expect(ids('/b/').sort()).toEqual(expected)
      expect(ids('/c/').sort()).toEqual(expected)
      expect(out.metrics!.requests).toBe(90)
    },
  )

  it('a rate sweep: per-step results over all the sweep steps', async () => {
    const server = await h.start()
    const out = await run({
      scenario: 'flow',
      sweep: { rates: [20, 40] },
      durationSec: 1,
      requests: loginFlow([10, 10]),
    })
    expect(out.sweep!.steps.map((s) => s.rate)).toEqual([20, 40])
    const [login, orders, again] = out.requests!
    expect(login!.count).toBeGreaterThanOrEqual(50)
    expect(orders!.count).toBe(login!.count)
    expect(again!.count).toBe(login!.count)
    expect(out.metrics!.requests).toBe(3 * login!.count)
    expect(server.unauthorised).toBe(0)
  })

  it('a walk whose connection the server closes between steps goes on over a new one', async () => {
    await h.start()
    const out = await run({
      scenario: 'flow',
      model: 'arrival-rate',
      rate: 40,
      amount: 20,
      requests: [
        { path: '/a', headers: { Connection: 'close' } },
        { path: '/b', thinkMs: 5 },
      ],
    })
    const [a, b] = out.requests!
    expect(a!.count).toBe(20)
    expect(b!.count).toBe(20)
    expect(out.metrics!.errors).toBe(0)
  })

  it('a cancel stops walks in their pauses at once', async () => {
    await h.start()
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 1000)
    const started = performance.now()
    const out = await run(
      {
        scenario: 'flow',
        model: 'arrival-rate',
        rate: 20,
        durationSec: 30,
        requests: [{ path: '/a', thinkMs: 20_000 }, { path: '/b' }],
      },
      ac.signal,
    )
    expect(performance.now() - started).toBeLessThan(2500)
    expect(out.status).toBe('cancelled')
    expect(out.requests![0]!.count).toBeGreaterThan(10)
    expect(out.requests![1]!.count).toBe(0)
  })
})

describe('the connection pool of an open-model flow', () => {
  const limit = (config: Record<string, unknown>): number =>
    maxConnectionsOf(HttpLoadConfigSchema.parse({ kind: 'http-load', target: 't', ...config }))

  it('by default holds the peak rate for 100 ms per step plus the pauses of a walk', () => {
    const steps = [{ path: '/a', thinkMs: 1000 }, { path: '/b' }]
    expect(limit({ model: 'arrival-rate', rate: 500, scenario: 'flow', requests: steps })).toBe(600)
    // a mix: 100 ms at the peak rate, at least 100
    expect(limit({ model: 'arrival-rate', rate: 2000, requests: [{ path: '/' }] })).toBe(200)
    expect(limit({ model: 'arrival-rate', rate: 50, requests: [{ path: '/' }] })).toBe(100)
  })
})
