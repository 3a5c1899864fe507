import type { RedisCacheCurve } from '@shared/index'

/**
 * The cache-sizing curve: the hit rate an LRU cache of each memory size would give when the
 * keys are requested independently with Zipf popularity (the same model as the redis suite's
 * replay, src/main/suites/redis/zipf.ts), by Che's approximation: with characteristic time T,
 * key i is in the cache with probability 1 − e^(−p_i·T), the cache holds Σ (1 − e^(−p_i·T))
 * keys, and the hit rate is Σ p_i·(1 − e^(−p_i·T)). Key sizes are taken as independent of
 * popularity, so memory = keys held × the mean sampled key size.
 *
 * Millions of keys are grouped: ranks below 1,000 one by one, then in groups 2 % wide, each
 * group weighted by its count at the popularity of its middle rank.
 */

interface Group {
  count: number
  /** request probability of one key of the group */
  p: number
}

export function rankGroups(keys: number, zipf: number): Group[] {
  const raw: { count: number; w: number }[] = []
  let r = 1
  while (r <= keys) {
    const width = r < 1000 ? 1 : Math.max(1, Math.floor(r * 0.02))
    const end = Math.min(keys, r + width - 1)
    const mid = Math.sqrt(r * end)
    raw.push({ count: end - r + 1, w: Math.pow(mid, -zipf) })
    r = end + 1
  }
  const total = raw.reduce((a, g) => a + g.count * g.w, 0)
  return raw.map((g) => ({ count: g.count, p: g.w / total }))
}

/** Keys held and hit rate at characteristic time T. */
function atTime(groups: readonly Group[], t: number): { held: number; hit: number } {
  let held = 0
  let hit = 0
  for (const g of groups) {
    const inCache = -Math.expm1(-g.p * t)
    held += g.count * inCache
    hit += g.count * g.p * inCache
  }
  return { held, hit }
}

/** The characteristic time at which f(T) reaches `target` (f grows with T), by bisection in log T. */
function solveTime(f: (t: number) => number, target: number): number {
  let lo = 1e-6
  let hi = 1
  while (f(hi) < target && hi < 1e30) hi *= 16
  for (let i = 0; i < 80; i++) {
    const mid = Math.sqrt(lo * hi)
    if (f(mid) < target) lo = mid
    else hi = mid
  }
  return hi
}

/** Hit rate of an LRU cache holding `cacheKeys` of `keys` keys under Zipf(`zipf`). */
export function lruHitRate(
  keys: number,
  zipf: number,
  cacheKeys: number,
  groups = rankGroups(keys, zipf),
): number {
  if (cacheKeys >= keys) return 1
  if (cacheKeys <= 0) return 0
  return atTime(
    groups,
    solveTime((t) => atTime(groups, t).held, cacheKeys),
  ).hit
}

/** Keys an LRU cache must hold for `hitRate`. */
export function keysForHitRate(
  keys: number,
  zipf: number,
  hitRate: number,
  groups = rankGroups(keys, zipf),
): number {
  if (hitRate >= 1) return keys
  return Math.min(
    keys,
    atTime(
      groups,
      solveTime((t) => atTime(groups, t).hit, hitRate),
    ).held,
  )
}

const POINTS = 40

export function cacheCurve(opts: {
  keys: number
  meanKeyBytes: number
  zipf: number
  maxmemoryBytes: number | null
}): RedisCacheCurve {
  const { keys, meanKeyBytes, zipf } = opts
  const groups = rankGroups(keys, zipf)
  const total = keys * meanKeyBytes
  const points: RedisCacheCurve['points'] = []
  // from 0.1 % of the data (or one key) to all of it, evenly on a log scale
  const from = Math.max(1, keys / 1000)
  for (let i = 0; i <= POINTS; i++) {
    const held = i === POINTS ? keys : from * Math.pow(keys / from, i / POINTS)
    points.push({
      memoryBytes: Math.round(held * meanKeyBytes),
      hitRate: Math.round(lruHitRate(keys, zipf, held, groups) * 10000) / 10000,
    })
  }
  const need = (h: number): number | null =>
    keys > 0 ? Math.round(keysForHitRate(keys, zipf, h, groups) * meanKeyBytes) : null
  return {
    keys,
    meanKeyBytes: Math.round(meanKeyBytes),
    zipf,
    model: `LRU, independent requests with Zipf(${zipf}) popularity over ${keys} keys (Che's approximation); sizes from MEMORY USAGE`,
    points,
    for90: need(0.9),
    for95: need(0.95),
    for99: need(0.99),
    atMaxmemory:
      opts.maxmemoryBytes && opts.maxmemoryBytes < total && meanKeyBytes > 0
        ? Math.round(lruHitRate(keys, zipf, opts.maxmemoryBytes / meanKeyBytes, groups) * 10000) /
          10000
        : null,
  }
}
