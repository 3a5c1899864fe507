import { describe, expect, it } from 'vitest'
import { encodeHistogram, newHistogram, summarize } from '../common/latency'
import { StepSeries } from './step-series'
import type { PgGenInterval } from './generator-task'

/** An interval holding exactly these latencies (µs). */
function interval(second: number, durationSec: number, valuesUs: number[]): PgGenInterval {
  const h = newHistogram()
  for (const v of valuesUs) h.recordValue(v)
  return {
    second,
    histogram: encodeHistogram(h),
    counts: {
      tx: valuesUs.length,
      errors: 0,
      waitUs: 0,
      durationUs: Math.round(durationSec * 1e6),
    },
  }
}

const spread = (n: number, base: number, step: number): number[] =>
  Array.from({ length: n }, (_, i) => base + ((i * step) % 9973))

describe('StepSeries', () => {
  it('a 0.02 s tail is folded into the last whole second, not plotted as a rate of its own', () => {
    const s = new StepSeries(1)
    const out = [
      ...s.add(0, interval(0, 1, spread(1000, 500, 7))),
      ...s.add(0, interval(1, 1, spread(1000, 500, 11))),
      ...s.add(0, interval(2, 0.02, spread(7, 500, 13))),
      ...s.finish(),
    ]
    expect(out).toHaveLength(2)
    expect(out[0]!.tps).toBe(1000)
    // 1,007 transactions over 1.02 s, where the tail alone would read 350 TPS
    expect(out[1]!.tps).toBeCloseTo(1007 / 1.02, 0)
    expect(out[1]!.stepElapsedSec).toBeCloseTo(2.02, 3)
  })

  it('seconds of two threads merge exactly: percentiles of the union of their samples', () => {
    const a = spread(3000, 100, 17)
    const b = spread(2000, 4000, 29)
    const s = new StepSeries(2)
    const live = [...s.add(0, interval(0, 1, a)), ...s.add(1, interval(0, 1, b))]
    // second 0 is not final until both threads have reported a later whole second
    expect(live).toEqual([])
    s.add(0, interval(1, 1, [100]))
    const out = [...s.add(1, interval(1, 1, [100])), ...s.finish()]
    const union = newHistogram()
    for (const v of [...a, ...b]) union.recordValue(v)
    const want = summarize(union)
    expect(out[0]).toMatchObject({ tps: 5000, p50: want.p50, p95: want.p95, p99: want.p99 })
    expect(out.map((x) => x.tps)).toEqual([5000, 2])
  })
})
