import { existsSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import { HistoryError, explainSqliteError } from './errors'
import { runHeadline } from './headline'
import { storedPlanScope } from './baselines'

/**
 * The SQLite schema as an ordered chain. Entry i moves the database from user_version i to i+1
 * inside one transaction (with the version bump), so a crash mid-migration leaves the previous
 * version intact. Never edit a shipped entry: append a new one.
 */
export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'core tables: targets, plans, runs, suite results, samples',
    up(db) {
      db.exec(`
        CREATE TABLE targets (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          name TEXT,
          json TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE plans (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          json TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE runs (
          id TEXT PRIMARY KEY,
          plan_id TEXT,
          plan_name TEXT NOT NULL,
          plan TEXT NOT NULL,                -- the plan as run (JSON, secrets as references)
          status TEXT NOT NULL,
          started_at TEXT NOT NULL,          -- exactly as given (ISO 8601)
          started_ms INTEGER NOT NULL,       -- for ordering whatever the offset notation
          ended_at TEXT,
          pid INTEGER,                       -- the process writing a 'running' run
          host TEXT,
          environment TEXT NOT NULL,
          findings TEXT NOT NULL DEFAULT '[]',
          score TEXT,
          error TEXT,
          baseline INTEGER NOT NULL DEFAULT 0,
          imported_at TEXT,
          target_ids TEXT NOT NULL DEFAULT '[]',
          kinds TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX runs_by_start ON runs (started_ms DESC);
        CREATE INDEX runs_by_status ON runs (status, started_ms DESC);
        CREATE INDEX runs_by_plan ON runs (plan_id, started_ms DESC);
        CREATE TABLE suite_results (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          idx INTEGER NOT NULL,
          kind TEXT NOT NULL,
          status TEXT NOT NULL,
          json TEXT NOT NULL,                -- the suite result without its series
          PRIMARY KEY (run_id, idx)
        );
        -- every suite's series lives here, live samples and final series alike
        CREATE TABLE samples (
          seq INTEGER PRIMARY KEY,
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          suite_idx INTEGER NOT NULL,
          t REAL NOT NULL,                   -- seconds since the suite began
          at INTEGER NOT NULL,               -- wall clock (ms) when recorded
          json TEXT NOT NULL
        );
        CREATE INDEX samples_by_run ON samples (run_id, suite_idx, seq);
      `)
    },
  },
  {
    version: 2,
    name: 'run_targets: index runs by the targets they measured',
    up(db) {
      db.exec(`
        CREATE TABLE run_targets (
          target_id TEXT NOT NULL,
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          PRIMARY KEY (target_id, run_id)
        ) WITHOUT ROWID;
        CREATE INDEX run_targets_by_run ON run_targets (run_id);
        INSERT OR IGNORE INTO run_targets (target_id, run_id)
          SELECT j.value, r.id FROM runs r, json_each(r.target_ids) j;
      `)
    },
  },
  {
    version: 3,
    name: 'runs.headline and runs.score_value for the history list',
    up(db) {
      db.exec(`
        ALTER TABLE runs ADD COLUMN headline TEXT NOT NULL DEFAULT '';
        ALTER TABLE runs ADD COLUMN score_value REAL;
        UPDATE runs SET score_value = json_extract(score, '$.value') WHERE score IS NOT NULL;
      `)
      const suites = db.prepare<[string], { kind: string; json: string }>(
        'SELECT kind, json FROM suite_results WHERE run_id = ? ORDER BY idx',
      )
      const set = db.prepare('UPDATE runs SET headline = ? WHERE id = ?')
      for (const { id } of db.prepare<[], { id: string }>('SELECT id FROM runs').all()) {
        const rows = suites.all(id).map((r) => storedJson(r.json))
        set.run(runHeadline(rows), id)
      }
    },
  },
  {
    version: 4,
    name: 'runs.monitor: the process monitor of a run (samples, summary, findings)',
    up(db) {
      // one JSON document per run: at one sample a second an hour-long run is ~300 KB
      db.exec('ALTER TABLE runs ADD COLUMN monitor TEXT')
    },
  },
  {
    version: 5,
    name: 'runs.shards: the shards a merged run was made of (perfdesk merge)',
    up(db) {
      db.exec('ALTER TABLE runs ADD COLUMN shards TEXT')
    },
  },
  {
    version: 6,
    name: 'baselines chosen per plan and target; runs.scope_plan and scope_target',
    up(db) {
      db.exec(`
        ALTER TABLE runs ADD COLUMN scope_plan TEXT NOT NULL DEFAULT '';
        ALTER TABLE runs ADD COLUMN scope_target TEXT NOT NULL DEFAULT '';
        CREATE TABLE baselines (
          scope_plan TEXT NOT NULL,
          scope_target TEXT NOT NULL,
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          set_at TEXT NOT NULL,
          PRIMARY KEY (scope_plan, scope_target)
        );
        CREATE INDEX baselines_by_run ON baselines (run_id);
      `)
      const rows = db
        .prepare<[], { id: string; plan_id: string | null; plan: string; baseline: number }>(
          'SELECT id, plan_id, plan, baseline FROM runs ORDER BY started_ms',
        )
        .all()
      const setScope = db.prepare('UPDATE runs SET scope_plan = ?, scope_target = ? WHERE id = ?')
      const choose = db.prepare(
        'INSERT OR REPLACE INTO baselines (scope_plan, scope_target, run_id, set_at) VALUES (?, ?, ?, ?)',
      )
      for (const r of rows) {
        const scope = storedPlanScope(r.plan, r.plan_id)
        setScope.run(scope.plan, scope.target, r.id)
        // the one baseline per plan of before: the latest marked run of a scope keeps it
        if (r.baseline === 1) choose.run(scope.plan, scope.target, r.id, new Date().toISOString())
      }
      db.exec(`
        UPDATE runs SET baseline = 0;
        UPDATE runs SET baseline = 1 WHERE id IN (SELECT run_id FROM baselines);
        CREATE INDEX runs_by_scope ON runs (scope_plan, scope_target, started_ms DESC);
      `)
    },
  },
]

export const LATEST_SCHEMA_VERSION = migrations.length

function storedJson(json: string): unknown {
  try {
    return JSON.parse(json) as unknown
  } catch {
    return undefined
  }
}

export interface MigrationReport {
  from: number
  to: number
  /** a copy of the database taken before migrating existing history */
  backup?: string
}

/**
 * Brings the database to `to` (default: latest). Existing history is copied aside with VACUUM INTO
 * before the first migration step, so a bug in a migration can never cost the user their runs.
 */
export function migrate(
  db: Database,
  file: string,
  opts: { to?: number; backup?: boolean } = {},
): MigrationReport {
  const to = opts.to ?? LATEST_SCHEMA_VERSION
  const from = db.pragma('user_version', { simple: true }) as number
  if (from > LATEST_SCHEMA_VERSION) {
    throw new HistoryError(
      'too-new',
      file,
      `the history database "${file}" was written by a newer PerfDesk (schema version ${from}; ` +
        `this version knows up to ${LATEST_SCHEMA_VERSION}). Update PerfDesk, or choose another ` +
        `history file with --db <file> or PERFDESK_DB.`,
    )
  }
  const report: MigrationReport = { from, to: Math.max(from, to) }
  if (from >= to) return report
  if (from === 0) refuseForeignDatabase(db, file)
  if (from > 0 && opts.backup !== false && file !== ':memory:' && file !== '') {
    report.backup = backupPath(file, from)
    try {
      db.prepare('VACUUM INTO ?').run(report.backup)
    } catch (err) {
      throw explainSqliteError(
        err,
        file,
        `copy the history to ${report.backup} before upgrading it`,
      )
    }
  }
  for (const m of migrations) {
    if (m.version <= from || m.version > to) continue
    try {
      db.transaction(() => {
        m.up(db)
        db.pragma(`user_version = ${m.version}`)
      })()
    } catch (err) {
      throw explainSqliteError(
        err,
        file,
        `upgrade the history to schema version ${m.version} (${m.name})`,
      )
    }
  }
  return report
}

/** Version 0 with tables of its own is some other program's database: never write into it. */
function refuseForeignDatabase(db: Database, file: string): void {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 3",
    )
    .all()
  if (tables.length === 0) return
  throw new HistoryError(
    'not-a-database',
    file,
    `"${file}" is an SQLite database but not a PerfDesk history (it has tables such as ` +
      `${tables.map((t) => t.name).join(', ')}). PerfDesk left it untouched; choose another ` +
      `history file with --db <file> or the PERFDESK_DB environment variable.`,
  )
}

function backupPath(file: string, version: number): string {
  const base = `${file}.v${version}.bak`
  if (!existsSync(base)) return base
  return `${file}.v${version}.${Date.now()}.bak`
}
