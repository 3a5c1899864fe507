import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'

/**
 * The history holds measurements of production systems: only its owner may read it. A new
 * database file is created 0600 (SQLite gives its -wal and -shm files the same mode); an
 * existing one loses any group/other bits but keeps its owner bits (a read-only file stays so).
 */
export function privateDbFile(file: string): void {
  if (process.platform === 'win32' || file === '' || file === ':memory:') return
  try {
    if (!existsSync(file)) closeSync(openSync(file, 'wx', 0o600))
    const mode = statSync(file).mode & 0o777
    if (mode & 0o077) chmodSync(file, mode & 0o700)
  } catch {
    // not ours to change (another owner, a read-only folder): opening will say what is wrong
  }
}

/** Creates a folder 0700; tightens an existing one when it is PerfDesk's own. */
export function privateDir(dir: string, own: boolean): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (process.platform === 'win32' || !own) return
  try {
    const mode = statSync(dir).mode & 0o777
    if (mode & 0o077) chmodSync(dir, mode & 0o700)
  } catch {
    // as above
  }
}
