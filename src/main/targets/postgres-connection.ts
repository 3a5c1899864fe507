import type { ClientConfig } from 'pg'
import type { PostgresTarget } from '@shared/index'

/** Secrets arrive resolved; a reference that slipped through is a bug upstream, said plainly. */
function plain(v: unknown, field: string): string | undefined {
  if (v === undefined) return undefined
  if (typeof v === 'string') return v
  throw new Error(
    `target.${field} was not resolved to a value (got a reference); resolve secrets first`,
  )
}

export interface ConnectOptions {
  /** sessions start with default_transaction_read_only on */
  readOnly: boolean
  connectTimeoutMs?: number
  applicationName?: string
}

/** pg client settings for a target. */
export function clientConfig(target: PostgresTarget, opts: ConnectOptions): ClientConfig {
  const cfg: ClientConfig = {
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    application_name: opts.applicationName ?? 'perfdesk',
    options: opts.readOnly ? '-c default_transaction_read_only=on' : undefined,
  }
  const cs = plain(target.connectionString, 'connectionString')
  if (cs !== undefined) cfg.connectionString = opts.readOnly ? withReadOnlyOption(cs) : cs
  if (target.host !== undefined) cfg.host = target.host
  if (target.port !== undefined) cfg.port = target.port
  if (target.database !== undefined) cfg.database = target.database
  if (target.user !== undefined) cfg.user = target.user
  const pw = plain(target.password, 'password')
  if (pw !== undefined) cfg.password = pw
  if (target.ssl !== undefined) {
    cfg.ssl =
      typeof target.ssl === 'boolean'
        ? target.ssl
        : { rejectUnauthorized: target.ssl.rejectUnauthorized }
  }
  return cfg
}

/**
 * pg lets a connection string's own `options` replace the config's: fold the read-only flag into
 * it, so that a user's `?options=-c work_mem=…` cannot switch the guard off.
 */
function withReadOnlyOption(cs: string): string {
  let u: URL
  try {
    u = new URL(cs)
  } catch {
    return cs // key=value form: it cannot carry options that pg would merge over ours
  }
  const own = u.searchParams.get('options')
  if (own === null) return cs
  u.searchParams.set('options', `${own} -c default_transaction_read_only=on`)
  return u.toString()
}

/** host:port/database as the user would recognise it (no password). */
export function describeTarget(target: PostgresTarget): string {
  const cs = typeof target.connectionString === 'string' ? target.connectionString : undefined
  if (cs !== undefined) {
    try {
      const u = new URL(cs)
      return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`
    } catch {
      return 'the connection string'
    }
  }
  return `${target.host ?? 'localhost'}:${target.port ?? 5432}/${target.database ?? ''}`
}

interface PgLikeError {
  code?: string
  message?: string
  errno?: number
}

/** One clear sentence for a connection failure: what happened and what to check. */
export function connectionErrorMessage(err: unknown, target: PostgresTarget): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as PgLikeError
  const where = describeTarget(target)
  const msg = e.message ?? String(err)
  switch (e.code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${where}: connection refused — is the server running and listening on that host and port?`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL at ${where}: the host name does not resolve — check target.host`
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot reach PostgreSQL at ${where}: ${e.code} — check the host, port and firewall`
    case '28P01':
      return `authentication failed at ${where}: ${msg} — check target.user and target.password`
    case '28000':
      return `authentication failed at ${where}: ${msg} — check target.user (does the role exist?) and the server's pg_hba.conf`
    case '3D000':
      return `${msg} at ${where} — check target.database`
    case '53300':
      return `the server at ${where} refused the connection: ${msg} — too many connections; lower the pool sizes or raise max_connections`
    case '57P03':
      return `the server at ${where} is starting up or shutting down: ${msg}`
  }
  if (/timeout/i.test(msg)) {
    return `cannot reach PostgreSQL at ${where}: no answer within the connect timeout — check the host, port and firewall`
  }
  if (/SSL/i.test(msg)) return `SSL problem at ${where}: ${msg} — check target.ssl`
  return `cannot connect to PostgreSQL at ${where}: ${msg}`
}

/** A query error as a short line: message, SQLSTATE and position when known. */
export function queryErrorMessage(err: unknown, positionOffset = 0): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as PgLikeError & {
    position?: string
  }
  const msg = e.message ?? String(err)
  const parts = [msg]
  if (e.code) parts.push(`SQLSTATE ${e.code}`)
  const pos = Number(e.position) - positionOffset
  if (e.position && pos > 0) parts.push(`at character ${pos} of the query`)
  return parts.join(', ')
}
