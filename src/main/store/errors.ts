/** Why a history operation failed, in words a user can act on. */
export type HistoryErrorCode =
  | 'not-a-database'
  | 'read-only'
  | 'disk-full'
  | 'io-error'
  | 'cannot-open'
  | 'native-module'
  | 'corrupt'
  | 'busy'
  | 'too-new'
  | 'closed'
  | 'not-found'
  | 'exists'
  | 'literal-secret'
  | 'invalid-data'
  | 'sqlite'

export class HistoryError extends Error {
  readonly code: HistoryErrorCode
  readonly file: string
  constructor(
    code: HistoryErrorCode,
    file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'HistoryError'
    this.code = code
    this.file = file
  }
}

const OTHER_FILE =
  'or choose another history file with --db <file> or the PERFDESK_DB environment variable'

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * Turns a SQLite failure into a HistoryError naming the file and the fix. `doing` says what was
 * being attempted ("save the suite result of run X"). Errors that are already HistoryErrors pass.
 */
export function explainSqliteError(err: unknown, file: string, doing: string): Error {
  if (err instanceof HistoryError) return err
  const code = sqliteCode(err) ?? ''
  const said = err instanceof Error ? err.message : String(err)
  // extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…) share their primary code's fix
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? ''
  switch (primary) {
    case 'SQLITE_NOTADB':
      return new HistoryError(
        'not-a-database',
        file,
        `"${file}" is not a PerfDesk history database (SQLite: ${said}). ` +
          `PerfDesk left it untouched: move it aside (e.g. rename it to ${basename(file)}.bad) ` +
          `so a new history is created, ${OTHER_FILE}.`,
        { cause: err },
      )
    case 'SQLITE_READONLY':
      return new HistoryError(
        'read-only',
        file,
        `cannot ${doing}: the history database "${file}" is read-only (SQLite: ${said}). ` +
          `Give your user write permission on the file and its folder (the folder holds the ` +
          `-wal and -shm files), ${OTHER_FILE}. Nothing was changed.`,
        { cause: err },
      )
    case 'SQLITE_FULL':
      return new HistoryError(
        'disk-full',
        file,
        `cannot ${doing}: the disk holding the history database "${file}" is full (SQLite: ${said}). ` +
          `The unfinished write was rolled back and earlier history is intact; free some disk ` +
          `space and try again, ${OTHER_FILE}.`,
        { cause: err },
      )
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return new HistoryError(
        'cannot-open',
        file,
        `cannot open the history database "${file}" to ${doing} (SQLite: ${said}). ` +
          `Check that the folder exists and that your user may read and write it, ${OTHER_FILE}.`,
        { cause: err },
      )
    case 'SQLITE_CORRUPT':
      return new HistoryError(
        'corrupt',
        file,
        `the history database "${file}" is damaged (SQLite: ${said}). Keep a copy of the file, ` +
          `then try "sqlite3 ${file} .recover" to salvage it, ${OTHER_FILE}.`,
        { cause: err },
      )
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new HistoryError(
        'busy',
        file,
        `cannot ${doing}: another program holds a lock on the history database "${file}" ` +
          `(SQLite: ${said}). Close other PerfDesk windows or CLI runs using it and try again.`,
        { cause: err },
      )
    case 'SQLITE_IOERR':
      return new HistoryError(
        'io-error',
        file,
        `cannot ${doing}: the disk refused a write to the history database "${file}" (SQLite: ${said}). ` +
          `Check free space and the disk's health; earlier history is intact.`,
        { cause: err },
      )
    default:
      return new HistoryError(
        'sqlite',
        file,
        `cannot ${doing} in the history database "${file}": ${said}`,
        { cause: err },
      )
  }
}

function basename(file: string): string {
  const parts = file.split(/[\\/]/)
  return parts[parts.length - 1] ?? file
}
