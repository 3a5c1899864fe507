import { describe, expect, it } from 'vitest'
import {
  expectedDistinct,
  expectedHitsNoTtl,
  logComplements,
  seededRandom,
  steadyStateTtlHitRate,
  zipfProbabilities,
  zipfSampler,
} from './zipf'

describe('zipf model', () => {
  it('probabilities sum to 1 and fall with rank as i^-s', () => {
    const p = zipfProbabilities(1000, 1.2)
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(p[0]! / p[1]!).toBeCloseTo(Math.pow(2, 1.2), 9)
    expect(p[9]! / p[99]!).toBeCloseTo(Math.pow(10, 1.2), 9)
  })

  it('uniform keys: distinct keys seen is K(1 − (1 − 1/K)^n)', () => {
    const p = zipfProbabilities(100, 0)
    const lc = logComplements(p)
    expect(expectedDistinct(lc, 250)).toBeCloseTo(100 * (1 - Math.pow(0.99, 250)), 9)
    expect(expectedDistinct(lc, 0)).toBe(0)
    // a single key: only the first request misses
    expect(expectedHitsNoTtl(logComplements(zipfProbabilities(1, 1)), 0, 10)).toBe(9)
  })

  it('the expected hits match a simulated request stream (no TTL)', () => {
    const keys = 300
    const n = 3000
    const p = zipfProbabilities(keys, 0.9)
    const sample = zipfSampler(p, seededRandom(7))
    const trials = 200
    let hits = 0
    for (let t = 0; t < trials; t++) {
      const seen = new Uint8Array(keys)
      for (let i = 0; i < n; i++) {
        const k = sample()
        if (seen[k]) hits++
        else seen[k] = 1
      }
    }
    const expected = expectedHitsNoTtl(logComplements(p), 0, n)
    // the mean of 200 streams: standard error well below 0.3 %
    expect(Math.abs(hits / trials - expected) / n).toBeLessThan(0.005)
  })

  it('the sampler draws ranks with their probabilities', () => {
    const p = zipfProbabilities(50, 1)
    const sample = zipfSampler(p, seededRandom(1))
    const counts = new Array<number>(50).fill(0)
    const draws = 200_000
    for (let i = 0; i < draws; i++) counts[sample()]!++
    expect(counts[0]! / draws).toBeCloseTo(p[0]!, 2)
    expect(counts[9]! / draws).toBeCloseTo(p[9]!, 2)
  })

  it('TTL steady state: λT/(1+λT) per key, tending to 1 for long TTLs', () => {
    const p = zipfProbabilities(1, 1)
    // one key at 10 req/s with a 1 s TTL: 10 hits per 11 requests
    expect(steadyStateTtlHitRate(p, 10, 1)).toBeCloseTo(10 / 11, 12)
    const many = zipfProbabilities(1000, 1)
    expect(steadyStateTtlHitRate(many, 10_000, 1e6)).toBeGreaterThan(0.999)
    expect(steadyStateTtlHitRate(many, 10_000, 0.01)).toBeLessThan(
      steadyStateTtlHitRate(many, 10_000, 1),
    )
  })
})
