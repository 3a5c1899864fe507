import type { Finding, RedisHealthConfig, RedisHealthData } from '@shared/index'
import { fmtBytes, fmtNumber, fmtPercent } from '@shared/format'
import { healthFindingMaker } from '../common/health'

/** Redis health data → findings (`redis.health.*`), each with the keys or numbers that show it and the command that fixes it. */

const finding = healthFindingMaker('redis.health')

const mb = (b: number | null): string => (b === null ? '—' : fmtBytes(b))

export function redisHealthFindings(h: RedisHealthData, c: RedisHealthConfig): Finding[] {
  const out: Finding[] = []
  const sampled = h.scan.complete
    ? ''
    : ` (a sample of ${fmtNumber(h.scan.keysSeen)} of ${fmtNumber(h.dbsizeBefore)} keys)`

  const big = h.bigKeys.filter((k) => k.bytes >= c.bigKeyBytes)
  if (big.length) {
    out.push(
      finding(
        'big-keys',
        big.some((k) => k.bytes >= 10 * c.bigKeyBytes) ? 'critical' : 'warning',
        `${big.length} key${big.length === 1 ? '' : 's'} of ${fmtBytes(c.bigKeyBytes)} or more; the largest ${fmtBytes(big[0]!.bytes)}`,
        `Reading, writing, expiring or deleting a big key blocks the single-threaded server for its whole size, and moves it in one piece over the network${sampled}.`,
        big.map((k) => ({
          label: k.key,
          value: `${k.type}, ${fmtBytes(k.bytes)}${k.ttlSec === null ? ', no TTL' : ''}`,
        })),
        `Split each into smaller keys (e.g. hash buckets by id), or shrink what is stored; delete without blocking:\n${big
          .map((k) => `UNLINK ${k.key}`)
          .join('\n')}`,
      ),
    )
  }

  const share = h.ttl.noTtlShare
  if (share !== null && share >= c.noTtlShare && h.scan.keysSeen > 0) {
    const volatile = (h.memory.policy ?? '').startsWith('volatile')
    out.push(
      finding(
        'no-ttl',
        volatile ? 'warning' : 'info',
        `${fmtPercent(share, 1)} of keys have no TTL${h.ttl.margin ? ` (± ${fmtPercent(h.ttl.margin, 1)})` : ''}`,
        `Keys without a TTL live until deleted${volatile ? `; under ${h.memory.policy} they can never be evicted either, so the cache fills with them` : ''}${sampled}.`,
        [
          { label: 'without TTL', value: h.ttl.withoutTtl },
          { label: 'with TTL', value: h.ttl.withTtl },
          { label: 'policy', value: h.memory.policy },
          ...h.bigKeys
            .filter((k) => k.ttlSec === null)
            .slice(0, 3)
            .map((k) => ({ label: 'e.g.', value: k.key })),
        ],
        'Set a TTL when writing cache entries: SET key value EX 3600 (or EXPIRE key 3600 for existing ones).',
      ),
    )
  }

  const m = h.memory
  if (m.maxmemoryBytes === 0) {
    out.push(
      finding(
        'eviction-policy',
        'warning',
        'No maxmemory: the data grows until the machine runs out of memory',
        `Redis uses ${mb(m.usedBytes)} and has no limit; the OS kills it (or it swaps) when memory runs out.`,
        [
          { label: 'used memory', value: mb(m.usedBytes) },
          { label: 'maxmemory', value: 0 },
          { label: 'maxmemory-policy', value: m.policy },
        ],
        `For a cache: CONFIG SET maxmemory <about 75 % of RAM>; CONFIG SET maxmemory-policy allkeys-lru (then persist it in redis.conf or CONFIG REWRITE).`,
      ),
    )
  } else if (
    m.maxmemoryBytes &&
    m.usedBytes !== null &&
    m.policy === 'noeviction' &&
    m.usedBytes / m.maxmemoryBytes >= 0.8
  ) {
    out.push(
      finding(
        'eviction-policy',
        m.usedBytes / m.maxmemoryBytes >= 0.95 ? 'critical' : 'warning',
        `noeviction at ${fmtPercent(m.usedBytes / m.maxmemoryBytes, 0)} of maxmemory: writes will fail with OOM`,
        'Under noeviction a full server refuses every write command instead of evicting.',
        [
          { label: 'used memory', value: mb(m.usedBytes) },
          { label: 'maxmemory', value: mb(m.maxmemoryBytes) },
          { label: 'maxmemory-policy', value: m.policy },
        ],
        'For a cache: CONFIG SET maxmemory-policy allkeys-lru. For a store: raise maxmemory or shard.',
      ),
    )
  }

  const frag = m.fragmentationRatio
  if (frag !== null && m.usedBytes !== null && m.rssBytes !== null) {
    if (frag >= 1.5 && m.rssBytes - m.usedBytes >= 100 * 1024 * 1024) {
      out.push(
        finding(
          'fragmentation',
          'warning',
          `Memory fragmentation ${fmtNumber(frag, 2)}: ${mb(m.rssBytes - m.usedBytes)} held but unused`,
          'The process holds much more memory than its data needs (freed memory the allocator cannot return).',
          [
            { label: 'fragmentation ratio', value: frag },
            { label: 'RSS', value: mb(m.rssBytes) },
            { label: 'used', value: mb(m.usedBytes) },
          ],
          'CONFIG SET activedefrag yes (jemalloc builds), or restart a replica and fail over to it.',
        ),
      )
    } else if (frag < 1 && m.usedBytes >= 10 * 1024 * 1024) {
      out.push(
        finding(
          'fragmentation',
          'critical',
          `Fragmentation ratio ${fmtNumber(frag, 2)}: part of the data is swapped out`,
          'RSS below used memory means the OS moved Redis memory to swap: every access to it waits on disk.',
          [
            { label: 'fragmentation ratio', value: frag },
            { label: 'RSS', value: mb(m.rssBytes) },
            { label: 'used', value: mb(m.usedBytes) },
          ],
          'Give the machine more memory or set maxmemory below it; disable swap for the Redis host.',
        ),
      )
    }
  }

  const p = h.persistence
  if (p.rdbLastSaveStatus && p.rdbLastSaveStatus !== 'ok') {
    out.push(
      finding(
        'persistence',
        'critical',
        'The last RDB snapshot failed',
        'Until a snapshot succeeds a restart loses every change since the last good one (and, with stop-writes-on-bgsave-error, writes are refused).',
        [
          { label: 'rdb_last_bgsave_status', value: p.rdbLastSaveStatus },
          { label: 'changes since last save', value: p.rdbChangesSinceSave },
        ],
        'Read the server log for the fork or disk error (disk full, overcommit_memory), fix it, then: BGSAVE',
      ),
    )
  } else if (p.aofEnabled && p.aofLastWriteStatus && p.aofLastWriteStatus !== 'ok') {
    out.push(
      finding(
        'persistence',
        'critical',
        'Writing the append-only file failed',
        'The AOF is behind: a restart loses recent writes.',
        [{ label: 'aof_last_write_status', value: p.aofLastWriteStatus }],
        'Check the disk the AOF lives on (space, errors), then: BGREWRITEAOF',
      ),
    )
  } else if (!p.aofEnabled && p.rdbSaveConfig === '') {
    out.push(
      finding(
        'persistence',
        'info',
        'No persistence: a restart starts empty',
        'Neither RDB snapshots nor the append-only file are on. Fine for a pure cache, fatal for anything else.',
        [
          { label: 'save', value: '""' },
          { label: 'appendonly', value: 'no' },
        ],
        'If the data matters: CONFIG SET appendonly yes (then CONFIG REWRITE).',
      ),
    )
  } else if (
    p.rdbLastSaveAgeSec !== null &&
    p.rdbLastSaveAgeSec > 86_400 &&
    (p.rdbChangesSinceSave ?? 0) > 0 &&
    !p.aofEnabled
  ) {
    out.push(
      finding(
        'persistence',
        'warning',
        `Last snapshot ${fmtNumber(p.rdbLastSaveAgeSec / 3600, 0)} h ago`,
        'With no AOF, a restart loses everything written since the last snapshot.',
        [
          { label: 'last save age', value: p.rdbLastSaveAgeSec, unit: 's' },
          { label: 'changes since', value: p.rdbChangesSinceSave },
          { label: 'save', value: p.rdbSaveConfig },
        ],
        'CONFIG SET save "3600 1 300 100 60 10000", or CONFIG SET appendonly yes.',
      ),
    )
  }

  const s = h.stats
  if (
    s.hitRatio !== null &&
    s.hits !== null &&
    s.misses !== null &&
    s.hits + s.misses >= 1000 &&
    s.hitRatio < 0.8
  ) {
    const need = h.curve?.for95 ?? null
    out.push(
      finding(
        'hit-ratio',
        'warning',
        `Keyspace hit ratio ${fmtPercent(s.hitRatio, 1)}`,
        'One read in five or more misses since the server started (all databases).',
        [
          { label: 'hits', value: s.hits },
          { label: 'misses', value: s.misses },
          { label: 'evicted keys', value: s.evictedKeys },
          { label: 'expired keys', value: s.expiredKeys },
        ],
        `${s.evictedKeys ? 'Keys are being evicted: give the cache more memory' : 'Check TTLs that are too short and keys read before they are written'}${need !== null ? ` (the sizing curve: ~${mb(need)} for 95 % hits)` : ''}.`,
      ),
    )
  }

  if (h.slowlog.length && h.slowlogThresholdUs !== null && h.slowlogThresholdUs >= 0) {
    const worst = [...h.slowlog].sort((a, b) => b.durationUs - a.durationUs)
    out.push(
      finding(
        'slowlog',
        worst[0]!.durationUs >= 100_000 ? 'warning' : 'info',
        `${h.slowlog.length} slow command${h.slowlog.length === 1 ? '' : 's'} in the slow log; the slowest ${fmtNumber(worst[0]!.durationUs / 1000, 1)} ms`,
        'Each blocked every other client for its whole duration.',
        worst.slice(0, 5).map((e) => ({ label: e.command, value: e.durationUs, unit: 'µs' })),
        'Replace O(N) commands on big keys (KEYS, SMEMBERS, HGETALL, LRANGE 0 -1) by SCAN/SSCAN/HSCAN or smaller keys; SLOWLOG RESET after fixing.',
      ),
    )
  }

  const cl = h.clients
  if (cl.connected !== null && cl.maxclients) {
    const share = cl.connected / cl.maxclients
    if (share >= 0.8 || (cl.rejected ?? 0) > 0) {
      out.push(
        finding(
          'clients',
          share >= 0.95 || (cl.rejected ?? 0) > 0 ? 'critical' : 'warning',
          `${fmtNumber(cl.connected)} of ${fmtNumber(cl.maxclients)} client connections in use${cl.rejected ? `, ${fmtNumber(cl.rejected)} refused` : ''}`,
          'At maxclients new connections are refused.',
          [
            { label: 'connected', value: cl.connected },
            { label: 'maxclients', value: cl.maxclients },
            { label: 'rejected connections', value: cl.rejected },
            { label: 'blocked clients', value: cl.blocked },
          ],
          'Pool connections in the application (one pool per process), or CONFIG SET maxclients <higher> (check ulimit -n).',
        ),
      )
    }
  }

  const cv = h.curve
  if (cv && cv.for95 !== null && h.scan.keysSeen > 0) {
    out.push(
      finding(
        'cache-size',
        'info',
        `For 95 % hits an LRU cache needs ~${mb(cv.for95)}`,
        `${cv.model}. The whole data set is ~${mb(h.scan.estimatedBytes)}.`,
        [
          { label: '90 % hits', value: mb(cv.for90) },
          { label: '95 % hits', value: mb(cv.for95) },
          { label: '99 % hits', value: mb(cv.for99) },
          { label: 'mean key size', value: mb(cv.meanKeyBytes) },
          ...(cv.atMaxmemory !== null
            ? [{ label: "hit rate at today's maxmemory", value: fmtPercent(cv.atMaxmemory, 1) }]
            : []),
        ],
        `Size maxmemory for the hit rate you need: CONFIG SET maxmemory ${Math.ceil((cv.for95 * 1.2) / (1024 * 1024))}mb (95 % hits plus 20 % headroom).`,
      ),
    )
  }
  return out
}
