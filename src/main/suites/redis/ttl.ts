import type { Redis } from 'ioredis'
import type { RedisHitRateConfig, RedisTtlCheck } from '@shared/index'
import { formatBytes } from '../../targets/redis'
import { setOnMiss } from './hit-rate'
import { bounded, sleep } from './run-control'

export const PROBE_TTL_MS = 300
/** a configured TTL up to this long is also waited out, to see the key actually go */
const WAIT_CONFIGURED_MAX_SEC = 2

/**
 * Checks that TTLs are set and keys expire: a probe key with a short TTL, and a key written
 * exactly as the hit-rate simulation writes it on a miss. Then reads maxmemory and the eviction
 * policy and says where they will bite.
 */
export async function runTtlCheck(
  client: Redis,
  opts: {
    keyPrefix: string
    hitRate: RedisHitRateConfig | undefined
    info: Record<string, string>
    timeoutMs: number
    signal: AbortSignal
  },
): Promise<RedisTtlCheck> {
  const b = <T>(p: Promise<T>): Promise<T> => bounded(p, opts.timeoutMs, opts.signal)
  const probe = `${opts.keyPrefix}t:probe`
  const configured = `${opts.keyPrefix}t:configured`
  const started = performance.now()
  await b(client.set(probe, '1', 'PX', PROBE_TTL_MS))
  const observed = await b(client.pttl(probe))
  const ttlSet = observed > 0 && observed <= PROBE_TTL_MS

  const ttlSec = opts.hitRate?.ttlSec
  let configuredPttlMs: number | null = null
  let configuredOk: boolean | null = null
  let waitConfigured = 0
  if (ttlSec !== undefined) {
    await b(setOnMiss(client, configured, Buffer.from('x'), ttlSec, ttlSec))
    configuredPttlMs = await b(client.pttl(configured))
    const ttlMs = Math.round(ttlSec * 1000)
    configuredOk =
      configuredPttlMs > 0 && configuredPttlMs <= ttlMs && configuredPttlMs >= ttlMs - 1000
    if (ttlSec <= WAIT_CONFIGURED_MAX_SEC) waitConfigured = ttlMs
  }
  // expired keys are gone for every reader at once (lazy expiry on access); allow a small margin
  const waitUntil = started + Math.max(PROBE_TTL_MS, waitConfigured) + 100
  await sleep(Math.max(0, waitUntil - performance.now()), opts.signal)
  const expired = (await b(client.exists(probe))) === 0
  if (waitConfigured > 0 && configuredOk) configuredOk = (await b(client.exists(configured))) === 0
  const waitedMs = Math.round(performance.now() - started)

  const maxmemory = numberOr(opts.info.maxmemory)
  const policy = opts.info.maxmemory_policy ?? null
  const used = numberOr(opts.info.used_memory)
  return {
    probeTtlMs: PROBE_TTL_MS,
    ttlSet,
    observedPttlMs: observed,
    expired,
    waitedMs,
    configuredTtlSec: ttlSec ?? null,
    configuredPttlMs,
    configuredOk,
    maxmemoryBytes: maxmemory,
    maxmemoryPolicy: policy,
    usedMemoryBytes: used,
    warnings: evictionWarnings(maxmemory, policy, used, opts.hitRate),
  }
}

/** Where maxmemory and the eviction policy will bite a cache. */
export function evictionWarnings(
  maxmemory: number | null,
  policy: string | null,
  used: number | null,
  hitRate: RedisHitRateConfig | undefined,
): string[] {
  const w: string[] = []
  if (maxmemory === null || policy === null) return w
  if (maxmemory === 0) {
    w.push(
      'no maxmemory is set: the data set grows until the machine runs out of memory; a cache should set maxmemory with an allkeys-lru or allkeys-lfu policy',
    )
    return w
  }
  if (policy === 'noeviction') {
    w.push(
      `maxmemory is ${formatBytes(maxmemory)} with policy noeviction: once full, every write (the SET after a miss) fails with OOM instead of evicting a cold key`,
    )
  }
  if (policy.startsWith('volatile-') && hitRate && hitRate.ttlSec === undefined) {
    w.push(
      `policy ${policy} evicts only keys with a TTL, and this workload writes none: when memory is full, writes fail`,
    )
  }
  if (used !== null && used >= 0.9 * maxmemory) {
    w.push(
      `used memory is ${Math.round((used / maxmemory) * 100)} % of maxmemory (${formatBytes(used)} of ${formatBytes(maxmemory)}): evictions${policy === 'noeviction' ? ' (here: OOM errors)' : ''} are imminent`,
    )
  }
  return w
}

export function numberOr(v: string | undefined): number | null {
  if (v === undefined || v === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}
