import type { Redis } from 'ioredis'
import type { Finding, RedisHealth } from '@shared/index'
import { flatInfo, formatBytes } from '../../targets/redis'
import { bounded } from './run-control'
import { numberOr } from './ttl'

export async function readInfo(
  client: Redis,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  return flatInfo(await bounded(client.info(), timeoutMs, signal))
}

/** CONFIG GET may be renamed or refused on managed services: null then. */
export async function configGet(
  client: Redis,
  name: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<string | null> {
  try {
    const r = (await bounded(client.config('GET', name), timeoutMs, signal)) as unknown
    return Array.isArray(r) && r.length >= 2 ? String(r[1]) : null
  } catch {
    return null
  }
}

async function configNumber(
  client: Redis,
  name: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<number | null> {
  const v = await configGet(client, name, timeoutMs, signal)
  return v === null ? null : numberOr(v)
}

/** Keyspace hits over all lookups, four decimals; null before any lookup. */
export function hitRatio(hits: number | null, misses: number | null): number | null {
  return hits !== null && misses !== null && hits + misses > 0
    ? Math.round((hits / (hits + misses)) * 10000) / 10000
    : null
}

interface SlowlogEntry {
  id: number
  timestamp: number
  durationUs: number
  command: string
}

/**
 * The ten slowest recent commands, the first `shownArgs` arguments shortened (values are the
 * user's data), each with what `extra` derives from its full argument list; null where the
 * server refuses SLOWLOG.
 */
export async function readSlowlogEntries<T extends object>(
  client: Redis,
  opts: { timeoutMs: number; signal: AbortSignal; shownArgs: number },
  extra: (args: string[]) => T,
): Promise<(SlowlogEntry & T)[] | null> {
  try {
    const call = client.call('SLOWLOG', 'GET', '10')
    const rows = (await bounded(call, opts.timeoutMs, opts.signal)) as unknown
    if (!Array.isArray(rows)) return null
    return rows.flatMap((row: unknown) => {
      if (!Array.isArray(row) || row.length < 4) return []
      const args = Array.isArray(row[3]) ? (row[3] as unknown[]).map(String) : []
      const shown = args
        .slice(0, opts.shownArgs)
        .map((a) => (a.length > 60 ? `${a.slice(0, 57)}...` : a))
        .join(' ')
      const command = args.length > opts.shownArgs ? `${shown} … (${args.length} args)` : shown
      const entry = { id: Number(row[0]), timestamp: Number(row[1]), durationUs: Number(row[2]) }
      return [{ ...entry, command, ...extra(args) }]
    })
  } catch {
    return null
  }
}

/**
 * The server's own view: INFO (before and after the suite, for what moved during it), SLOWLOG
 * and LATENCY LATEST. Commands that a managed service refuses give null, not an error.
 */
export async function readHealth(
  client: Redis,
  before: Record<string, string>,
  opts: { keyPrefix: string; timeoutMs: number; signal: AbortSignal },
): Promise<RedisHealth> {
  const after = await readInfo(client, opts.timeoutMs, opts.signal)
  const n = (k: string, src = after): number | null => numberOr(src[k])
  const delta = (k: string): number | null => {
    const a = n(k)
    const b = n(k, before)
    return a !== null && b !== null ? a - b : null
  }
  const hits = n('keyspace_hits')
  const misses = n('keyspace_misses')

  const slowlog: RedisHealth['slowlog'] = await readSlowlogEntries(
    client,
    { ...opts, shownArgs: 4 },
    (args) => ({ ours: args.some((a) => a.startsWith(opts.keyPrefix)) }),
  )

  let latency: RedisHealth['latency'] = null
  try {
    const rows = (await bounded(
      client.call('LATENCY', 'LATEST'),
      opts.timeoutMs,
      opts.signal,
    )) as unknown
    if (Array.isArray(rows)) {
      latency = rows.flatMap((row: unknown) =>
        Array.isArray(row) && row.length >= 4
          ? [
              {
                event: String(row[0]),
                timestamp: Number(row[1]),
                latestMs: Number(row[2]),
                maxMs: Number(row[3]),
              },
            ]
          : [],
      )
    }
  } catch {
    latency = null
  }

  return {
    version: after.redis_version ?? null,
    mode: after.redis_mode ?? null,
    role: after.role ?? null,
    uptimeSec: n('uptime_in_seconds'),
    connectedClients: n('connected_clients'),
    maxclients: n('maxclients'),
    usedMemoryBytes: n('used_memory'),
    usedMemoryRssBytes: n('used_memory_rss'),
    maxmemoryBytes: n('maxmemory'),
    maxmemoryPolicy: after.maxmemory_policy ?? null,
    fragmentationRatio: n('mem_fragmentation_ratio'),
    opsPerSec: n('instantaneous_ops_per_sec'),
    keyspaceHits: hits,
    keyspaceMisses: misses,
    hitRatio: hitRatio(hits, misses),
    evictedKeys: n('evicted_keys'),
    expiredKeys: n('expired_keys'),
    rejectedConnections: n('rejected_connections'),
    during: {
      commands: delta('total_commands_processed'),
      hits: delta('keyspace_hits'),
      misses: delta('keyspace_misses'),
      evicted: delta('evicted_keys'),
      expired: delta('expired_keys'),
    },
    slowlog,
    slowlogThresholdUs: await configNumber(
      client,
      'slowlog-log-slower-than',
      opts.timeoutMs,
      opts.signal,
    ),
    latency,
    latencyMonitorThresholdMs: await configNumber(
      client,
      'latency-monitor-threshold',
      opts.timeoutMs,
      opts.signal,
    ),
  }
}

/** Findings from the server's counters, each with the numbers that show it. */
export function healthFindings(h: RedisHealth, info: Record<string, string>): Finding[] {
  const out: Finding[] = []
  const used = h.usedMemoryBytes ?? 0
  const frag = h.fragmentationRatio
  if (frag !== null && frag > 1.5 && used > 100 * 1024 * 1024) {
    out.push({
      id: 'redis.health.fragmentation',
      severity: 'warning',
      title: `Memory fragmentation ${frag}: the process holds ${frag}× the memory its data needs`,
      detail:
        'The allocator keeps freed memory that cannot be reused for new values of different sizes.',
      evidence: [
        { label: 'mem_fragmentation_ratio', value: frag },
        { label: 'used_memory', value: formatBytes(used) },
        { label: 'used_memory_rss', value: formatBytes(h.usedMemoryRssBytes ?? 0) },
      ],
      recommendation:
        'Enable activedefrag (jemalloc builds), or restart the instance in a maintenance window.',
    })
  } else if (frag !== null && frag < 0.9 && used > 10 * 1024 * 1024) {
    out.push({
      id: 'redis.health.swapping',
      severity: 'critical',
      title: `Fragmentation ratio ${frag} < 1: part of Redis's memory is swapped out`,
      detail:
        'RSS below the data size means the OS has paged memory out; every access to it is a disk read.',
      evidence: [
        { label: 'mem_fragmentation_ratio', value: frag },
        { label: 'used_memory', value: formatBytes(used) },
        { label: 'used_memory_rss', value: formatBytes(h.usedMemoryRssBytes ?? 0) },
      ],
      recommendation: 'Give the machine more RAM or lower maxmemory; disable swap for Redis hosts.',
    })
  }
  if ((h.during.evicted ?? 0) > 0) {
    out.push({
      id: 'redis.health.evictions',
      severity: 'warning',
      title: `${h.during.evicted} keys were evicted while the suite ran`,
      detail: `The server reached maxmemory (${formatBytes(h.maxmemoryBytes ?? 0)}) and evicted keys under ${h.maxmemoryPolicy}.`,
      evidence: [
        { label: 'evicted during the run', value: h.during.evicted },
        { label: 'evicted_keys (lifetime)', value: h.evictedKeys },
        { label: 'maxmemory_policy', value: h.maxmemoryPolicy },
      ],
      recommendation:
        'Raise maxmemory or shrink values (compression, shorter TTLs) if the evicted keys are still wanted.',
    })
  }
  const lookups = (h.keyspaceHits ?? 0) + (h.keyspaceMisses ?? 0)
  if (h.hitRatio !== null && lookups >= 1000 && h.hitRatio < 0.8) {
    out.push({
      id: 'redis.health.hit-ratio',
      severity: 'info',
      title: `Server-wide hit ratio ${(h.hitRatio * 100).toFixed(1)} % since start`,
      detail:
        'Lookups of missing keys, counted by the server over its lifetime (this suite included).',
      evidence: [
        { label: 'keyspace_hits', value: h.keyspaceHits },
        { label: 'keyspace_misses', value: h.keyspaceMisses },
        { label: 'uptime', value: h.uptimeSec, unit: 's' },
      ],
      recommendation:
        'If Redis serves as a cache, review TTLs and key patterns; a low ratio means most reads go to the origin anyway.',
    })
  }
  if ((h.rejectedConnections ?? 0) > 0) {
    out.push({
      id: 'redis.health.rejected-connections',
      severity: 'warning',
      title: `${h.rejectedConnections} connections were rejected (maxclients ${h.maxclients ?? '?'})`,
      detail: 'Clients were turned away because the server had reached maxclients.',
      evidence: [
        { label: 'rejected_connections', value: h.rejectedConnections },
        { label: 'connected_clients', value: h.connectedClients },
        { label: 'maxclients', value: h.maxclients },
      ],
      recommendation:
        'Pool connections in the application, or raise maxclients (and the file descriptor limit).',
    })
  }
  const slow = (h.slowlog ?? []).filter((e) => !e.ours)
  if (slow.length > 0) {
    const worst = [...slow].sort((a, b) => b.durationUs - a.durationUs)[0]!
    out.push({
      id: 'redis.health.slowlog',
      severity: worst.durationUs >= 100_000 ? 'warning' : 'info',
      title: `SLOWLOG holds ${slow.length} slow command(s) not sent by this suite; the slowest took ${(worst.durationUs / 1000).toFixed(1)} ms`,
      detail: 'Redis runs commands one at a time: while one is slow, every client waits.',
      evidence: slow
        .slice(0, 5)
        .map((e) => ({ label: e.command, value: e.durationUs / 1000, unit: 'ms' })),
      recommendation:
        'Replace O(N) commands on large keys (KEYS, SMEMBERS, HGETALL, LRANGE 0 -1 on big collections) with SCAN-family or bounded ranges.',
    })
  }
  const events = h.latency ?? []
  if (events.length > 0) {
    const worst = [...events].sort((a, b) => b.maxMs - a.maxMs)[0]!
    out.push({
      id: 'redis.health.latency-events',
      severity: worst.maxMs >= 100 ? 'warning' : 'info',
      title: `The latency monitor recorded ${events.length} event type(s); worst: ${worst.event} up to ${worst.maxMs} ms`,
      detail:
        'LATENCY LATEST lists server-side stalls (fork, AOF fsync, expire cycles, slow commands).',
      evidence: events.map((e) => ({
        label: e.event,
        value: `${e.latestMs} ms latest, ${e.maxMs} ms max`,
      })),
      recommendation:
        'Run LATENCY DOCTOR on the server; fork stalls point at RDB/AOF rewrite, fsync at the disk.',
    })
  }
  if (info.rdb_last_bgsave_status === 'err' || info.aof_last_write_status === 'err') {
    out.push({
      id: 'redis.health.persistence',
      severity: 'critical',
      title: 'The last RDB save or AOF write failed',
      detail:
        'With stop-writes-on-bgsave-error (the default), Redis refuses writes after a failed save.',
      evidence: [
        { label: 'rdb_last_bgsave_status', value: info.rdb_last_bgsave_status ?? null },
        { label: 'aof_last_write_status', value: info.aof_last_write_status ?? null },
      ],
      recommendation: 'Check the disk (space, permissions) where Redis writes its dump or AOF.',
    })
  }
  return out
}
