import type { Redis } from 'ioredis'
import type { RedisBigKey, RedisHealthConfig, RedisHealthData } from '@shared/index'
import { bounded, sleep } from '../redis/run-control'

/**
 * Walks the keyspace with SCAN and, for each key seen, TYPE, PTTL and MEMORY USAGE (SAMPLES n
 * for aggregates), pipelined per SCAN batch and paced to `keysPerSec`. Only read commands: the
 * server's data is left as it was. Stops at maxKeys or maxSec, and then what it saw is a sample
 * (SCAN visits hash buckets in an order unrelated to key names or sizes).
 */

export const TOP_KEYS = 10

export interface ScanOutcome {
  scan: RedisHealthData['scan']
  bigKeys: RedisBigKey[]
  types: RedisHealthData['types']
  ttl: RedisHealthData['ttl']
  /** MEMORY USAGE of every key seen, for the cache curve */
  sizes: number[]
}

export interface ScanOptions {
  config: RedisHealthConfig
  signal: AbortSignal
  /** DBSIZE when the scan began: a sample's share of the keyspace */
  dbsize: number
  onProgress(keysSeen: number, elapsedSec: number): void
}

/** Keeps the `n` largest, largest first. */
function pushTop(top: RedisBigKey[], k: RedisBigKey, n: number): void {
  if (top.length === n && k.bytes <= top[n - 1]!.bytes) return
  let i = top.length
  while (i > 0 && top[i - 1]!.bytes < k.bytes) i--
  top.splice(i, 0, k)
  if (top.length > n) top.pop()
}

/** 95 % half-width of a sampled share, with the finite-population correction. */
export function shareMargin(p: number, n: number, population: number): number {
  if (n <= 0 || n >= population) return 0
  const fpc = Math.sqrt(Math.max(0, (population - n) / Math.max(1, population - 1)))
  return Math.round(1.96 * Math.sqrt((p * (1 - p)) / n) * fpc * 10000) / 10000
}

export async function scanKeyspace(client: Redis, o: ScanOptions): Promise<ScanOutcome> {
  const c = o.config
  const t0 = performance.now()
  const elapsed = (): number => (performance.now() - t0) / 1000
  const top: RedisBigKey[] = []
  const types = new Map<string, { keys: number; bytes: number }>()
  const sizes: number[] = []
  let withTtl = 0
  let withoutTtl = 0
  let seen = 0
  let bytes = 0
  let cursor = '0'
  let complete = false
  let lastReport = 0
  for (;;) {
    if (o.signal.aborted || seen >= c.maxKeys || elapsed() >= c.maxSec) break
    const [next, batch] = await bounded(
      client.scan(cursor, 'COUNT', c.scanCount),
      c.timeoutMs,
      o.signal,
    )
    cursor = next
    const keys = batch.slice(0, c.maxKeys - seen)
    if (keys.length) {
      const pipe = client.pipeline()
      for (const k of keys) {
        pipe.type(k)
        pipe.pttl(k)
        pipe.call('MEMORY', 'USAGE', k, 'SAMPLES', String(c.memorySamples))
      }
      const replies = (await bounded(pipe.exec(), c.timeoutMs, o.signal)) ?? []
      keys.forEach((key, i) => {
        const type = String(replies[i * 3]?.[1] ?? 'none')
        const pttl = Number(replies[i * 3 + 1]?.[1] ?? -2)
        const mem = replies[i * 3 + 2]?.[1]
        // the key expired or was deleted between SCAN and now
        if (type === 'none' || pttl === -2 || mem === null || mem === undefined) return
        const size = Number(mem)
        seen++
        bytes += size
        sizes.push(size)
        if (pttl === -1) withoutTtl++
        else withTtl++
        const t = types.get(type) ?? { keys: 0, bytes: 0 }
        t.keys++
        t.bytes += size
        types.set(type, t)
        pushTop(
          top,
          { key, type, bytes: size, ttlSec: pttl === -1 ? null : Math.round(pttl / 100) / 10 },
          TOP_KEYS,
        )
      })
    }
    if (cursor === '0') {
      complete = true
      break
    }
    if (elapsed() - lastReport >= 1) {
      lastReport = elapsed()
      o.onProgress(seen, lastReport)
    }
    // pace: never ahead of keysPerSec
    const ahead = seen / c.keysPerSec - elapsed()
    if (ahead > 0) await sleep(ahead * 1000, o.signal)
  }
  const mean = seen ? bytes / seen : 0
  const share = seen ? withoutTtl / seen : null
  return {
    scan: {
      keysSeen: seen,
      complete,
      durationSec: Math.round(elapsed() * 100) / 100,
      sampledBytes: bytes,
      estimatedBytes: Math.round(complete ? bytes : mean * Math.max(o.dbsize, seen)),
    },
    bigKeys: top,
    types: [...types.entries()]
      .map(([type, v]) => ({ type, keys: v.keys, bytes: v.bytes }))
      .sort((a, b) => b.bytes - a.bytes),
    ttl: {
      withTtl,
      withoutTtl,
      noTtlShare: share === null ? null : Math.round(share * 10000) / 10000,
      margin: complete || share === null ? 0 : shareMargin(share, seen, Math.max(o.dbsize, seen)),
    },
    sizes,
  }
}
