import { execFile, spawn } from 'node:child_process'
import { access, readdir } from 'node:fs/promises'
import { constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import type { ClientConfig } from 'pg'
import type { PostgresTarget } from '@shared/index'

/**
 * pg_dump and pg_restore: found on PATH or where Debian keeps each major version
 * (/usr/lib/postgresql/<major>/bin), matched to the server's major version, and run with the
 * target's connection (the password goes in the environment, never on the command line).
 */

export interface PgTool {
  path: string
  major: number
  version: string
}

export class PgToolMissingError extends Error {
  override name = 'PgToolMissingError'
}

function versionOf(path: string): Promise<PgTool | null> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: 5000 }, (err, stdout) => {
      const m = /(\d+)(?:\.(\d+))?/.exec(stdout ?? '')
      resolve(err || !m ? null : { path, major: Number(m[1]), version: stdout.trim() })
    })
  })
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Every copy of the tool this machine has, with its version. */
async function candidates(name: string): Promise<PgTool[]> {
  const paths = new Set<string>()
  try {
    for (const v of await readdir('/usr/lib/postgresql'))
      paths.add(`/usr/lib/postgresql/${v}/bin/${name}`)
  } catch {
    // not Debian
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) paths.add(join(dir, name))
  const found: PgTool[] = []
  for (const p of paths) {
    if (!(await executable(p))) continue
    const t = await versionOf(p)
    if (t) found.push(t)
  }
  return found
}

/**
 * The tool of the server's major version, else the oldest newer one (pg_dump reads older
 * servers, never newer ones). Throws a sentence naming the package when there is none.
 */
export async function findPgTool(
  name: 'pg_dump' | 'pg_restore',
  serverMajor: number,
): Promise<PgTool> {
  const all = await candidates(name)
  const exact = all.find((t) => t.major === serverMajor)
  if (exact) return exact
  const newer = all.filter((t) => t.major > serverMajor).sort((a, b) => a.major - b.major)[0]
  if (newer) return newer
  const have = all.length
    ? ` (found only ${all.map((t) => `${t.path}: ${t.major}`).join(', ')})`
    : ''
  throw new PgToolMissingError(
    `${name} ${serverMajor} or newer is needed for a PostgreSQL ${serverMajor} server and was not found on PATH or in /usr/lib/postgresql${have}: install the client package — Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}; Red Hat: dnf install postgresql${serverMajor}; macOS: brew install libpq`,
  )
}

/** `-d` argument and environment for a libpq tool connecting to `database` (or the target's own). */
export function libpqConnection(
  target: PostgresTarget,
  database?: string,
): { dbArg: string; env: Record<string, string> } {
  const env: Record<string, string> = {}
  const cs = typeof target.connectionString === 'string' ? target.connectionString : undefined
  if (cs !== undefined) {
    if (/^postgres(ql)?:\/\//.test(cs)) {
      const u = new URL(cs)
      if (u.password) env.PGPASSWORD = decodeURIComponent(u.password)
      u.password = ''
      if (database) u.pathname = `/${encodeURIComponent(database)}`
      return { dbArg: u.toString(), env }
    }
    return { dbArg: database ? `${cs} dbname='${database}'` : cs, env }
  }
  if (target.host) env.PGHOST = target.host
  if (target.port) env.PGPORT = String(target.port)
  if (target.user) env.PGUSER = target.user
  if (typeof target.password === 'string') env.PGPASSWORD = target.password
  if (target.ssl)
    env.PGSSLMODE =
      typeof target.ssl === 'object' && target.ssl.rejectUnauthorized ? 'verify-full' : 'require'
  return { dbArg: database ?? target.database ?? '', env }
}

/** A pg client config pointed at another database of the same server. */
export function withDatabase(cfg: ClientConfig, database: string): ClientConfig {
  if (cfg.connectionString && /^postgres(ql)?:\/\//.test(cfg.connectionString)) {
    const u = new URL(cfg.connectionString)
    u.pathname = `/${encodeURIComponent(database)}`
    return { ...cfg, connectionString: u.toString(), database }
  }
  if (cfg.connectionString)
    return { ...cfg, connectionString: `${cfg.connectionString} dbname='${database}'` }
  return { ...cfg, database }
}

export interface ToolRun {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
}

/** Runs a tool to its end; on abort it is killed at once (the caller cleans up after it). */
export function runTool(
  tool: PgTool,
  args: string[],
  env: Record<string, string>,
  signal: AbortSignal,
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('cancelled'))
      return
    }
    const child = spawn(tool.path, args, {
      env: { ...process.env, ...env, PGAPPNAME: 'perfdesk backup check' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += b.toString()
    })
    const onAbort = (): void => {
      child.kill('SIGKILL')
    }
    signal.addEventListener('abort', onAbort, { once: true })
    child.on('error', (err) => {
      signal.removeEventListener('abort', onAbort)
      reject(err)
    })
    child.on('close', (code, sig) => {
      signal.removeEventListener('abort', onAbort)
      if (signal.aborted) reject(new Error('cancelled'))
      else resolve({ code, signal: sig, stderr })
    })
  })
}
