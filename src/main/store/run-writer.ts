import { hostname } from 'node:os'
import type Database from 'better-sqlite3'
import {
  RunResultSchema,
  SuiteResultSchema,
  baselineScope,
  summarizeIssues,
  parseInput,
  type LiveSample,
  type MonitorResult,
  type MonitorSample,
  type RunResult,
  type SuiteResult,
} from '@shared/index'
import { applyBaseline } from './baselines'
import { HistoryError } from './errors'
import { runHeadline } from './headline'
import { nowIso, toMs, type HistoryDb } from './history-db'
import { MONITOR_SERIES } from './rows'
import type { SampleBuffer } from './sample-buffer'
import type { TrustMarks } from './trust-marks'
import { redactRun } from '@shared/redaction'
import type { MonitorStart, NewRun, RunEnd, RunSink } from './types'

export const THIS_HOST = hostname()

/**
 * Writes runs: the engine's sink while a run is live (its samples through the sample buffer),
 * and whole result documents on import.
 */
export class RunWriter implements RunSink {
  constructor(
    private readonly h: HistoryDb,
    private readonly samples: SampleBuffer,
    private readonly trust: TrustMarks,
  ) {}

  createRun(run: NewRun): void {
    this.h.assertOpen()
    const targets = [...new Set(run.plan.targets.map((t) => t.id))]
    const kinds = [...new Set(run.plan.suites.map((s) => s.kind))]
    const scope = baselineScope(run.plan, run.planId)
    this.h.write(`create run "${run.id}"`, () => {
      if (runExists(this.h.db, run.id)) {
        throw new HistoryError(
          'exists',
          this.h.path,
          `a run with id "${run.id}" already exists in the history "${this.h.path}"; start the run with a new id.`,
        )
      }
      this.h.db
        .prepare(
          `INSERT INTO runs (id, plan_id, plan_name, plan, status, started_at, started_ms, ended_at,
             pid, host, environment, findings, target_ids, kinds, headline, scope_plan, scope_target)
           VALUES (?, ?, ?, ?, 'running', ?, ?, NULL, ?, ?, ?, '[]', ?, ?, '', ?, ?)`,
        )
        .run(
          run.id,
          run.planId,
          run.plan.name,
          JSON.stringify(run.plan),
          run.startedAt,
          toMs(run.startedAt),
          process.pid,
          THIS_HOST,
          JSON.stringify(run.environment),
          JSON.stringify(targets),
          JSON.stringify(kinds),
          scope.plan,
          scope.target,
        )
      insertRunTargets(this.h.db, run.id, targets)
    })
  }

  appendSample(runId: string, suiteIndex: number, sample: LiveSample): void {
    this.h.assertOpen()
    if (typeof sample.t !== 'number' || !Number.isFinite(sample.t)) {
      throw new HistoryError(
        'invalid-data',
        this.h.path,
        `a sample of run "${runId}" suite ${suiteIndex} has no finite "t" (seconds since the suite began)`,
      )
    }
    this.samples.add(runId, suiteIndex, sample)
  }

  startMonitor(runId: string, monitor: MonitorStart): void {
    this.h.assertOpen()
    // identity now, samples as they come (appendMonitorSample): a killed run still has its monitor
    const stub: MonitorResult = {
      target: monitor.target,
      pid: monitor.pid,
      ...(monitor.command !== undefined ? { command: monitor.command } : {}),
      source: monitor.source,
      samples: [],
      summary: {
        cpuPctMean: null,
        cpuPctMax: null,
        rssStartBytes: null,
        rssEndBytes: null,
        rssMaxBytes: null,
      },
      findings: [],
      notes: [],
    }
    this.samples.writeWithSamples(`record the process monitor of run "${runId}"`, () => {
      this.requireRun(runId)
      this.h.db.prepare('UPDATE runs SET monitor = ? WHERE id = ?').run(JSON.stringify(stub), runId)
    })
  }

  appendMonitorSample(runId: string, sample: MonitorSample): void {
    this.h.assertOpen()
    if (typeof sample.t !== 'number' || !Number.isFinite(sample.t)) {
      throw new HistoryError(
        'invalid-data',
        this.h.path,
        `a process monitor sample of run "${runId}" has no finite "t" (seconds since the monitor began)`,
      )
    }
    this.samples.add(runId, MONITOR_SERIES, sample)
  }

  saveSuiteResult(runId: string, result: SuiteResult): void {
    this.h.assertOpen()
    const parsed = SuiteResultSchema.safeParse(result)
    if (!parsed.success) {
      const problems = summarizeIssues(parsed.error)
      throw new HistoryError(
        'invalid-data',
        this.h.path,
        `the result of suite ${result.index} of run "${runId}" does not match its schema (${problems}); it was not saved.`,
      )
    }
    const suite = parsed.data
    const db = this.h.db
    this.samples.writeWithSamples(
      `save the result of suite ${suite.index} of run "${runId}"`,
      () => {
        this.requireRun(runId)
        db.prepare(
          `INSERT INTO suite_results (run_id, idx, kind, status, json) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (run_id, idx) DO UPDATE SET kind = excluded.kind, status = excluded.status,
             json = excluded.json`,
        ).run(runId, suite.index, suite.kind, suite.status, JSON.stringify(withoutSeries(suite)))
        // the saved series replaces the live samples: one source, exactly what the suite returned
        db.prepare('DELETE FROM samples WHERE run_id = ? AND suite_idx = ?').run(runId, suite.index)
        insertSeries(db, runId, suite)
        updateHeadline(db, runId)
      },
    )
  }

  finishRun(runId: string, end: RunEnd): void {
    this.h.assertOpen()
    const db = this.h.db
    this.samples.writeWithSamples(`finish run "${runId}"`, () => {
      this.requireRun(runId)
      db.prepare(
        `UPDATE runs SET status = ?, ended_at = ?, findings = ?, score = ?, score_value = ?, error = ?,
             environment = COALESCE(?, environment), monitor = COALESCE(?, monitor)
           WHERE id = ?`,
      ).run(
        end.status,
        end.endedAt,
        JSON.stringify(end.findings),
        end.score ? JSON.stringify(end.score) : null,
        end.score?.value ?? null,
        end.error ?? null,
        end.environment ? JSON.stringify(end.environment) : null,
        end.monitor ? JSON.stringify(end.monitor) : null,
        runId,
      )
      // the full monitor now holds every sample: the live rows would only duplicate them
      if (end.monitor) {
        db.prepare('DELETE FROM samples WHERE run_id = ? AND suite_idx = ?').run(
          runId,
          MONITOR_SERIES,
        )
      }
      updateHeadline(db, runId)
    })
  }

  importRun(input: RunResult): string {
    this.h.assertOpen()
    // a result from elsewhere may carry credentials: the one rule applies before it is stored
    const result = redactRun(parseInput(RunResultSchema, input, 'run result'))
    const db = this.h.db
    return this.h.write(`import run "${result.id}"`, () => {
      const existing = db
        .prepare<[string], { started_at: string; plan_name: string }>(
          'SELECT started_at, plan_name FROM runs WHERE id = ?',
        )
        .get(result.id)
      if (existing) {
        throw new HistoryError(
          'exists',
          this.h.path,
          `cannot import run "${result.id}": a run with that id (plan "${existing.plan_name}", ` +
            `started ${existing.started_at}) is already in the history "${this.h.path}". ` +
            `If it is the same run there is nothing to do; otherwise delete the existing run first.`,
        )
      }
      const targets = [...new Set(result.plan.targets.map((t) => t.id))]
      const kinds = [...new Set(result.plan.suites.map((s) => s.kind))]
      const scope = baselineScope(result.plan)
      db.prepare(
        `INSERT INTO runs (id, plan_id, plan_name, plan, status, started_at, started_ms, ended_at,
             pid, host, environment, findings, score, score_value, error, baseline, imported_at,
             target_ids, kinds, headline, monitor, shards, scope_plan, scope_target)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, 0, ?, ?, ?, '', ?, ?, ?, ?)`,
      ).run(
        result.id,
        result.plan.id ?? null,
        result.plan.name,
        JSON.stringify(result.plan),
        result.status,
        result.startedAt,
        toMs(result.startedAt),
        result.endedAt,
        JSON.stringify(result.environment),
        JSON.stringify(result.findings),
        result.score ? JSON.stringify(result.score) : null,
        result.score?.value ?? null,
        result.error ?? null,
        result.importedAt ?? nowIso(),
        JSON.stringify(targets),
        JSON.stringify(kinds),
        result.monitor ? JSON.stringify(result.monitor) : null,
        result.shards ? JSON.stringify(result.shards) : null,
        scope.plan,
        scope.target,
      )
      insertRunTargets(db, result.id, targets)
      const upsert = db.prepare(
        'INSERT INTO suite_results (run_id, idx, kind, status, json) VALUES (?, ?, ?, ?, ?)',
      )
      for (const suite of result.suites) {
        upsert.run(
          result.id,
          suite.index,
          suite.kind,
          suite.status,
          JSON.stringify(withoutSeries(suite)),
        )
        insertSeries(db, result.id, suite)
      }
      updateHeadline(db, result.id)
      if (result.baseline) applyBaseline(this.h, result.id, true)
      // a run from elsewhere: re-running its plan needs the user's review first
      this.trust.setUntrusted('run', result.id, true)
      return result.id
    })
  }

  private requireRun(runId: string): void {
    if (!runExists(this.h.db, runId)) throw this.h.runNotFound(runId)
  }
}

/** A suite result as stored in suite_results.json: everything but the series (see samples). */
function withoutSeries(result: SuiteResult): Record<string, unknown> {
  const { series: _series, ...rest } = result
  return rest
}

function runExists(db: Database.Database, runId: string): boolean {
  return db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined
}

function insertRunTargets(db: Database.Database, runId: string, targets: readonly string[]): void {
  const insert = db.prepare('INSERT OR IGNORE INTO run_targets (target_id, run_id) VALUES (?, ?)')
  for (const t of targets) insert.run(t, runId)
}

function insertSeries(db: Database.Database, runId: string, suite: SuiteResult): void {
  const startMs = toMs(suite.startedAt) || Date.now()
  const insert = db.prepare(
    'INSERT INTO samples (run_id, suite_idx, t, at, json) VALUES (?, ?, ?, ?, ?)',
  )
  for (const s of suite.series) {
    insert.run(runId, suite.index, s.t, Math.round(startMs + s.t * 1000), JSON.stringify(s))
  }
}

function updateHeadline(db: Database.Database, runId: string): void {
  const rows = db
    .prepare<[string], { kind: string; json: string }>(
      'SELECT kind, json FROM suite_results WHERE run_id = ? ORDER BY idx',
    )
    .all(runId)
  const suites = rows.map((r) => JSON.parse(r.json) as unknown)
  db.prepare('UPDATE runs SET headline = ? WHERE id = ?').run(runHeadline(suites), runId)
}
