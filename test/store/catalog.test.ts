import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { IdSchema, type Plan, type Target } from '@shared/index'
import {
  HistoryError,
  newPlanId,
  openHistory,
  type SqliteHistoryStore,
} from '../../src/main/store/index'
import { buildPlan } from '../fixtures/run-result'
import { tempDir } from './helpers'

let tmp: ReturnType<typeof tempDir>
let store: SqliteHistoryStore

beforeEach(() => {
  tmp = tempDir()
  store = openHistory(tmp.file)
})
afterEach(() => {
  store.close()
  tmp.cleanup()
})

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
    store.saveTarget(httpTarget)
    store.saveTarget(pgTarget)
    expect(store.listTargets()).toEqual([httpTarget, pgTarget])
    const renamed = { ...pgTarget, name: 'Billing DB' }
    store.saveTarget(renamed)
    expect(store.listTargets()).toEqual([renamed, httpTarget])
    store.close()
    store = openHistory(tmp.file)
    expect(store.listTargets()).toEqual([renamed, httpTarget])
    expect(store.deleteTarget('api')).toBe(true)
    expect(store.deleteTarget('api')).toBe(false)
    expect(store.listTargets()).toEqual([renamed])
  })

  it('keeps created_at when a target is updated', async () => {
    store.saveTarget(httpTarget)
    const first = store.db.prepare('SELECT created_at, updated_at FROM targets').get() as Record<
      string,
      string
    >
    await new Promise((r) => setTimeout(r, 5))
    store.saveTarget({ ...httpTarget, name: 'x' })
    const second = store.db.prepare('SELECT created_at, updated_at FROM targets').get() as Record<
      string,
      string
    >
    expect(second.created_at).toBe(first.created_at)
    expect(String(second.updated_at) > String(first.updated_at)).toBe(true)
  })

  it('rejects an invalid target naming the field', () => {
    expect(() => store.saveTarget({ ...httpTarget, baseUrl: 'ftp://x' } as Target)).toThrow(
      /baseUrl/,
    )
  })

  it('stores literal secrets as given by default, refuses them with requireSecretRefs', () => {
    const literal: Target = {
      ...httpTarget,
      auth: { type: 'basic', username: 'u', password: 'hunter2' },
    }
    expect(store.saveTarget(literal)).toEqual(literal)
    store.close()
    store = openHistory(tmp.file, { requireSecretRefs: true })
    let err: unknown
    try {
      store.saveTarget(literal)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(HistoryError)
    expect((err as HistoryError).code).toBe('literal-secret')
    expect((err as Error).message).toMatch(/auth\.password/)
    expect(() => store.saveTarget({ ...pgTarget, password: 'pw' })).toThrow(/password/)
    expect(() =>
      store.saveTarget({ id: 'r', kind: 'redis', url: 'redis://:pw@127.0.0.1:6379' }),
    ).toThrow(/url/)
    // references, env refs, empty strings and password-less URLs pass
    expect(() => store.saveTarget(httpTarget)).not.toThrow()
    expect(() => store.saveTarget({ ...pgTarget, password: '' })).not.toThrow()
    expect(() =>
      store.saveTarget({
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
    const saved = store.savePlan(plan)
    expect(saved.id).toMatch(/^checkout-api-nightly-[a-z0-9]{6}$/)
    expect(IdSchema.safeParse(saved.id).success).toBe(true)
    expect(saved.plan).toEqual({ ...plan, id: saved.id })
    expect(store.getPlan(saved.id)).toEqual(saved)
    // a second plan with the same name gets its own id
    expect(store.savePlan(plan).id).not.toBe(saved.id)
  })

  it('updates in place under the same id, lists by name, deletes', () => {
    const a = store.savePlan(buildPlan({ name: 'b plan' }))
    const b = store.savePlan(buildPlan({ name: 'A plan' }), 'my-plan')
    expect(b.id).toBe('my-plan')
    expect(store.listPlans().map((p) => p.id)).toEqual(['my-plan', a.id])
    const edited: Plan = { ...b.plan, description: 'now with a description' }
    const again = store.savePlan(edited, 'my-plan')
    expect(store.getPlan('my-plan')?.plan.description).toBe('now with a description')
    expect(store.listPlans()).toHaveLength(2)
    expect(again.updatedAt >= b.updatedAt).toBe(true)
    expect(store.deletePlan('my-plan')).toBe(true)
    expect(store.getPlan('my-plan')).toBeNull()
    expect(store.deletePlan('my-plan')).toBe(false)
  })

  it('uses the id inside the plan when given', () => {
    expect(store.savePlan(buildPlan({ id: 'from-file' })).id).toBe('from-file')
  })

  it('rejects an invalid plan or id with the field named', () => {
    expect(() => store.savePlan({ ...buildPlan(), suites: [] })).toThrow(/suites/)
    expect(() => store.savePlan(buildPlan(), 'has spaces')).toThrow(/plan id/)
  })

  it('makes slugs that are always valid ids', () => {
    for (const name of ['', '???', 'Ünïcödé plan', 'x'.repeat(300), '---a---']) {
      expect(IdSchema.safeParse(newPlanId(name)).success, name).toBe(true)
    }
  })
})
