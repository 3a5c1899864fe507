import { randomBytes } from 'node:crypto'
import {
  IdSchema,
  PlanSchema,
  TargetSchema,
  parseInput,
  type Plan,
  type SavedPlan,
  type Target,
} from '@shared/index'
import { HistoryError } from './errors'
import { nowIso, type HistoryDb } from './history-db'
import { literalCredentialPaths } from '@shared/redaction'

/** The saved targets and plans. Runs keep their own copy of the plan, so these never touch runs. */
export class Catalog {
  constructor(
    private readonly h: HistoryDb,
    private readonly opts: { requireSecretRefs?: boolean | undefined } = {},
  ) {}

  listTargets(): Target[] {
    this.h.assertOpen()
    const rows = this.h.read('list targets', () =>
      this.h.db
        .prepare<[], { id: string; json: string }>(
          'SELECT id, json FROM targets ORDER BY COALESCE(name, id) COLLATE NOCASE, id',
        )
        .all(),
    )
    return rows.map((r) => this.h.parseStored(TargetSchema, r.json, `target "${r.id}"`))
  }

  saveTarget(input: Target): Target {
    this.h.assertOpen()
    const target = parseInput(TargetSchema, input, 'target')
    if (this.opts.requireSecretRefs) {
      const literal = literalCredentialPaths(target)
      if (literal.length > 0) {
        throw new HistoryError(
          'literal-secret',
          this.h.path,
          `target "${target.id}" holds a secret as plain text in ${literal.join(', ')}; ` +
            `save it through the app's secret storage ({"secretRef": …}) or refer to an ` +
            `environment variable ({"env": "NAME"}) instead.`,
        )
      }
    }
    const now = nowIso()
    this.h.write(`save target "${target.id}"`, () => {
      this.h.db
        .prepare(
          `INSERT INTO targets (id, kind, name, json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
             json = excluded.json, updated_at = excluded.updated_at`,
        )
        .run(target.id, target.kind, target.name ?? null, JSON.stringify(target), now, now)
    })
    return target
  }

  deleteTarget(id: string): boolean {
    this.h.assertOpen()
    return this.h.write(`delete target "${id}"`, () => {
      return this.h.db.prepare('DELETE FROM targets WHERE id = ?').run(id).changes > 0
    })
  }

  listPlans(): SavedPlan[] {
    this.h.assertOpen()
    const rows = this.h.read('list plans', () =>
      this.h.db
        .prepare<[], { id: string; json: string; updated_at: string }>(
          'SELECT id, json, updated_at FROM plans ORDER BY name COLLATE NOCASE, id',
        )
        .all(),
    )
    return rows.map((r) => ({
      id: r.id,
      plan: this.h.parseStored(PlanSchema, r.json, `plan "${r.id}"`),
      updatedAt: r.updated_at,
    }))
  }

  getPlan(id: string): SavedPlan | null {
    this.h.assertOpen()
    const row = this.h.read(`read plan "${id}"`, () =>
      this.h.db
        .prepare<[string], { json: string; updated_at: string }>(
          'SELECT json, updated_at FROM plans WHERE id = ?',
        )
        .get(id),
    )
    if (!row) return null
    return {
      id,
      plan: this.h.parseStored(PlanSchema, row.json, `plan "${id}"`),
      updatedAt: row.updated_at,
    }
  }

  savePlan(input: Plan, id?: string): SavedPlan {
    this.h.assertOpen()
    const parsed = parseInput(PlanSchema, input, 'plan')
    const planId = parseInput(IdSchema, id ?? parsed.id ?? newPlanId(parsed.name), 'plan id')
    const plan: Plan = { ...parsed, id: planId }
    const updatedAt = nowIso()
    this.h.write(`save plan "${plan.name}"`, () => {
      this.h.db
        .prepare(
          `INSERT INTO plans (id, name, json, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json,
             updated_at = excluded.updated_at`,
        )
        .run(planId, plan.name, JSON.stringify(plan), updatedAt)
    })
    return { id: planId, plan, updatedAt }
  }

  deletePlan(id: string): boolean {
    this.h.assertOpen()
    // runs keep their copy of the plan: deleting a plan never deletes history
    return this.h.write(`delete plan "${id}"`, () => {
      return this.h.db.prepare('DELETE FROM plans WHERE id = ?').run(id).changes > 0
    })
  }
}

/** Plan ids: a slug of the name and a short random suffix, e.g. "checkout-api-3f9k2a". */
export function newPlanId(name: string): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'plan'
  const suffix = randomBytes(6)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, 6)
  return `${slug}-${suffix.toLowerCase()}`
}
