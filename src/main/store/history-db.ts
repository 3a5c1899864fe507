import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { z } from 'zod'
import { HistoryError, explainSqliteError } from './errors'
import { migrate, type MigrationReport } from './migrations'
import { privateDbFile } from './permissions'

/**
 * The open history file shared by the store's parts: one connection, its path for messages,
 * and the read/write wrappers that turn SQLite failures into HistoryErrors naming the fix.
 */
export class HistoryDb {
  closed = false

  private constructor(
    readonly path: string,
    readonly db: Database.Database,
    readonly migration: MigrationReport,
  ) {}

  static open(
    file: string,
    opts: { nativeBinding?: string | undefined; busyTimeoutMs?: number | undefined },
  ): HistoryDb {
    let db: Database.Database | undefined
    try {
      db = connect(file, opts.nativeBinding)
      db.pragma(`busy_timeout = ${Math.max(0, Math.round(opts.busyTimeoutMs ?? 5000))}`)
      // the first read of the file: fails here with SQLITE_NOTADB for a file that is not SQLite
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      const migration = migrate(db, file)
      // a write at open, so a read-only file is reported now and not at the end of a long run
      db.pragma(`user_version = ${db.pragma('user_version', { simple: true }) as number}`)
      return new HistoryDb(file, db, migration)
    } catch (err) {
      try {
        db?.close()
      } catch {
        // already failing; the first error is the one to report
      }
      throw explainSqliteError(err, file, 'open the history')
    }
  }

  assertOpen(): void {
    if (this.closed) {
      throw new HistoryError('closed', this.path, `the history "${this.path}" has been closed`)
    }
  }

  /** Runs `fn` in one write transaction; SQLite failures become HistoryErrors naming the fix. */
  write<T>(doing: string, fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate()
    } catch (err) {
      throw explainSqliteError(err, this.path, doing)
    }
  }

  read<T>(doing: string, fn: () => T): T {
    try {
      return fn()
    } catch (err) {
      throw explainSqliteError(err, this.path, doing)
    }
  }

  /** A JSON column checked against its schema: a row edited by hand is refused by name. */
  parseStored<S extends z.ZodType>(schema: S, json: string, what: string): z.output<S> {
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

  runNotFound(runId: string): HistoryError {
    return new HistoryError(
      'not-found',
      this.path,
      `there is no run "${runId}" in the history "${this.path}"`,
    )
  }
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

export const nowIso = (): string => new Date().toISOString()

export function toMs(isoText: string): number {
  const ms = Date.parse(isoText)
  return Number.isFinite(ms) ? ms : 0
}
