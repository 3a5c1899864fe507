import { describe, expect, it } from 'vitest'
import { addKeys, maxKeys, mergeSeriesByWallClock, mergeSummaries } from './shard-merge'
import { decodeHistogram, encodeHistogram, newHistogram, summarize } from './latency'

type S = { t: number; step?: number; rps?: number; p99?: number }
const combine = (into: S, s: S): void => {
  addKeys(into, s, ['rps'])
  maxKeys(into, s, ['p99'])
}

describe('mergeSeriesByWallClock', () => {
  it('lines samples up by wall-clock second and step: rates add, percentiles take the highest', () => {
    const a = {
      startedAt: '2026-12-01T10:00:00.000Z',
      series: [
        { t: 1, step: 0, rps: 10, p99: 5 },
        { t: 2, step: 0, rps: 12, p99: 9 },
      ],
    }
    // started 1 s later: its second 1 is the first shard's second 2; a marker sample (no numbers)
    const b = {
      startedAt: '2026-12-01T10:00:01.000Z',
      series: [
        { t: 0.2, step: 0 },
        { t: 1, step: 0, rps: 7, p99: 20 },
        { t: 1, step: 1, rps: 3, p99: 1 },
      ],
    }
    expect(mergeSeriesByWallClock<S>([a, b], combine)).toEqual([
      { t: 1, step: 0, rps: 10, p99: 5 },
      { t: 2, step: 0, rps: 19, p99: 20 },
      { t: 2, step: 1, rps: 3, p99: 1 },
    ])
  })
})

describe('mergeSummaries', () => {
  const part = (values: number[], keep: boolean) => {
    const h = newHistogram()
    for (const v of values) h.recordValue(v)
    const out = {
      summary: summarize(h),
      count: h.totalCount,
      histogram: keep ? encodeHistogram(h) : null,
    }
    h.destroy()
    return out
  }
  it('is exact from histograms, and says so when a part kept none (upper bounds)', () => {
    const all = newHistogram()
    for (const v of [1000, 2000, 3000, 50_000]) all.recordValue(v)
    const exact = mergeSummaries([part([1000, 2000], true), part([3000, 50_000], true)])
    expect(exact.exact).toBe(true)
    // the values of both parts, through the encoding results keep (it stores buckets, not max)
    const kept = decodeHistogram(encodeHistogram(all))
    expect(exact.summary).toEqual(summarize(kept))
    all.destroy()
    kept.destroy()
    const rough = mergeSummaries([part([1000, 2000], true), part([3000, 50_000], false)])
    expect(rough.exact).toBe(false)
    expect(rough.histogram).toBeNull()
    expect(rough.summary.min).toBe(1)
    expect(rough.summary.mean).toBeCloseTo(14, 0)
    expect(rough.summary.p50).toBeGreaterThanOrEqual(exact.summary.p50)
  })
})
