import { describe, expect, it } from 'vitest'
import { IdSchema, type Plan, type Target } from '@shared/index'
import { HistoryError, newPlanId, openHistory } from '../../src/main/store/index'
import { buildPlan } from '../fixtures/run-result'
import { useTempHistory } from './helpers'

const history = useTempHistory()

const httpTarget: Target = {
  id: 'api',
  kind: 'http',
  name: 'Checkout',
  baseUrl: 'http://127.0.0.1:8080',
  auth: { type: 'bearer', token: { secretRef: 'target:api:token' } },
}
const pgTarget: Target = {
  id: 'db',
  kind: 'postgres',
  name: 'Orders DB',
  host: '127.0.0.1',
  port: 5432,
  database: 'test',
  user: 'postgres',
  password: { env: 'PGPASSWORD' },
}

describe('targets', () => {
  it('saves, lists, updates and deletes', () => {
    history.store.saveTarget(httpTarget)
    history.store.saveTarget(pgTarget)
    expect(history.store.listTargets()).toEqual([httpTarget, pgTarget])
    const renamed = { ...pgTarget, name: 'Billing DB' }
    history.store.saveTarget(renamed)
    expect(history.store.listTargets()).toEqual([renamed, httpTarget])
    history.store.close()
    history.store = openHistory(history.tmp.file)
    expect(history.store.listTargets()).toEqual([renamed, httpTarget])
    expect(history.store.deleteTarget('api')).toBe(true)
    expect(history.store.deleteTarget('api')).toBe(false)
    expect(history.store.listTargets()).toEqual([renamed])
  })

  it('keeps created_at when a target is updated', async () => {
    history.store.saveTarget(httpTarget)
    const first = history.store.db
      .prepare('SELECT created_at, updated_at FROM targets')
      .get() as Record<string, string>
    await new Promise((r) => setTimeout(r, 5))
    history.store.saveTarget({ ...httpTarget, name: 'x' })
    const second = history.store.db
      .prepare('SELECT created_at, updated_at FROM targets')
      .get() as Record<string, string>
    expect(second.created_at).toBe(first.created_at)
    expect(String(second.updated_at) > String(first.updated_at)).toBe(true)
  })

  it('rejects an invalid target naming the field', () => {
    expect(() => history.store.saveTarget({ ...httpTarget, baseUrl: 'ftp://x' } as Target)).toThrow(
      /baseUrl/,
    )
  })

  it('stores literal secrets as given by default, refuses them with requireSecretRefs', () => {
    const literal: Target = {
      ...httpTarget,
      auth: { type: 'basic', username: 'u', password: 'hunter2' },
    }
    expect(history.store.saveTarget(literal)).toEqual(literal)
    history.store.close()
    history.store = openHistory(history.tmp.file, { requireSecretRefs: true })
    let err: unknown
    try {
      history.store.saveTarget(literal)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(HistoryError)
    expect((err as HistoryError).code).toBe('literal-secret')
    expect((err as Error).message).toMatch(/auth\.password/)
    expect(() => history.store.saveTarget({ ...pgTarget, password: 'pw' })).toThrow(/password/)
    expect(() =>
      history.store.saveTarget({ id: 'r', kind: 'redis', url: 'redis://:pw@127.0.0.1:6379' }),
    ).toThrow(/url/)
    // references, env refs, empty strings and password-less URLs pass
    expect(() => history.store.saveTarget(httpTarget)).not.toThrow()
    expect(() => history.store.saveTarget({ ...pgTarget, password: '' })).not.toThrow()
    expect(() =>
      history.store.saveTarget({
        id: 'pg2',
        kind: 'postgres',
        connectionString: 'postgres://u@127.0.0.1/test',
      }),
    ).not.toThrow()
  })
})

describe('plans', () => {
  it('assigns an id from the name when the plan has none', () => {
    const plan = buildPlan({ name: 'Checkout API — nightly!' })
    const saved = history.store.savePlan(plan)
    expect(saved.id).toMatch(/^checkout-api-nightly-[a-z0-9]{6}$/)
    expect(IdSchema.safeParse(saved.id).success).toBe(true)
    expect(saved.plan).toEqual({ ...plan, id: saved.id })
    expect(history.store.getPlan(saved.id)).toEqual(saved)
    // a second plan with the same name gets its own id
    expect(history.store.savePlan(plan).id).not.toBe(saved.id)
  })

  it('updates in place under the same id, lists by name, deletes', () => {
    const a = history.store.savePlan(buildPlan({ name: 'b plan' }))
    const b = history.store.savePlan(buildPlan({ name: 'A plan' }), 'my-plan')
    expect(b.id).toBe('my-plan')
    expect(history.store.listPlans().map((p) => p.id)).toEqual(['my-plan', a.id])
    const edited: Plan = { ...b.plan, description: 'now with a description' }
    const again = history.store.savePlan(edited, 'my-plan')
    expect(history.store.getPlan('my-plan')?.plan.description).toBe('now with a description')
    expect(history.store.listPlans()).toHaveLength(2)
    expect(again.updatedAt >= b.updatedAt).toBe(true)
    expect(history.store.deletePlan('my-plan')).toBe(true)
    expect(history.store.getPlan('my-plan')).toBeNull()
    expect(history.store.deletePlan('my-plan')).toBe(false)
  })

  it('uses the id inside the plan when given', () => {
    expect(history.store.savePlan(buildPlan({ id: 'from-file' })).id).toBe('from-file')
  })

  it('rejects an invalid plan or id with the field named', () => {
    expect(() => history.store.savePlan({ ...buildPlan(), suites: [] })).toThrow(/suites/)
    expect(() => history.store.savePlan(buildPlan(), 'has spaces')).toThrow(/plan id/)
  })

  it('makes slugs that are always valid ids', () => {
    for (const name of ['', '???', 'Ünïcödé plan', 'x'.repeat(300), '---a---']) {
      expect(IdSchema.safeParse(newPlanId(name)).success, name).toBe(true)
    }
  })
})
