import type { Redis } from 'ioredis'
import type { RedisHealthData } from '@shared/index'
import { hitRatio, readSlowlogEntries } from '../redis/health'
import { numberOr } from '../redis/ttl'

/** The server's own view, from INFO, CONFIG GET and SLOWLOG GET (read commands only). */

type Info = Record<string, string>

export function serverParts(
  info: Info,
  nowSec: number,
  saveConfig: string | null,
): Pick<RedisHealthData, 'memory' | 'persistence' | 'stats' | 'clients'> {
  const n = (k: string): number | null => numberOr(info[k])
  const hits = n('keyspace_hits')
  const misses = n('keyspace_misses')
  const lastSave = n('rdb_last_save_time')
  return {
    memory: {
      usedBytes: n('used_memory'),
      rssBytes: n('used_memory_rss'),
      peakBytes: n('used_memory_peak'),
      maxmemoryBytes: n('maxmemory'),
      policy: info.maxmemory_policy ?? null,
      fragmentationRatio: n('mem_fragmentation_ratio'),
    },
    persistence: {
      rdbLastSaveStatus: info.rdb_last_bgsave_status ?? null,
      rdbLastSaveAgeSec: lastSave !== null ? Math.max(0, nowSec - lastSave) : null,
      rdbChangesSinceSave: n('rdb_changes_since_last_save'),
      rdbSaveConfig: saveConfig,
      aofEnabled: info.aof_enabled === undefined ? null : info.aof_enabled === '1',
      aofLastWriteStatus: info.aof_last_write_status ?? null,
    },
    stats: {
      hits,
      misses,
      hitRatio: hitRatio(hits, misses),
      evictedKeys: n('evicted_keys'),
      expiredKeys: n('expired_keys'),
      opsPerSec: n('instantaneous_ops_per_sec'),
    },
    clients: {
      connected: n('connected_clients'),
      blocked: n('blocked_clients'),
      maxclients: n('maxclients'),
      rejected: n('rejected_connections'),
    },
  }
}

/** The ten slowest recent commands; two arguments shown, shortened (values are the user's data). */
export function readSlowlog(
  client: Redis,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<RedisHealthData['slowlog'] | null> {
  return readSlowlogEntries(client, { timeoutMs, signal, shownArgs: 2 }, () => ({}))
}
