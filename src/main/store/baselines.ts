import type Database from 'better-sqlite3'
import { baselineScope, type BaselineScope, type Plan } from '@shared/index'
import { nowIso, type HistoryDb } from './history-db'

/**
 * Baselines: at most one chosen run per plan and target (the `baselines` table, migration 6);
 * where none is chosen, the latest earlier passed or failed run of that scope stands in
 * (automatic). runs.baseline mirrors "is the chosen baseline of its scope" for lists and reports.
 */

/** The scope of a run as stored (runs.plan JSON): only the plan's id and suites matter. */
export function storedPlanScope(planJson: string, planId: string | null): BaselineScope {
  let plan: Partial<Pick<Plan, 'id' | 'suites'>> = {}
  try {
    plan = JSON.parse(planJson) as typeof plan
  } catch {
    // an unreadable plan still gets a scope of its own: nothing will share it
  }
  return baselineScope(
    { id: plan.id, suites: Array.isArray(plan.suites) ? plan.suites : [] },
    planId,
  )
}

export interface BaselineRow {
  runId: string
  automatic: boolean
}

/** Makes `runId` the chosen baseline of its scope (replacing any other), or unchooses it. */
export function applyBaseline(h: HistoryDb, runId: string, baseline: boolean): void {
  const db = h.db
  const run = db
    .prepare<[string], { scope_plan: string; scope_target: string }>(
      'SELECT scope_plan, scope_target FROM runs WHERE id = ?',
    )
    .get(runId)
  if (!run) throw h.runNotFound(runId)
  if (!baseline) {
    db.prepare('DELETE FROM baselines WHERE run_id = ?').run(runId)
    db.prepare('UPDATE runs SET baseline = 0 WHERE id = ?').run(runId)
    return
  }
  clearScope(db, { plan: run.scope_plan, target: run.scope_target })
  db.prepare(
    'INSERT INTO baselines (scope_plan, scope_target, run_id, set_at) VALUES (?, ?, ?, ?)',
  ).run(run.scope_plan, run.scope_target, runId, nowIso())
  db.prepare('UPDATE runs SET baseline = 1 WHERE id = ?').run(runId)
}

/** Forgets the chosen baseline of a scope; returns the run that was it, if any. */
export function clearScope(db: Database.Database, scope: BaselineScope): string | null {
  const row = db
    .prepare<[string, string], { run_id: string }>(
      'SELECT run_id FROM baselines WHERE scope_plan = ? AND scope_target = ?',
    )
    .get(scope.plan, scope.target)
  if (!row) return null
  db.prepare('DELETE FROM baselines WHERE scope_plan = ? AND scope_target = ?').run(
    scope.plan,
    scope.target,
  )
  db.prepare('UPDATE runs SET baseline = 0 WHERE id = ?').run(row.run_id)
  return row.run_id
}

/**
 * The baseline of a scope: the chosen run, else the latest passed or failed run (started before
 * `before`, when given, and not `before` itself).
 */
export function findBaseline(
  db: Database.Database,
  scope: BaselineScope,
  before?: { id: string; startedMs: number },
): BaselineRow | null {
  const chosen = db
    .prepare<[string, string], { run_id: string }>(
      'SELECT run_id FROM baselines WHERE scope_plan = ? AND scope_target = ?',
    )
    .get(scope.plan, scope.target)
  if (chosen) return { runId: chosen.run_id, automatic: false }
  const latest = db
    .prepare<[string, string, string, number], { id: string }>(
      `SELECT id FROM runs
       WHERE scope_plan = ? AND scope_target = ? AND status IN ('passed', 'failed')
         AND id <> ? AND started_ms <= ?
       ORDER BY started_ms DESC, rowid DESC LIMIT 1`,
    )
    .get(scope.plan, scope.target, before?.id ?? '', before?.startedMs ?? Number.MAX_SAFE_INTEGER)
  return latest ? { runId: latest.id, automatic: true } : null
}
