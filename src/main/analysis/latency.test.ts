import { describe, expect, it } from 'vitest'
import {
  LatencyRecorder,
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  newHistogram,
  recordMs,
} from './latency'

describe('latency recording', () => {
  it('keeps microseconds: 0.3 ms reads 0.3 ms, not 0', () => {
    const h = newHistogram()
    recordMs(h, 0.3)
    recordMs(h, 0.0001)
    expect(h.maxValue).toBe(300)
    expect(h.minNonZeroValue).toBe(1)
  })
  it('summarises each interval apart from the whole run', () => {
    const r = new LatencyRecorder()
    for (let i = 1; i <= 100; i++) r.recordMs(i)
    const first = r.takeInterval()
    expect(first.count).toBe(100)
    expect(first.p50).toBeCloseTo(50, 0)
    r.recordMs(500)
    const second = r.takeInterval()
    expect(second.count).toBe(1)
    expect(second.p50).toBeCloseTo(500, 0)
    expect(r.total.totalCount).toBe(101)
    expect(r.takeInterval().count).toBe(0)
  })
  it('merges and round-trips exactly', () => {
    const a = newHistogram()
    const b = newHistogram()
    recordMs(a, 2)
    recordMs(b, 40)
    const m = mergeHistograms([a, b])
    const back = decodeHistogram(encodeHistogram(m))
    expect(back.totalCount).toBe(2)
    expect(back.getValueAtPercentile(100)).toBe(m.getValueAtPercentile(100))
    expect(back.getValueAtPercentile(25)).toBe(a.getValueAtPercentile(50))
  })
})
