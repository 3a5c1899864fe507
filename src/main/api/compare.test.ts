import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BaselineDeltasSchema, RunComparisonSchema, type RunResult } from '@shared/index'
import { openTestApi, type TestApi } from '../../../test/helpers/api-harness'
import { startServerProcess, type ProcessTestServer } from '../../../test/helpers/http-servers'
import { realHttpRun } from '../../../test/fixtures/real-http-run'
import type { HistoryStore } from '../store/types'
import type { Api } from './index'

/** What the serve WebSocket does to a value: JSON there and back. */
const overTheWire = (v: unknown): unknown => JSON.parse(JSON.stringify(v))

describe('runs.compare, runs.setBaseline and runs.baselineDeltas', () => {
  let fast: ProcessTestServer
  let slow: ProcessTestServer
  let harness: TestApi | undefined
  let store: HistoryStore
  let api: Api
  let a: RunResult
  let b: RunResult

  beforeAll(async () => {
    // servers in their own processes: on a busy machine an in-process server's timers queue
    // behind the load generator and blur the difference (5× apart, so that the 1000 % tolerance
    // below still covers it)
    fast = await startServerProcess({ delayMs: 5 })
    slow = await startServerProcess({ delayMs: 25 })
    // the same plan and target id against a server that got 20 ms slower
    // 6 s each: compare tests per-second samples, and a busy machine makes some seconds noisy
    a = await realHttpRun('run-a', fast.url, 6, 4)
    b = await realHttpRun('run-b', slow.url, 6, 4)
    harness = openTestApi('perfdesk-api-compare-')
    ;({ store, api } = harness)
    store.importRun(a)
    store.importRun(b)
  }, 60_000)
  afterAll(async () => {
    harness?.close()
    await fast?.close()
    await slow?.close()
  })

  it('compares two runs: the 20 ms slower one regresses in latency and throughput', async () => {
    const r = await api.respond('runs.compare', { a: 'run-a', b: 'run-b' })
    if (!r.ok) throw new Error(r.error.message)
    // what the browser receives still fits the shared schema
    const c = RunComparisonSchema.parse(overTheWire(r.value))
    expect(c.a.id).toBe('run-a')
    expect(c.b.id).toBe('run-b')
    expect(c.maxRegressionPct).toBe(10)
    expect(c.suites).toHaveLength(1)
    const metric = (key: string) => c.suites[0]!.metrics.find((m) => m.key === key)!
    const p50 = metric('p50Ms')
    expect(p50.a).toBeGreaterThanOrEqual(5 * 0.9)
    expect(p50.b).toBeGreaterThanOrEqual(25 * 0.9)
    expect(p50.delta).toBeCloseTo(p50.b! - p50.a!, 6)
    expect(p50.deltaPct).toBeCloseTo((p50.delta! / p50.a!) * 100, 6)
    expect(p50.test).not.toBeNull()
    expect(p50.verdict).toBe('regression')
    // 4 connections: ~4/5 ms vs ~4/25 ms worth of requests per second
    const rps = metric('rps')
    expect(rps.b!).toBeLessThan(rps.a! * 0.6)
    expect(rps.verdict).toBe('regression')
    expect(c.regression).toBe(true)
    expect(c.suites[0]!.regressions).toEqual(expect.arrayContaining(['rps', 'p50Ms']))

    // the other way round it is an improvement
    const back = await api.respond('runs.compare', { a: 'run-b', b: 'run-a' })
    if (!back.ok) throw new Error(back.error.message)
    const cb = RunComparisonSchema.parse(overTheWire(back.value))
    expect(cb.suites[0]!.metrics.find((m) => m.key === 'p50Ms')!.verdict).toBe('improvement')
    expect(cb.regression).toBe(false)
  })

  it('honours maxRegressionPct: a huge tolerance turns the regressions into "within tolerance"', async () => {
    const r = await api.respond('runs.compare', { a: 'run-a', b: 'run-b', maxRegressionPct: 1000 })
    if (!r.ok) throw new Error(r.error.message)
    const c = RunComparisonSchema.parse(overTheWire(r.value))
    expect(c.maxRegressionPct).toBe(1000)
    expect(c.suites[0]!.metrics.find((m) => m.key === 'p50Ms')!.verdict).toBe('within-tolerance')
  })

  it('answers bad compare input with clear errors', async () => {
    const same = await api.respond('runs.compare', { a: 'run-a', b: 'run-a' })
    expect(same).toMatchObject({ ok: false, error: { code: 'failed' } })
    const missing = await api.respond('runs.compare', { a: 'run-a', b: 'nope' })
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: 'no run with id "nope"' },
    })
    const bad = await api.respond('runs.compare', { a: 'run-a', b: 'run-b', maxRegressionPct: -5 })
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.error.code).toBe('invalid-input')
    expect(bad.error.problems[0]?.path).toBe('maxRegressionPct')
    expect(bad.error.message).not.toMatch(/\bat .*\.ts:\d+/)
  })

  it('marks a baseline, shows the deltas of the other run against it, and unmarks it', async () => {
    // nothing chosen: the earlier run of the same plan and target, labelled automatic
    const auto = await api.respond('runs.baselineDeltas', { runId: 'run-b' })
    if (!auto.ok) throw new Error(auto.error.message)
    expect(BaselineDeltasSchema.parse(overTheWire(auto.value))?.baseline).toMatchObject({
      runId: 'run-a',
      automatic: true,
    })
    // the first run has nothing before it
    expect(await api.respond('runs.baselineDeltas', { runId: 'run-a' })).toEqual({
      ok: true,
      value: null,
    })
    expect(await api.respond('runs.setBaseline', { runId: 'run-a', baseline: true })).toEqual({
      ok: true,
      value: { ok: true },
    })
    const baselines = () =>
      store
        .listRuns()
        .filter((r) => r.baseline)
        .map((r) => r.id)
    expect(baselines()).toEqual(['run-a'])

    const d = await api.respond('runs.baselineDeltas', { runId: 'run-b' })
    if (!d.ok) throw new Error(d.error.message)
    const deltas = BaselineDeltasSchema.parse(overTheWire(d.value))
    expect(deltas?.baselineId).toBe('run-a')
    expect(deltas?.baseline).toMatchObject({ runId: 'run-a', automatic: false })
    const scope = deltas!.baseline.scope
    expect(await api.respond('baselines.get', scope)).toMatchObject({
      ok: true,
      value: { runId: 'run-a', automatic: false, planName: a.plan.name },
    })
    expect(deltas?.comparison.a.id).toBe('run-a')
    expect(deltas?.comparison.b.id).toBe('run-b')
    expect(deltas?.comparison.regression).toBe(true)
    // the baseline itself has nothing to compare against
    expect(await api.respond('runs.baselineDeltas', { runId: 'run-a' })).toEqual({
      ok: true,
      value: null,
    })

    // one baseline per plan: marking B unmarks A
    await api.respond('runs.setBaseline', { runId: 'run-b', baseline: true })
    expect(baselines()).toEqual(['run-b'])
    await api.respond('runs.setBaseline', { runId: 'run-b', baseline: false })
    expect(baselines()).toEqual([])
    // cleared by plan and target
    await api.respond('runs.setBaseline', { runId: 'run-a', baseline: true })
    expect(await api.respond('baselines.clear', scope)).toEqual({ ok: true, value: { ok: true } })
    expect(baselines()).toEqual([])
    const bad2 = await api.respond('baselines.clear', { plan: '', target: 'api' })
    expect(bad2).toMatchObject({ ok: false, error: { code: 'invalid-input' } })

    expect(await api.respond('runs.setBaseline', { runId: 'nope', baseline: true })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
    const bad = await api.respond('runs.setBaseline', { runId: 'run-a' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })
})
