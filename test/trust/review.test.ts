import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlanSchema, type Plan, type RunReview } from '@shared/index'
import { UnreviewedPlanError } from '../../src/main/engine'
import { rememberApproval, runReview } from '../../src/main/trust/gate'
import { reviewDigest, reviewPlan } from '../../src/main/trust/review'
import { buildRunResult } from '../fixtures/run-result'
import { useTestApi } from '../helpers/api-harness'
import { useServer } from '../helpers/use-server'
import { commandAndSecretPlan } from '../helpers/review-plan'
import { httpLoadPlan } from '../fixtures/plans'

/**
 * An imported run whose plan starts a command and sends an environment secret to its host
 * must not start before the user has approved its review (API and engine level).
 */
const server = useServer()
const t = useTestApi('perfdesk-review-')
const SECRET = `review-secret-${process.pid}`
const ENV = 'PERFDESK_REVIEW_TEST_SECRET'

function attackPlan(marker: string): Plan {
  const o = { name: 'looks harmless', baseUrl: server.url, envVar: ENV, marker, markerText: 'ran' }
  return commandAndSecretPlan(o)
}

beforeAll(() => {
  process.env[ENV] = SECRET
})
afterAll(() => {
  delete process.env[ENV]
})

function importAttack(): { runId: string; plan: Plan; marker: string } {
  const marker = join(t.dir, 'command-ran')
  const plan = attackPlan(marker)
  const runId = t.store.importRun({ ...buildRunResult({ id: 'imported-1' }), plan })
  return { runId, plan: t.store.getRun(runId)!.plan, marker }
}

describe('review of untrusted plans', () => {
  it('an imported run with a command and an env secret does not start without the review', async () => {
    const { runId, plan, marker } = importAttack()
    const before = server.stats().requests
    expect(t.store.trust.isUntrusted('run', runId)).toBe(true)

    const refused = await t.api.respond('runs.start', { plan, sourceRunId: runId })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.message).toMatch(/has not been reviewed/)
    // the engine refuses too, whoever calls it
    expect(() => t.engine.start(plan, { untrusted: true })).toThrow(UnreviewedPlanError)
    expect(() => t.engine.start(plan, { untrusted: true, approval: 'guess' })).toThrow(
      /not been reviewed[\s\S]*command \(target "proc"\)[\s\S]*environment variable PERFDESK_REVIEW/,
    )
    await new Promise((r) => setTimeout(r, 300))
    expect(existsSync(marker)).toBe(false)
    expect(server.stats().requests).toBe(before)
    expect(t.engine.activeRuns()).toEqual([])
    expect(t.store.listRuns().map((r) => r.id)).toEqual([runId])

    // the review lists what it will do; approving it runs it
    const r = await t.api.respond('runs.review', { plan, sourceRunId: runId })
    expect(r.ok).toBe(true)
    const review = (r as { value: RunReview }).value
    expect(review).toMatchObject({ untrusted: true, required: true })
    expect(review.review.commands.map((c) => c.target)).toEqual(['proc'])
    expect(review.review.envVars).toEqual([{ path: 'targets[0].auth.token', name: ENV }])
    expect(review.review.hosts).toEqual([
      { target: 'api', kind: 'http', host: `127.0.0.1:${server.port}`, loopback: true },
    ])
    const started = await t.api.respond('runs.start', {
      plan,
      sourceRunId: runId,
      approval: review.digest,
    })
    expect(started.ok).toBe(true)
    const newRun = (started as { value: { runId: string } }).value.runId
    while (t.engine.activeRuns().includes(newRun)) await new Promise((res) => setTimeout(res, 100))
    expect(readFileSync(marker, 'utf8')).toBe('ran')
    expect(server.stats().lastHeaders?.authorization).toBe(`Bearer ${SECRET}`)
    // approved: the mark is gone
    expect(t.store.trust.isUntrusted('run', runId)).toBe(false)
  })

  it('an approval of another review does not start a changed plan', async () => {
    const { runId, plan } = importAttack()
    const r = runReview(t.store.trust, plan, { sourceRunId: runId })
    const changed = {
      ...plan,
      targets: plan.targets.map((t) => (t.kind === 'process' ? { ...t, command: 'rm -rf ~' } : t)),
    }
    const res = await t.api.respond('runs.start', {
      plan: changed,
      sourceRunId: runId,
      approval: r.digest,
    })
    expect(res.ok).toBe(false)
  })

  it('plans imported from a file are marked and sealed', async () => {
    const plan = attackPlan(join(t.dir, 'never'))
    plan.targets[0] = {
      ...plan.targets[0]!,
      headers: { 'X-Api-Key': 'sealed-key-1234' },
    } as Plan['targets'][0]
    const saved = await t.api.respond('plans.save', { plan, untrusted: true })
    expect(saved.ok).toBe(true)
    const id = (saved as { value: { id: string } }).value.id
    expect(t.store.trust.isUntrusted('plan', id)).toBe(true)
    expect(JSON.stringify(t.store.getPlan(id))).not.toContain('sealed-key-1234')
    const res = await t.api.respond('runs.start', { plan: t.store.getPlan(id)!.plan, planId: id })
    expect(res.ok).toBe(false)
  })

  it('plain loopback plans without commands run as before', async () => {
    const res = await t.api.respond('runs.start', {
      plan: {
        name: 'plain',
        targets: [{ id: 'a', kind: 'http', baseUrl: server.url }],
        suites: [{ kind: 'http-load', target: 'a', requests: [{ path: '/' }], amount: 3 }],
      },
    })
    expect(res.ok).toBe(true)
    while (t.engine.activeRuns().length) await new Promise((r) => setTimeout(r, 50))
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
    const first = runReview(t.store.trust, plan, {})
    expect(first).toMatchObject({ untrusted: false, required: true })
    expect(first.newHosts).toHaveLength(2)
    rememberApproval(t.store.trust, first, {})
    expect(runReview(t.store.trust, plan, {})).toMatchObject({ required: false, newHosts: [] })
  })
})

describe('the local files of an untrusted plan', () => {
  it('are not read before its review is approved', () => {
    const missing = join(t.dir, 'no-such-data.csv')
    const plan = PlanSchema.parse(
      httpLoadPlan('data from a file', server.url, {
        requests: [{ path: '/orders/{{id}}' }],
        data: { file: missing },
        durationSec: 1,
      }),
    )
    // before approval the answer is the review, not what the file holds (or that it is missing)
    expect(() => t.engine.start(plan, { untrusted: true })).toThrow(UnreviewedPlanError)
    const review = reviewPlan(plan)
    expect(review.files.map((f) => f.file)).toContain(missing)
    // once approved, the file is read, and its problem named before anything runs
    expect(() => t.engine.start(plan, { untrusted: true, approval: reviewDigest(review) })).toThrow(
      /data\.file/,
    )
    expect(t.engine.activeRuns()).toEqual([])
  })
})
