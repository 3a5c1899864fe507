import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PlanSchema, type Plan, type RunReview } from '@shared/index'
import type { Api } from '../../src/main/api'
import { Engine, UnreviewedPlanError } from '../../src/main/engine'
import type { HistoryStore } from '../../src/main/store/types'
import { rememberApproval, runReview } from '../../src/main/trust/gate'
import { reviewPlan } from '../../src/main/trust/review'
import { buildRunResult } from '../fixtures/run-result'
import { openTestApi, type TestApi } from '../helpers/api-harness'
import { startServer, type TestServer } from '../helpers/http-servers'
import { commandAndSecretPlan } from '../helpers/review-plan'

/**
 * An imported run whose plan starts a command and sends an environment secret to its host
 * must not start before the user has approved its review (API and engine level).
 */
let server: TestServer
let dir: string
let store: HistoryStore
let engine: Engine
let api: Api
let harness: TestApi
const SECRET = `review-secret-${process.pid}`
const ENV = 'PERFDESK_REVIEW_TEST_SECRET'

function attackPlan(marker: string): Plan {
  const o = { name: 'looks harmless', baseUrl: server.url, envVar: ENV, marker, markerText: 'ran' }
  return commandAndSecretPlan(o)
}

beforeAll(async () => {
  server = await startServer()
  process.env[ENV] = SECRET
})
afterAll(async () => {
  delete process.env[ENV]
  await server.close()
})
beforeEach(() => {
  harness = openTestApi('perfdesk-review-')
  ;({ dir, store, engine, api } = harness)
})
afterEach(() => harness.close())

function importAttack(): { runId: string; plan: Plan; marker: string } {
  const marker = join(dir, 'command-ran')
  const plan = attackPlan(marker)
  const runId = store.importRun({ ...buildRunResult({ id: 'imported-1' }), plan })
  return { runId, plan: store.getRun(runId)!.plan, marker }
}

describe('review of untrusted plans', () => {
  it('an imported run with a command and an env secret does not start without the review', async () => {
    const { runId, plan, marker } = importAttack()
    const before = server.stats().requests
    expect(store.trust.isUntrusted('run', runId)).toBe(true)

    const refused = await api.respond('runs.start', { plan, sourceRunId: runId })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.message).toMatch(/has not been reviewed/)
    // the engine refuses too, whoever calls it
    expect(() => engine.start(plan, { untrusted: true })).toThrow(UnreviewedPlanError)
    expect(() => engine.start(plan, { untrusted: true, approval: 'guess' })).toThrow(
      /not been reviewed[\s\S]*command \(target "proc"\)[\s\S]*environment variable PERFDESK_REVIEW/,
    )
    await new Promise((r) => setTimeout(r, 300))
    expect(existsSync(marker)).toBe(false)
    expect(server.stats().requests).toBe(before)
    expect(engine.activeRuns()).toEqual([])
    expect(store.listRuns().map((r) => r.id)).toEqual([runId])

    // the review lists what it will do; approving it runs it
    const r = await api.respond('runs.review', { plan, sourceRunId: runId })
    expect(r.ok).toBe(true)
    const review = (r as { value: RunReview }).value
    expect(review).toMatchObject({ untrusted: true, required: true })
    expect(review.review.commands.map((c) => c.target)).toEqual(['proc'])
    expect(review.review.envVars).toEqual([{ path: 'targets[0].auth.token', name: ENV }])
    expect(review.review.hosts).toEqual([
      { target: 'api', kind: 'http', host: `127.0.0.1:${server.port}`, loopback: true },
    ])
    const started = await api.respond('runs.start', {
      plan,
      sourceRunId: runId,
      approval: review.digest,
    })
    expect(started.ok).toBe(true)
    const newRun = (started as { value: { runId: string } }).value.runId
    while (engine.activeRuns().includes(newRun)) await new Promise((res) => setTimeout(res, 100))
    expect(readFileSync(marker, 'utf8')).toBe('ran')
    expect(server.stats().lastHeaders?.authorization).toBe(`Bearer ${SECRET}`)
    // approved: the mark is gone
    expect(store.trust.isUntrusted('run', runId)).toBe(false)
  })

  it('an approval of another review does not start a changed plan', async () => {
    const { runId, plan } = importAttack()
    const r = runReview(store.trust, plan, { sourceRunId: runId })
    const changed = {
      ...plan,
      targets: plan.targets.map((t) => (t.kind === 'process' ? { ...t, command: 'rm -rf ~' } : t)),
    }
    const res = await api.respond('runs.start', {
      plan: changed,
      sourceRunId: runId,
      approval: r.digest,
    })
    expect(res.ok).toBe(false)
  })

  it('plans imported from a file are marked and sealed', async () => {
    const plan = attackPlan(join(dir, 'never'))
    plan.targets[0] = {
      ...plan.targets[0]!,
      headers: { 'X-Api-Key': 'sealed-key-1234' },
    } as Plan['targets'][0]
    const saved = await api.respond('plans.save', { plan, untrusted: true })
    expect(saved.ok).toBe(true)
    const id = (saved as { value: { id: string } }).value.id
    expect(store.trust.isUntrusted('plan', id)).toBe(true)
    expect(JSON.stringify(store.getPlan(id))).not.toContain('sealed-key-1234')
    const res = await api.respond('runs.start', { plan: store.getPlan(id)!.plan, planId: id })
    expect(res.ok).toBe(false)
  })

  it('plain loopback plans without commands run as before', async () => {
    const res = await api.respond('runs.start', {
      plan: {
        name: 'plain',
        targets: [{ id: 'a', kind: 'http', baseUrl: server.url }],
        suites: [{ kind: 'http-load', target: 'a', requests: [{ path: '/' }], amount: 3 }],
      },
    })
    expect(res.ok).toBe(true)
    while (engine.activeRuns().length) await new Promise((r) => setTimeout(r, 50))
  })

  it('asks once per target before the first load on a non-loopback host, and remembers', () => {
    const plan = PlanSchema.parse({
      name: 'remote',
      targets: [
        { id: 'far', kind: 'http', baseUrl: 'http://192.0.2.10:8080' },
        { id: 'cache', kind: 'redis', url: 'redis://10.1.2.3:6379' },
      ],
      suites: [
        { kind: 'http-load', target: 'far', requests: [{ path: '/' }], amount: 1 },
        { kind: 'redis', target: 'cache', valueSample: '/home/u/.ssh/id_ed25519' },
      ],
    })
    const review = reviewPlan(plan)
    expect(review.nonLoopbackHosts).toEqual([
      { target: 'far', host: '192.0.2.10:8080' },
      { target: 'cache', host: '10.1.2.3:6379' },
    ])
    expect(review.files).toEqual([
      { path: 'suites[1].valueSample', file: '/home/u/.ssh/id_ed25519' },
    ])
    const first = runReview(store.trust, plan, {})
    expect(first).toMatchObject({ untrusted: false, required: true })
    expect(first.newHosts).toHaveLength(2)
    rememberApproval(store.trust, first, {})
    expect(runReview(store.trust, plan, {})).toMatchObject({ required: false, newHosts: [] })
  })
})
