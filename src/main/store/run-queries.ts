import {
  RunFilterSchema,
  parseInput,
  type BaselineScope,
  type RunFilter,
  type RunResult,
  type RunSummary,
} from '@shared/index'
import { nowIso, toMs, type HistoryDb } from './history-db'
import { rebuildRun } from './rebuild'
import type { RunRow, SampleRow, SuiteRow } from './rows'
import type { SampleBuffer } from './sample-buffer'
import { THIS_HOST } from './run-writer'
import { applyBaseline, clearScope, findBaseline, type BaselineRow } from './baselines'

/** Reading and managing stored runs: one run, the filtered list, delete, baseline, recovery. */
export class RunQueries {
  constructor(
    private readonly h: HistoryDb,
    private readonly samples: SampleBuffer,
  ) {}

  getRun(runId: string): RunResult | null {
    this.h.assertOpen()
    // show what is in memory too: a live run's latest samples, or ones a full disk held back
    this.samples.flushInBackground()
    const db = this.h.db
    return this.h.read(`read run "${runId}"`, () => {
      const run = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?').get(runId)
      if (!run) return null
      const suites = db
        .prepare<[string], SuiteRow>(
          'SELECT idx, kind, status, json FROM suite_results WHERE run_id = ? ORDER BY idx',
        )
        .all(runId)
      const samples = db
        .prepare<[string], SampleRow>(
          'SELECT suite_idx, t, at, json FROM samples WHERE run_id = ? ORDER BY seq',
        )
        .all(runId)
      samples.push(...this.samples.rowsOf(runId))
      return rebuildRun(this.h.path, run, suites, samples)
    })
  }

  listRuns(filter: Partial<RunFilter> = {}): RunSummary[] {
    this.h.assertOpen()
    const f = parseInput(RunFilterSchema, filter, 'run filter')
    const where: string[] = []
    const args: (string | number)[] = []
    if (f.status !== undefined) {
      where.push('status = ?')
      args.push(f.status)
    }
    if (f.planId !== undefined) {
      where.push('plan_id = ?')
      args.push(f.planId)
    }
    if (f.target !== undefined) {
      where.push('id IN (SELECT run_id FROM run_targets WHERE target_id = ?)')
      args.push(f.target)
    }
    const sql =
      'SELECT * FROM runs' +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY started_ms DESC, rowid DESC LIMIT ?'
    args.push(f.limit)
    return this.h.read('list runs', () =>
      this.h.db
        .prepare<(string | number)[], RunRow>(sql)
        .all(...args)
        .map(summary),
    )
  }

  deleteRun(runId: string): boolean {
    this.h.assertOpen()
    this.samples.drop(runId)
    return this.h.write(`delete run "${runId}"`, () => {
      return this.h.db.prepare('DELETE FROM runs WHERE id = ?').run(runId).changes > 0
    })
  }

  setBaseline(runId: string, baseline: boolean): void {
    this.h.assertOpen()
    this.h.write(`set the baseline of run "${runId}"`, () => applyBaseline(this.h, runId, baseline))
  }

  clearBaseline(scope: BaselineScope): string | null {
    this.h.assertOpen()
    return this.h.write(`clear the baseline of plan "${scope.plan}" on "${scope.target}"`, () =>
      clearScope(this.h.db, scope),
    )
  }

  findBaseline(scope: BaselineScope, before?: RunResult): BaselineRow | null {
    this.h.assertOpen()
    const after = before ? { id: before.id, startedMs: toMs(before.startedAt) } : undefined
    return this.h.read('find a baseline', () => findBaseline(this.h.db, scope, after))
  }

  markInterrupted(): number {
    this.h.assertOpen()
    const db = this.h.db
    const running = this.h.read('find unfinished runs', () =>
      db
        .prepare<[], Pick<RunRow, 'id' | 'pid' | 'host'>>(
          "SELECT id, pid, host FROM runs WHERE status = 'running'",
        )
        .all(),
    )
    const dead = running.filter(
      (r) => r.host !== THIS_HOST || r.pid === null || (r.pid !== process.pid && !pidAlive(r.pid)),
    )
    if (dead.length === 0) return 0
    return this.h.write('mark unfinished runs as interrupted', () => {
      const lastSample = db.prepare<[string], { at: number | null }>(
        'SELECT MAX(at) AS at FROM samples WHERE run_id = ?',
      )
      const mark = db.prepare(
        `UPDATE runs SET status = 'interrupted', ended_at = ?, error = COALESCE(error, ?)
         WHERE id = ? AND status = 'running'`,
      )
      let n = 0
      for (const r of dead) {
        const at = lastSample.get(r.id)?.at
        const why =
          r.host !== THIS_HOST && r.host !== null
            ? `the run was left unfinished by PerfDesk on host "${r.host}" (pid ${r.pid ?? '?'})`
            : `PerfDesk (pid ${r.pid ?? '?'}) stopped before the run finished`
        n += mark.run(at != null ? new Date(at).toISOString() : nowIso(), why, r.id).changes
      }
      return n
    })
  }
}

function summary(r: RunRow): RunSummary {
  return {
    id: r.id,
    planName: r.plan_name,
    planId: r.plan_id,
    status: r.status as RunSummary['status'],
    startedAt: r.started_at,
    endedAt: r.ended_at,
    targets: JSON.parse(r.target_ids) as string[],
    kinds: JSON.parse(r.kinds) as string[],
    score: r.score_value,
    headline: r.headline,
    baseline: r.baseline === 1,
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
