import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { hostname } from 'node:os'
import Database from 'better-sqlite3'
import type { z } from 'zod'
import {
  IdSchema,
  PlanSchema,
  RunFilterSchema,
  RunResultSchema,
  SuiteResultSchema,
  TargetSchema,
  summarizeIssues,
  parseInput,
  type LiveSample,
  type MonitorResult,
  type MonitorSample,
  type Plan,
  type RunFilter,
  type RunResult,
  type RunSummary,
  type SavedPlan,
  type SuiteResult,
  type Target,
} from '@shared/index'
import { HistoryError, explainSqliteError } from './errors'
import { runHeadline } from './headline'
import { migrate, type MigrationReport } from './migrations'
import { rebuildRun } from './rebuild'
import { MONITOR_SERIES, type RunRow, type SampleRow, type SuiteRow } from './rows'
import { literalCredentialPaths, redactRun } from '@shared/redaction'
import { privateDbFile } from './permissions'
import { sqliteTrustMarks, type TrustMarks } from './trust-marks'
import type { HistoryStore, MonitorStart, NewRun, RunEnd } from './types'

export interface OpenHistoryOptions {
  /** path of a better_sqlite3.node built for the running ABI (the Electron app's build) */
  nativeBinding?: string
  /** refuse targets whose password/token fields hold literal text instead of a reference */
  requireSecretRefs?: boolean
  /** a background flush of samples failed; the samples stay buffered and are retried */
  onError?: (err: Error) => void
  /** flush the sample buffer once it holds this many samples (default 50) */
  flushEvery?: number
  /** ... or this long after the first unflushed sample arrived (default 2000 ms) */
  flushIntervalMs?: number
  /** how long to wait for another process's write lock (default 5000 ms) */
  busyTimeoutMs?: number
}

interface PendingSample {
  runId: string
  suiteIndex: number
  t: number
  at: number
  json: string
}

/** At 1 sample/s per suite this is hours of samples; beyond it the oldest go (and we say so). */
const MAX_BUFFERED = 100_000

const THIS_HOST = hostname()

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function toMs(isoText: string): number {
  const ms = Date.parse(isoText)
  return Number.isFinite(ms) ? ms : 0
}

const nowIso = (): string => new Date().toISOString()

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

/** Opens the connection, explaining the two failures that happen before SQLite is even reached. */
function connect(file: string, nativeBinding: string | undefined): Database.Database {
  if (file !== ':memory:' && file !== '' && !existsSync(dirname(file))) {
    throw new HistoryError(
      'cannot-open',
      file,
      `cannot open the history database "${file}": the folder ${dirname(file)} does not exist. ` +
        `Create it, or choose another file with --db <file> or the PERFDESK_DB environment variable.`,
    )
  }
  privateDbFile(file)
  try {
    return new Database(file, nativeBinding ? { nativeBinding } : {})
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('SQLITE_')) throw err
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0]
    throw new HistoryError(
      'native-module',
      file,
      `cannot load SQLite (better-sqlite3) to open the history "${file}": ${why}. ` +
        (nativeBinding
          ? `The nativeBinding "${nativeBinding}" must be a better_sqlite3.node built for this runtime (${process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.version}`}).`
          : `Rebuild it for this runtime with "npm rebuild better-sqlite3".`),
      { cause: err },
    )
  }
}

/** A suite result as stored in suite_results.json: everything but the series (see samples). */
function withoutSeries(result: SuiteResult): Record<string, unknown> {
  const { series: _series, ...rest } = result
  return rest
}

export class SqliteHistoryStore implements HistoryStore {
  readonly path: string
  /** the connection, for maintenance and tests (integrity checks, pragmas) */
  readonly db: Database.Database
  readonly migration: MigrationReport
  /** untrusted plans and runs, confirmed hosts */
  readonly trust: TrustMarks
  private readonly opts: OpenHistoryOptions
  private buffer: PendingSample[] = []
  private timer: NodeJS.Timeout | null = null
  private closed = false
  private readonly flushEvery: number
  private readonly flushIntervalMs: number
  private readonly onExit = (): void => {
    // last chance on a normal exit; a crash or kill -9 loses at most one flush interval
    try {
      this.flush()
    } catch {
      // nothing can be reported any more
    }
  }

  constructor(file: string, opts: OpenHistoryOptions = {}) {
    this.path = file
    this.opts = opts
    this.flushEvery = Math.max(1, opts.flushEvery ?? 50)
    this.flushIntervalMs = Math.max(10, opts.flushIntervalMs ?? 2000)
    let db: Database.Database | undefined
    try {
      db = connect(file, opts.nativeBinding)
      db.pragma(`busy_timeout = ${Math.max(0, Math.round(opts.busyTimeoutMs ?? 5000))}`)
      // the first read of the file: fails here with SQLITE_NOTADB for a file that is not SQLite
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      this.migration = migrate(db, file)
      // a write at open, so a read-only file is reported now and not at the end of a long run
      db.pragma(`user_version = ${db.pragma('user_version', { simple: true }) as number}`)
    } catch (err) {
      try {
        db?.close()
      } catch {
        // already failing; the first error is the one to report
      }
      throw explainSqliteError(err, file, 'open the history')
    }
    this.db = db
    this.trust = sqliteTrustMarks(db)
    process.on('exit', this.onExit)
  }

  // ---------------------------------------------------------------- runs: the engine's sink

  createRun(run: NewRun): void {
    this.assertOpen()
    const targets = [...new Set(run.plan.targets.map((t) => t.id))]
    const kinds = [...new Set(run.plan.suites.map((s) => s.kind))]
    this.write(`create run "${run.id}"`, () => {
      if (this.runExists(run.id)) {
        throw new HistoryError(
          'exists',
          this.path,
          `a run with id "${run.id}" already exists in the history "${this.path}"; start the run with a new id.`,
        )
      }
      this.db
        .prepare(
          `INSERT INTO runs (id, plan_id, plan_name, plan, status, started_at, started_ms, ended_at,
             pid, host, environment, findings, target_ids, kinds, headline)
           VALUES (?, ?, ?, ?, 'running', ?, ?, NULL, ?, ?, ?, '[]', ?, ?, '')`,
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
        )
      this.insertRunTargets(run.id, targets)
    })
  }

  appendSample(runId: string, suiteIndex: number, sample: LiveSample): void {
    this.assertOpen()
    if (typeof sample.t !== 'number' || !Number.isFinite(sample.t)) {
      throw new HistoryError(
        'invalid-data',
        this.path,
        `a sample of run "${runId}" suite ${suiteIndex} has no finite "t" (seconds since the suite began)`,
      )
    }
    this.bufferSample(runId, suiteIndex, sample)
  }

  startMonitor(runId: string, monitor: MonitorStart): void {
    this.assertOpen()
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
    this.writeWithSamples(`record the process monitor of run "${runId}"`, () => {
      this.requireRun(runId)
      this.db.prepare('UPDATE runs SET monitor = ? WHERE id = ?').run(JSON.stringify(stub), runId)
    })
  }

  appendMonitorSample(runId: string, sample: MonitorSample): void {
    this.assertOpen()
    if (typeof sample.t !== 'number' || !Number.isFinite(sample.t)) {
      throw new HistoryError(
        'invalid-data',
        this.path,
        `a process monitor sample of run "${runId}" has no finite "t" (seconds since the monitor began)`,
      )
    }
    this.bufferSample(runId, MONITOR_SERIES, sample)
  }

  private bufferSample(runId: string, suiteIndex: number, sample: { t: number }): void {
    // serialised now: the caller may reuse the object
    this.buffer.push({
      runId,
      suiteIndex,
      t: sample.t,
      at: Date.now(),
      json: JSON.stringify(sample),
    })
    if (this.buffer.length > MAX_BUFFERED) {
      const dropped = this.buffer.splice(0, this.buffer.length - MAX_BUFFERED).length
      this.report(
        new HistoryError(
          'disk-full',
          this.path,
          `${dropped} samples could not be written to "${this.path}" for a long time and were dropped from memory.`,
        ),
      )
    }
    if (this.buffer.length >= this.flushEvery) this.flushInBackground()
    else this.armTimer()
  }

  saveSuiteResult(runId: string, result: SuiteResult): void {
    this.assertOpen()
    const parsed = SuiteResultSchema.safeParse(result)
    if (!parsed.success) {
      const problems = summarizeIssues(parsed.error)
      throw new HistoryError(
        'invalid-data',
        this.path,
        `the result of suite ${result.index} of run "${runId}" does not match its schema (${problems}); it was not saved.`,
      )
    }
    const suite = parsed.data
    this.writeWithSamples(`save the result of suite ${suite.index} of run "${runId}"`, () => {
      this.requireRun(runId)
      this.db
        .prepare(
          `INSERT INTO suite_results (run_id, idx, kind, status, json) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (run_id, idx) DO UPDATE SET kind = excluded.kind, status = excluded.status,
             json = excluded.json`,
        )
        .run(runId, suite.index, suite.kind, suite.status, JSON.stringify(withoutSeries(suite)))
      // the saved series replaces the live samples: one source, exactly what the suite returned
      this.db
        .prepare('DELETE FROM samples WHERE run_id = ? AND suite_idx = ?')
        .run(runId, suite.index)
      this.insertSeries(runId, suite)
      this.updateHeadline(runId)
    })
  }

  finishRun(runId: string, end: RunEnd): void {
    this.assertOpen()
    this.writeWithSamples(`finish run "${runId}"`, () => {
      this.requireRun(runId)
      this.db
        .prepare(
          `UPDATE runs SET status = ?, ended_at = ?, findings = ?, score = ?, score_value = ?, error = ?,
             environment = COALESCE(?, environment), monitor = COALESCE(?, monitor)
           WHERE id = ?`,
        )
        .run(
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
        this.db
          .prepare('DELETE FROM samples WHERE run_id = ? AND suite_idx = ?')
          .run(runId, MONITOR_SERIES)
      }
      this.updateHeadline(runId)
    })
  }

  // ---------------------------------------------------------------- runs: reading and managing

  getRun(runId: string): RunResult | null {
    this.assertOpen()
    // show what is in memory too: a live run's latest samples, or ones a full disk held back
    this.flushInBackground()
    return this.read(`read run "${runId}"`, () => {
      const run = this.db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?').get(runId)
      if (!run) return null
      const suites = this.db
        .prepare<[string], SuiteRow>(
          'SELECT idx, kind, status, json FROM suite_results WHERE run_id = ? ORDER BY idx',
        )
        .all(runId)
      const samples = this.db
        .prepare<[string], SampleRow>(
          'SELECT suite_idx, t, at, json FROM samples WHERE run_id = ? ORDER BY seq',
        )
        .all(runId)
      for (const p of this.buffer) {
        if (p.runId === runId)
          samples.push({ suite_idx: p.suiteIndex, t: p.t, at: p.at, json: p.json })
      }
      return rebuildRun(this.path, run, suites, samples)
    })
  }

  listRuns(filter: Partial<RunFilter> = {}): RunSummary[] {
    this.assertOpen()
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
    return this.read('list runs', () =>
      this.db
        .prepare<(string | number)[], RunRow>(sql)
        .all(...args)
        .map((r) => this.summary(r)),
    )
  }

  deleteRun(runId: string): boolean {
    this.assertOpen()
    // unwritten samples of a deleted run must not resurface (or fail the next flush)
    this.buffer = this.buffer.filter((p) => p.runId !== runId)
    return this.write(`delete run "${runId}"`, () => {
      return this.db.prepare('DELETE FROM runs WHERE id = ?').run(runId).changes > 0
    })
  }

  importRun(input: RunResult): string {
    this.assertOpen()
    // a result from elsewhere may carry credentials: the one rule applies before it is stored
    const result = redactRun(parseInput(RunResultSchema, input, 'run result'))
    return this.write(`import run "${result.id}"`, () => {
      const existing = this.db
        .prepare<[string], { started_at: string; plan_name: string }>(
          'SELECT started_at, plan_name FROM runs WHERE id = ?',
        )
        .get(result.id)
      if (existing) {
        throw new HistoryError(
          'exists',
          this.path,
          `cannot import run "${result.id}": a run with that id (plan "${existing.plan_name}", ` +
            `started ${existing.started_at}) is already in the history "${this.path}". ` +
            `If it is the same run there is nothing to do; otherwise delete the existing run first.`,
        )
      }
      const targets = [...new Set(result.plan.targets.map((t) => t.id))]
      const kinds = [...new Set(result.plan.suites.map((s) => s.kind))]
      this.db
        .prepare(
          `INSERT INTO runs (id, plan_id, plan_name, plan, status, started_at, started_ms, ended_at,
             pid, host, environment, findings, score, score_value, error, baseline, imported_at,
             target_ids, kinds, headline, monitor, shards)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, 0, ?, ?, ?, '', ?, ?)`,
        )
        .run(
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
        )
      this.insertRunTargets(result.id, targets)
      const upsert = this.db.prepare(
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
        this.insertSeries(result.id, suite)
      }
      this.updateHeadline(result.id)
      if (result.baseline) this.applyBaseline(result.id, true)
      // a run from elsewhere: re-running its plan needs the user's review first
      this.trust.setUntrusted('run', result.id, true)
      return result.id
    })
  }

  setBaseline(runId: string, baseline: boolean): void {
    this.assertOpen()
    this.write(`set the baseline of run "${runId}"`, () => this.applyBaseline(runId, baseline))
  }

  markInterrupted(): number {
    this.assertOpen()
    const running = this.read('find unfinished runs', () =>
      this.db
        .prepare<[], Pick<RunRow, 'id' | 'pid' | 'host'>>(
          "SELECT id, pid, host FROM runs WHERE status = 'running'",
        )
        .all(),
    )
    const dead = running.filter(
      (r) => r.host !== THIS_HOST || r.pid === null || (r.pid !== process.pid && !pidAlive(r.pid)),
    )
    if (dead.length === 0) return 0
    return this.write('mark unfinished runs as interrupted', () => {
      const lastSample = this.db.prepare<[string], { at: number | null }>(
        'SELECT MAX(at) AS at FROM samples WHERE run_id = ?',
      )
      const mark = this.db.prepare(
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

  // ---------------------------------------------------------------- targets

  listTargets(): Target[] {
    this.assertOpen()
    const rows = this.read('list targets', () =>
      this.db
        .prepare<[], { id: string; json: string }>(
          'SELECT id, json FROM targets ORDER BY COALESCE(name, id) COLLATE NOCASE, id',
        )
        .all(),
    )
    return rows.map((r) => this.parseStored(TargetSchema, r.json, `target "${r.id}"`))
  }

  saveTarget(input: Target): Target {
    this.assertOpen()
    const target = parseInput(TargetSchema, input, 'target')
    if (this.opts.requireSecretRefs) {
      const literal = literalCredentialPaths(target)
      if (literal.length > 0) {
        throw new HistoryError(
          'literal-secret',
          this.path,
          `target "${target.id}" holds a secret as plain text in ${literal.join(', ')}; ` +
            `save it through the app's secret storage ({"secretRef": …}) or refer to an ` +
            `environment variable ({"env": "NAME"}) instead.`,
        )
      }
    }
    const now = nowIso()
    this.write(`save target "${target.id}"`, () => {
      this.db
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
    this.assertOpen()
    return this.write(`delete target "${id}"`, () => {
      return this.db.prepare('DELETE FROM targets WHERE id = ?').run(id).changes > 0
    })
  }

  // ---------------------------------------------------------------- plans

  listPlans(): SavedPlan[] {
    this.assertOpen()
    const rows = this.read('list plans', () =>
      this.db
        .prepare<[], { id: string; json: string; updated_at: string }>(
          'SELECT id, json, updated_at FROM plans ORDER BY name COLLATE NOCASE, id',
        )
        .all(),
    )
    return rows.map((r) => ({
      id: r.id,
      plan: this.parseStored(PlanSchema, r.json, `plan "${r.id}"`),
      updatedAt: r.updated_at,
    }))
  }

  getPlan(id: string): SavedPlan | null {
    this.assertOpen()
    const row = this.read(`read plan "${id}"`, () =>
      this.db
        .prepare<[string], { json: string; updated_at: string }>(
          'SELECT json, updated_at FROM plans WHERE id = ?',
        )
        .get(id),
    )
    if (!row) return null
    return {
      id,
      plan: this.parseStored(PlanSchema, row.json, `plan "${id}"`),
      updatedAt: row.updated_at,
    }
  }

  savePlan(input: Plan, id?: string): SavedPlan {
    this.assertOpen()
    const parsed = parseInput(PlanSchema, input, 'plan')
    const planId = parseInput(IdSchema, id ?? parsed.id ?? newPlanId(parsed.name), 'plan id')
    const plan: Plan = { ...parsed, id: planId }
    const updatedAt = nowIso()
    this.write(`save plan "${plan.name}"`, () => {
      this.db
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
    this.assertOpen()
    // runs keep their copy of the plan: deleting a plan never deletes history
    return this.write(`delete plan "${id}"`, () => {
      return this.db.prepare('DELETE FROM plans WHERE id = ?').run(id).changes > 0
    })
  }

  // ---------------------------------------------------------------- lifecycle

  /** Writes buffered samples now. Throws a HistoryError (and keeps them buffered) on failure. */
  flush(): void {
    if (this.closed || this.buffer.length === 0) return
    this.writeWithSamples('write samples', () => undefined)
  }

  /** How many samples are waiting to be written. */
  get pendingSamples(): number {
    return this.buffer.length
  }

  close(): void {
    if (this.closed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    process.off('exit', this.onExit)
    let failure: unknown
    try {
      this.flush()
    } catch (err) {
      failure = err
    }
    this.closed = true
    this.db.close()
    if (failure) {
      const lost = this.buffer.length
      this.buffer = []
      const why = failure instanceof Error ? failure.message : String(failure)
      throw new HistoryError(
        failure instanceof HistoryError ? failure.code : 'sqlite',
        this.path,
        `closed the history "${this.path}" but ${lost} samples could not be written: ${why}`,
        { cause: failure },
      )
    }
  }

  // ---------------------------------------------------------------- internals

  private assertOpen(): void {
    if (this.closed) {
      throw new HistoryError('closed', this.path, `the history "${this.path}" has been closed`)
    }
  }

  /** Runs `fn` in one write transaction; SQLite failures become HistoryErrors naming the fix. */
  private write<T>(doing: string, fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate()
    } catch (err) {
      throw explainSqliteError(err, this.path, doing)
    }
  }

  private read<T>(doing: string, fn: () => T): T {
    try {
      return fn()
    } catch (err) {
      throw explainSqliteError(err, this.path, doing)
    }
  }

  /**
   * Runs `fn` in a write transaction that first writes the buffered samples; they leave the
   * buffer only once the transaction has committed, so a failed write loses nothing.
   */
  private writeWithSamples<T>(doing: string, fn: () => T): T {
    const pending = this.buffer.slice()
    const out = this.write(doing, () => {
      const insert = this.db.prepare(
        // samples of a run deleted meanwhile are dropped rather than failing the batch
        `INSERT INTO samples (run_id, suite_idx, t, at, json)
         SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?)`,
      )
      for (const p of pending) insert.run(p.runId, p.suiteIndex, p.t, p.at, p.json, p.runId)
      return fn()
    })
    this.buffer.splice(0, pending.length)
    return out
  }

  private flushInBackground(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    try {
      this.flush()
    } catch (err) {
      this.report(err instanceof Error ? err : new Error(String(err)))
      this.armTimer()
    }
  }

  private armTimer(): void {
    if (this.timer || this.closed || this.buffer.length === 0) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flushInBackground()
    }, this.flushIntervalMs)
    this.timer.unref()
  }

  private report(err: Error): void {
    if (this.opts.onError) this.opts.onError(err)
    else console.error(`[perfdesk history] ${err.message}`)
  }

  private runExists(runId: string): boolean {
    return this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined
  }

  private requireRun(runId: string): void {
    if (!this.runExists(runId)) {
      throw new HistoryError(
        'not-found',
        this.path,
        `there is no run "${runId}" in the history "${this.path}"`,
      )
    }
  }

  private insertRunTargets(runId: string, targets: readonly string[]): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO run_targets (target_id, run_id) VALUES (?, ?)',
    )
    for (const t of targets) insert.run(t, runId)
  }

  private insertSeries(runId: string, suite: SuiteResult): void {
    const startMs = toMs(suite.startedAt) || Date.now()
    const insert = this.db.prepare(
      'INSERT INTO samples (run_id, suite_idx, t, at, json) VALUES (?, ?, ?, ?, ?)',
    )
    for (const s of suite.series) {
      insert.run(runId, suite.index, s.t, Math.round(startMs + s.t * 1000), JSON.stringify(s))
    }
  }

  private updateHeadline(runId: string): void {
    const rows = this.db
      .prepare<[string], { kind: string; json: string }>(
        'SELECT kind, json FROM suite_results WHERE run_id = ? ORDER BY idx',
      )
      .all(runId)
    const suites = rows.map((r) => JSON.parse(r.json) as unknown)
    this.db.prepare('UPDATE runs SET headline = ? WHERE id = ?').run(runHeadline(suites), runId)
  }

  /** One baseline per plan: by plan id when the run has one, else by plan name. */
  private applyBaseline(runId: string, baseline: boolean): void {
    const run = this.db
      .prepare<[string], { plan_id: string | null; plan_name: string }>(
        'SELECT plan_id, plan_name FROM runs WHERE id = ?',
      )
      .get(runId)
    if (!run) {
      throw new HistoryError(
        'not-found',
        this.path,
        `there is no run "${runId}" in the history "${this.path}"`,
      )
    }
    if (baseline) {
      if (run.plan_id !== null) {
        this.db
          .prepare('UPDATE runs SET baseline = 0 WHERE plan_id = ? AND id <> ?')
          .run(run.plan_id, runId)
      } else {
        this.db
          .prepare(
            'UPDATE runs SET baseline = 0 WHERE plan_id IS NULL AND plan_name = ? AND id <> ?',
          )
          .run(run.plan_name, runId)
      }
    }
    this.db.prepare('UPDATE runs SET baseline = ? WHERE id = ?').run(baseline ? 1 : 0, runId)
  }

  private summary(r: RunRow): RunSummary {
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

  private parseStored<S extends z.ZodType>(schema: S, json: string, what: string): z.output<S> {
    const r = schema.safeParse(JSON.parse(json))
    if (!r.success) {
      throw new HistoryError(
        'invalid-data',
        this.path,
        `the stored ${what} in "${this.path}" does not match its schema; save it again or delete it.`,
      )
    }
    return r.data
  }
}
