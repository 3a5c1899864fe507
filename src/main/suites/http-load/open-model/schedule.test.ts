import { describe, expect, it } from 'vitest'
import { ArrivalSchedule, StridedSchedule } from './schedule'

describe('ArrivalSchedule', () => {
  it('spaces a constant rate evenly: request i at i / rate', () => {
    const s = ArrivalSchedule.constant(1000, 12)
    expect(s.total).toBe(12_000)
    expect(s.durationSec).toBe(12)
    for (const i of [0, 1, 2, 999, 1000, 5_432, 11_999])
      expect(s.timeOf(i)).toBeCloseTo(i / 1000, 9)
    // no two requests share a moment: the gaps are all exactly 1 ms
    let prev = s.timeOf(0)
    for (let i = 1; i < s.total; i++) {
      const t = s.timeOf(i)
      expect(t - prev).toBeCloseTo(0.001, 9)
      prev = t
    }
  })

  it('ramps linearly between stages: the count is the area under the rate', () => {
    // 0 → 100 req/s over 10 s (500 requests), then 100 req/s for 5 s (500 more)
    const s = new ArrivalSchedule(0, [
      { durationSec: 10, rate: 100 },
      { durationSec: 5, rate: 100 },
    ])
    expect(s.total).toBe(1000)
    expect(s.durationSec).toBe(15)
    // N(t) = 5 t² during the ramp: request n is due at sqrt(n / 5)
    expect(s.timeOf(20)).toBeCloseTo(2, 9)
    expect(s.timeOf(500)).toBeCloseTo(10, 9)
    expect(s.timeOf(600)).toBeCloseTo(11, 9)
    // the instantaneous gap follows the rate: ~1/50 s at t = 5 s, 1/100 s on the plateau
    const mid = s.countAt(5)
    expect(s.timeOf(mid) - s.timeOf(mid - 1)).toBeCloseTo(1 / 50, 3)
    expect(s.timeOf(700) - s.timeOf(699)).toBeCloseTo(0.01, 9)
    expect(s.rateAt(5)).toBeCloseTo(50, 9)
  })

  it('countAt and timeOf agree, and times never go backwards', () => {
    const s = new ArrivalSchedule(200, [
      { durationSec: 2, rate: 1000 },
      { durationSec: 1, rate: 50 },
    ])
    let prev = -1
    for (let i = 0; i < s.total; i++) {
      const t = s.timeOf(i)
      expect(t).toBeGreaterThanOrEqual(prev)
      prev = t
      expect(s.countAt(t + 1e-9)).toBeGreaterThanOrEqual(i + 1)
    }
    expect(s.countAt(s.durationSec)).toBe(s.total)
  })

  it('caps the count at `amount` and ends the schedule there', () => {
    const s = ArrivalSchedule.constant(100, 10, 250)
    expect(s.total).toBe(250)
    expect(s.durationSec).toBeCloseTo(2.5, 9)
  })

  it('splits over threads so that their union is the whole schedule, request for request', () => {
    const whole = new ArrivalSchedule(100, [
      { durationSec: 3, rate: 700 },
      { durationSec: 2, rate: 300 },
    ])
    for (const threads of [2, 3]) {
      const parts = Array.from(
        { length: threads },
        (_, k) => new StridedSchedule(whole, k, threads),
      )
      expect(parts.reduce((s, p) => s + p.total, 0)).toBe(whole.total)
      const times = parts.flatMap((p) => Array.from({ length: p.total }, (_, j) => p.timeOf(j)))
      times.sort((a, b) => a - b)
      for (let i = 0; i < whole.total; i++) expect(times[i]).toBe(whole.timeOf(i))
      // at any moment the threads together have made due what the whole schedule has
      for (const t of [0, 0.0005, 0.3, 1.7, 2.99, 3.5, 4.999, 6])
        expect(parts.reduce((s, p) => s + p.countAt(t), 0)).toBe(whole.countAt(t))
    }
  })
})
