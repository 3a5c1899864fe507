import { describe, expect, it } from 'vitest'
import { decodeHistogram, encodeHistogram, newHistogram, summarize } from './latency'
import { seededRandom } from '../suites/common/random'
import { mergeEncodedHistograms, mergeHistogramList, mergeIntervals, sumCounts } from './hdr-merge'

describe('hdr-merge', () => {
  it('N generators merged equal one histogram of all their samples, percentile for percentile', () => {
    const rnd = seededRandom(7)
    const all = newHistogram()
    const parts = Array.from({ length: 4 }, () => newHistogram())
    for (let i = 0; i < 200_000; i++) {
      // a long-tailed mix: mostly ~0.2 ms, some ~5 ms, a few ~300 ms
      const r = rnd()
      const us = r < 0.9 ? 150 + rnd() * 100 : r < 0.99 ? 4000 + rnd() * 2000 : 2e5 + rnd() * 2e5
      const v = Math.round(us)
      all.recordValue(v)
      parts[i % 4]!.recordValue(v)
    }
    const merged = decodeHistogram(mergeEncodedHistograms(parts.map(encodeHistogram)))
    expect(merged.totalCount).toBe(all.totalCount)
    // encoding keeps buckets, not the exact max: compare with the union as a result stores it
    expect(summarize(merged)).toEqual(summarize(decodeHistogram(encodeHistogram(all))))
    expect(summarize(mergeHistogramList(parts))).toEqual(summarize(all))
    for (const q of [1, 10, 50, 90, 99, 99.9, 99.99, 100]) {
      expect(merged.getValueAtPercentile(q)).toBe(all.getValueAtPercentile(q))
    }
  })

  it('sums nested counters and treats a missing counter as 0', () => {
    const a = { requests: 3, statusCodes: { '2xx': 2, '5xx': 1 } }
    const b = { requests: 4, statusCodes: { '2xx': 4 } }
    expect(sumCounts([a, b as typeof a])).toEqual({
      requests: 7,
      statusCodes: { '2xx': 6, '5xx': 1 },
    })
  })

  it('lines intervals up by second and merges each second exactly', () => {
    const mk = (values: number[]): string => {
      const h = newHistogram()
      for (const v of values) h.recordValue(v)
      return encodeHistogram(h)
    }
    const merged = mergeIntervals([
      { second: 1, histogram: mk([100, 200]), counts: { ok: 2 } },
      { second: 0, histogram: mk([1000]), counts: { ok: 1 } },
      { second: 1, histogram: mk([300, 400, 5000]), counts: { ok: 3 } },
    ])
    expect(merged.map((m) => m.second)).toEqual([0, 1])
    expect(merged[1]!.count).toBe(5)
    expect(merged[1]!.counts).toEqual({ ok: 5 })
    expect(merged[1]!.sources).toBe(2)
    expect(merged[1]!.latency.max).toBeCloseTo(5, 1)
    expect(merged[1]!.latency.p50).toBeCloseTo(0.3, 2)
  })
})
