import { describe, expect, it } from 'vitest'
import { seededRandom, zipfProbabilities, zipfSampler } from '../redis/zipf'
import { cacheCurve, keysForHitRate, lruHitRate, rankGroups } from './curve'

/** An LRU cache of `capacity` keys, fed `n` Zipf requests: the measured hit rate after warm-up. */
function simulateLru(keys: number, zipf: number, capacity: number, n: number): number {
  const next = zipfSampler(zipfProbabilities(keys, zipf), seededRandom(7))
  const lru = new Map<number, true>()
  let hits = 0
  let counted = 0
  for (let i = 0; i < n; i++) {
    const k = next()
    const hit = lru.delete(k)
    lru.set(k, true)
    if (!hit && lru.size > capacity) lru.delete(lru.keys().next().value!)
    if (i >= n / 5) {
      counted++
      if (hit) hits++
    }
  }
  return hits / counted
}

describe('the cache-sizing curve', () => {
  it('matches a simulated LRU cache under Zipf requests within 2 points', () => {
    for (const [zipf, capacity] of [
      [1, 100],
      [1, 1000],
      [0.8, 500],
      [0, 1000],
    ] as const) {
      const model = lruHitRate(5000, zipf, capacity)
      const sim = simulateLru(5000, zipf, capacity, 300_000)
      expect(Math.abs(model - sim)).toBeLessThan(0.02)
    }
  })

  it('groups millions of keys without changing the answer', () => {
    const groups = rankGroups(2_000_000, 1)
    expect(groups.length).toBeLessThan(2000)
    expect(groups.reduce((a, g) => a + g.count, 0)).toBe(2_000_000)
    expect(groups.reduce((a, g) => a + g.count * g.p, 0)).toBeCloseTo(1, 9)
    // grouped vs one by one, on a size where both are cheap
    const exact = zipfProbabilities(20_000, 1)
    const head = exact.slice(0, 1000).reduce((a, p) => a + p, 0)
    const g = rankGroups(20_000, 1)
    const gHead = g.slice(0, 1000).reduce((a, x) => a + x.count * x.p, 0)
    expect(Math.abs(head - gHead)).toBeLessThan(0.002)
  })

  it('reads "for 95 % hits you need ~N MB" off the curve', () => {
    const c = cacheCurve({ keys: 100_000, meanKeyBytes: 1000, zipf: 1, maxmemoryBytes: 10_000_000 })
    expect(c.points[c.points.length - 1]).toEqual({ memoryBytes: 100_000_000, hitRate: 1 })
    for (let i = 1; i < c.points.length; i++)
      expect(c.points[i]!.hitRate).toBeGreaterThanOrEqual(c.points[i - 1]!.hitRate)
    expect(c.for90!).toBeLessThan(c.for95!)
    expect(c.for95!).toBeLessThan(c.for99!)
    // the memory it names does give 95 %
    expect(lruHitRate(100_000, 1, c.for95! / 1000)).toBeCloseTo(0.95, 3)
    expect(c.atMaxmemory).toBeCloseTo(lruHitRate(100_000, 1, 10_000), 4)
    // uniform popularity: hit rate = share of keys held
    expect(keysForHitRate(10_000, 0, 0.5)).toBeCloseTo(5000, -1)
  })
})
