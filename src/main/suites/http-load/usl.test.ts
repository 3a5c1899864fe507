import { describe, expect, it } from 'vitest'
import { fitUsl, uslKnee, uslX } from './usl'

describe('fitUsl', () => {
  it('recovers σ, κ and λ from points on a USL curve', () => {
    const truth = { sigma: 0.05, kappa: 0.001, lambda: 100 }
    const pts = [1, 2, 4, 8, 16, 32, 64].map((n) => ({ n, x: uslX(truth, n) }))
    const f = fitUsl(pts)
    expect(f).not.toBeNull()
    expect(f?.sigma).toBeCloseTo(0.05, 3)
    expect(f?.kappa).toBeCloseTo(0.001, 5)
    expect(f?.lambda).toBeCloseTo(100, 1)
    expect(f?.r2).toBeGreaterThan(0.9999)
  })

  it('places the knee of a server that serves K at a time at K (±25 %)', () => {
    for (const k of [4, 8, 16]) {
      // X(N) = min(N, K) / S with S = 20 ms, a little worse past K (queue handling)
      const pts = [1, 2, 4, 8, 16, 32, 64].map((n) => ({
        n,
        x: (Math.min(n, k) / 0.02) * (n > k ? 0.97 : 1),
      }))
      const knee = uslKnee(fitUsl(pts)!, 64)
      expect(knee).not.toBeNull()
      expect(knee!.n).toBeGreaterThan(0.75 * k)
      expect(knee!.n).toBeLessThan(1.25 * k)
    }
  })

  it('finds no knee while throughput still grows linearly, and needs three loads', () => {
    const linear = [1, 2, 4, 8].map((n) => ({ n, x: 50 * n }))
    expect(uslKnee(fitUsl(linear)!, 8)).toBeNull()
    expect(
      fitUsl([
        { n: 1, x: 1 },
        { n: 2, x: 2 },
      ]),
    ).toBeNull()
  })
})
