import { describe, expect, it } from 'vitest'
import { rateAt, rateOverSecond, rateShape, requestsBetween, shapeSummary } from './load-shape'

describe('the load shape of an open-model config', () => {
  it('is flat for a constant rate, for durationSec or for amount / rate', () => {
    const s = rateShape({ rate: 200, durationSec: 2 })
    expect(s).toEqual([
      { t: 0, rate: 200 },
      { t: 2, rate: 200 },
    ])
    expect(shapeSummary(s)).toEqual({ durationSec: 2, peak: 200, requests: 400 })
    expect(shapeSummary(rateShape({ rate: 50, amount: 100 })).durationSec).toBe(2)
    expect(rateShape({})).toEqual([])
  })

  it('ramps linearly between stages, from rate or from 0', () => {
    const s = rateShape({
      stages: [
        { durationSec: 10, rate: 100 },
        { durationSec: 5, rate: 100 },
      ],
    })
    expect(rateAt(s, 5)).toBe(50)
    expect(rateAt(s, 12)).toBe(100)
    // a ramp 0→100 over 10 s is 500 requests, then 5 s at 100
    expect(shapeSummary(s)).toEqual({ durationSec: 15, peak: 100, requests: 1000 })
    const from = rateShape({ rate: 20, stages: [{ durationSec: 4, rate: 60 }] })
    expect(rateAt(from, 0)).toBe(20)
    expect(rateAt(from, 2)).toBe(40)
    expect(requestsBetween(from, 0, 4)).toBe(160)
    // the second 1–2 of a 20→60 ramp over 4 s averages 35 req/s
    expect(rateOverSecond(from, 2)).toBe(35)
  })

  it('holds each rate of a sweep for durationSec', () => {
    const s = rateShape({ durationSec: 3, sweep: { rates: [100, 200, 400] } })
    expect(rateAt(s, 1)).toBe(100)
    expect(rateAt(s, 4.5)).toBe(200)
    expect(rateAt(s, 8)).toBe(400)
    expect(shapeSummary(s)).toEqual({ durationSec: 9, peak: 400, requests: 2100 })
  })
})
