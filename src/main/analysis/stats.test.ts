import { describe, expect, it } from 'vitest'
import { holm, incompleteBeta, mannWhitneyU, welchTTest } from './stats'

// Reference values from scipy 1.17 (scipy.stats.ttest_ind(equal_var=False), mannwhitneyu).
describe('statistics', () => {
  it('Welch t-test matches scipy', () => {
    const r = welchTTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])!
    expect(r.statistic).toBeCloseTo(1.8973665961010275, 10)
    expect(r.df).toBeCloseTo(5.882352941176471, 10)
    expect(r.p).toBeCloseTo(0.10753119493062728, 8)
  })

  it('Welch t-test: too few samples is no test; no variance and equal means is p = 1', () => {
    expect(welchTTest([1], [2, 3])).toBeNull()
    expect(welchTTest([5, 5, 5], [5, 5])!.p).toBe(1)
    expect(welchTTest([5, 5, 5], [6, 6])!.p).toBe(0)
  })

  it('Mann–Whitney U exact p matches scipy (no ties)', () => {
    expect(mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10.5])!.p).toBeCloseTo(
      0.007936507936507936,
      12,
    )
    const r = mannWhitneyU([1.1, 2.3, 3.5, 4.2, 5.9, 6.1], [2.2, 4.4, 6.6, 8.8, 7.7, 9.9, 10.1])!
    expect(r.p).toBeCloseTo(0.05128205128205128, 12)
    // scipy reports U of the first sample (7); ours is U of the second: n·m − 7
    expect(r.statistic).toBe(6 * 7 - 7)
  })

  it('Mann–Whitney U with ties uses the corrected normal approximation (scipy asymptotic)', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 5, 6, 7, 7, 8])!
    expect(r.p).toBeCloseTo(0.006373133838085873, 3)
  })

  it('regularized incomplete beta at known points', () => {
    expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12)
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12)
  })

  it('Holm correction', () => {
    expect(holm([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06])
    expect(holm([0.5, 0.001])).toEqual([0.5, 0.002])
  })
})
