import { Redis } from 'ioredis'
import type { RedisOptions } from 'ioredis'
import type { ConnectionTestResult, RedisTarget } from '@shared/index'
import { secretText } from './http'

/**
 * The Redis target outside of any suite: how to connect (shared with the suite), the
 * "Test connection" button and plain-language messages for connection failures.
 */

/** ioredis options for a target: never reconnects or queues, so a lost server fails fast. */
export function redisClientOptions(
  target: RedisTarget,
  opts: { connectTimeoutMs?: number; commandTimeoutMs?: number; name?: string } = {},
): RedisOptions {
  const options: RedisOptions = {
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    // the error is handled where the command was sent; this only keeps ioredis from logging it
    showFriendlyErrorStack: false,
  }
  if (opts.commandTimeoutMs !== undefined) options.commandTimeout = opts.commandTimeoutMs
  if (opts.name) options.connectionName = opts.name
  if (target.password !== undefined) options.password = secretText(target.password, 'password')
  if (target.db !== undefined) options.db = target.db
  if (target.tls || target.url.startsWith('rediss://')) options.tls = {}
  return options
}

/** A connected client; rejects with a plain sentence when the server cannot be reached. */
export async function connectRedis(
  target: RedisTarget,
  opts: { connectTimeoutMs?: number; commandTimeoutMs?: number; name?: string } = {},
): Promise<Redis> {
  const client = new Redis(target.url, redisClientOptions(target, opts))
  // without a listener ioredis prints every connection error to stderr; the first one says why
  let cause: unknown
  const onError = (err: unknown): void => {
    cause ??= err
  }
  client.on('error', onError)
  try {
    await client.connect()
    // ioredis reports a failed SELECT only as an 'error' event and stays on db 0: check it here,
    // so that nothing is ever written to a database the user did not choose
    const db = client.options.db ?? 0
    if (db !== 0) await client.select(db)
    client.off('error', onError)
    client.on('error', () => {})
    return client
  } catch (err) {
    client.disconnect()
    throw new RedisConnectError(describeRedisError(cause ?? err, target))
  }
}

/** A connection failure already described in plain words. */
export class RedisConnectError extends Error {
  override name = 'RedisConnectError'
}

/** `redis://host:port/db` without credentials, as shown to users. */
export function redisDisplayUrl(target: RedisTarget): string {
  try {
    const u = new URL(target.url)
    const db =
      target.db !== undefined ? `/${target.db}` : u.pathname && u.pathname !== '/' ? u.pathname : ''
    return `${u.protocol}//${u.host}${db}`
  } catch {
    return target.url.replace(/\/\/[^@/]*@/, '//')
  }
}

/** One plain sentence for a connection or command failure, naming the server and what to check. */
export function describeRedisError(err: unknown, target: RedisTarget): string {
  const e = err as NodeJS.ErrnoException
  const code = e?.code ?? ''
  const msg = e instanceof Error ? e.message : String(err)
  const where = redisDisplayUrl(target)
  if (code === 'ECONNREFUSED')
    return `connection refused at ${where} — is Redis running on that port?`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot resolve the host of ${where} (DNS lookup failed) — check the URL`
  }
  if (code === 'ETIMEDOUT' || /connect ETIMEDOUT/.test(msg)) {
    const tls = target.tls || target.url.startsWith('rediss://')
    return tls
      ? `no TLS handshake with ${where} — if the server has no TLS, use redis:// and tls: false`
      : `no answer from ${where} — is the host up, and is a firewall dropping the traffic?`
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return `${where} closed the connection — if the server uses TLS, use rediss:// or set tls: true`
  }
  if (/NOAUTH/.test(msg)) return `${where} needs a password — set "password" on the target`
  if (/WRONGPASS|invalid password|invalid username-password/i.test(msg)) {
    return `${where} refused the password (or username) — check "password" on the target`
  }
  if (/DB index is out of range/i.test(msg)) {
    return `db ${target.db ?? '?'} does not exist on ${where} — use a db below the server's "databases" setting`
  }
  if (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    code === 'EPROTO' ||
    /certificate/i.test(msg)
  ) {
    return `TLS with ${where} failed (${code || msg}) — check the certificate, or use redis:// if the server has no TLS`
  }
  if (/Connection is closed|Stream isn't writeable/.test(msg))
    return `lost the connection to ${where}: ${msg}`
  if (/Command timed out/.test(msg)) return `${where} stopped answering (a command timed out)`
  return `${where}: ${msg}`
}

/** INFO text → section → field → value. */
export function parseInfo(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {}
  let section: Record<string, string> = {}
  out.default = section
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line) continue
    if (line.startsWith('#')) {
      section = {}
      out[line.slice(1).trim().toLowerCase()] = section
      continue
    }
    const i = line.indexOf(':')
    if (i > 0) section[line.slice(0, i)] = line.slice(i + 1)
  }
  return out
}

/** Every field of every section, flat (INFO field names are unique across sections). */
export function flatInfo(text: string): Record<string, string> {
  return Object.assign({}, ...Object.values(parseInfo(text))) as Record<string, string>
}

const r1 = (v: number): number => Math.round(v * 10) / 10

/**
 * "Test connection": connects within 5 s, PINGs, and reports the server version, its mode
 * (standalone, cluster or sentinel), its role and its maxmemory policy.
 */
export async function testRedisTarget(
  target: RedisTarget,
  opts: { timeoutMs?: number } = {},
): Promise<ConnectionTestResult> {
  const timeoutMs = opts.timeoutMs ?? 5000
  const details: Record<string, string> = { url: redisDisplayUrl(target) }
  let client: Redis | undefined
  try {
    client = await connectRedis(target, {
      connectTimeoutMs: timeoutMs,
      commandTimeoutMs: timeoutMs,
      name: 'perfdesk-test',
    })
    const started = performance.now()
    await client.ping()
    const latencyMs = r1(performance.now() - started)
    const info = flatInfo(await client.info())
    const version = info.redis_version ?? 'unknown'
    const mode = info.redis_mode ?? 'standalone'
    details.version = version
    details.mode = mode
    if (info.role) details.role = info.role
    if (mode === 'sentinel') {
      const masters = await sentinelMasters(client)
      details.masters = masters.join(', ') || 'none'
      return {
        ok: true,
        message: `Redis Sentinel ${version} in ${latencyMs} ms, watching ${masters.length} master(s) — point a suite at a master, not at the sentinel`,
        latencyMs,
        details,
      }
    }
    const maxmemory = Number(info.maxmemory ?? '0')
    const policy = info.maxmemory_policy ?? 'unknown'
    details.maxmemoryPolicy = policy
    details.maxmemory = maxmemory > 0 ? formatBytes(maxmemory) : 'no limit'
    if (info.used_memory_human) details.usedMemory = info.used_memory_human
    if (mode === 'cluster') {
      details.clusterEnabled = info.cluster_enabled ?? '1'
    }
    return {
      ok: true,
      message: `Redis ${version} (${mode}, ${info.role ?? 'unknown role'}) in ${latencyMs} ms · maxmemory ${details.maxmemory}, policy ${policy}`,
      latencyMs,
      details,
    }
  } catch (err) {
    const message = err instanceof RedisConnectError ? err.message : describeRedisError(err, target)
    return { ok: false, message, latencyMs: null, details }
  } finally {
    client?.disconnect()
  }
}

async function sentinelMasters(client: Redis): Promise<string[]> {
  try {
    const rows = (await client.call('SENTINEL', 'MASTERS')) as unknown
    if (!Array.isArray(rows)) return []
    return rows.flatMap((row: unknown) => {
      if (!Array.isArray(row)) return []
      const i = row.indexOf('name')
      const name = i >= 0 ? String(row[i + 1]) : undefined
      const ip = row[row.indexOf('ip') + 1]
      const port = row[row.indexOf('port') + 1]
      return name ? [`${name} (${String(ip)}:${String(port)})`] : []
    })
  } catch {
    return []
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${r1(n / (1024 * 1024 * 1024))} GB`
  if (n >= 1024 * 1024) return `${r1(n / (1024 * 1024))} MB`
  if (n >= 1024) return `${r1(n / 1024)} KB`
  return `${n} B`
}
