/**
 * The statistics compare needs: Welch's t-test, the Mann–Whitney U test and Holm's correction.
 * Written out here (a few dozen lines) rather than pulled in as a dependency.
 */

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN
}

/** Sample variance (n − 1). */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return NaN
  const m = mean(xs)
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)
}

export interface TestResult {
  test: 'welch-t' | 'welch-t-log' | 'mann-whitney-u'
  statistic: number
  /** two-sided p-value */
  p: number
  df?: number
}

// ---- special functions -------------------------------------------------------------------

/** ln Γ(x), Lanczos approximation (g = 7, n = 9); accurate to ~1e-15 for x > 0. */
export function lnGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ]
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x)
  x -= 1
  let a = g[0]!
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += g[i]! / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/** Continued fraction for the incomplete beta function (Numerical Recipes, betacf). */
function betacf(a: number, b: number, x: number): number {
  const MAXIT = 300
  const EPS = 3e-16
  const FPMIN = 1e-300
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < FPMIN) d = FPMIN
  d = 1 / d
  let h = d
  for (let m = 1; m <= MAXIT; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < FPMIN) d = FPMIN
    c = 1 + aa / c
    if (Math.abs(c) < FPMIN) c = FPMIN
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < FPMIN) d = FPMIN
    c = 1 + aa / c
    if (Math.abs(c) < FPMIN) c = FPMIN
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < EPS) break
  }
  return h
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const bt = Math.exp(
    lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  )
  if (x < (a + 1) / (a + b + 2)) return (bt * betacf(a, b, x)) / a
  return 1 - (bt * betacf(b, a, 1 - x)) / b
}

/** Two-sided p-value of Student's t with `df` degrees of freedom. */
export function tTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0
  return incompleteBeta(df / (df + t * t), df / 2, 0.5)
}

/** Standard normal upper tail, via erfc (Abramowitz–Stegun 7.1.26 is too coarse; use a series/CF). */
export function normalTwoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2)
}

/** erfc with relative error < 1.2e-7 (Numerical Recipes erfcc, Chebyshev fit). */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? r : 2 - r
}

// ---- tests -------------------------------------------------------------------------------

/**
 * Welch's unequal-variance t-test. Needs two or more samples on each side; when both sides have
 * no variance at all, equal means give p = 1 and different means p = 0.
 */
export function welchTTest(
  a: readonly number[],
  b: readonly number[],
  log = false,
): TestResult | null {
  const xa = log ? a.filter((v) => v > 0).map(Math.log) : [...a]
  const xb = log ? b.filter((v) => v > 0).map(Math.log) : [...b]
  if (xa.length < 2 || xb.length < 2) return null
  const test = log ? 'welch-t-log' : 'welch-t'
  const va = variance(xa) / xa.length
  const vb = variance(xb) / xb.length
  const diff = mean(xb) - mean(xa)
  const se = Math.sqrt(va + vb)
  if (se === 0)
    return { test, statistic: diff === 0 ? 0 : Math.sign(diff) * Infinity, p: diff === 0 ? 1 : 0 }
  const t = diff / se
  const df = (va + vb) ** 2 / ((va * va) / (xa.length - 1) + (vb * vb) / (xb.length - 1))
  return { test, statistic: t, p: tTwoSidedP(t, df), df }
}

/**
 * Mann–Whitney U (two-sided). Exact distribution when there are no ties and both samples are
 * small (n·m ≤ 400); otherwise the normal approximation with tie correction and continuity
 * correction. Statistic is U of sample b (large when b tends to be larger).
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): TestResult | null {
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) return null
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort(
    (x, y) => x.v - y.v,
  )
  const ranks = new Array<number>(all.length)
  let tieTerm = 0
  for (let i = 0; i < all.length;) {
    let j = i
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++
    const r = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) ranks[k] = r
    const t = j - i + 1
    if (t > 1) tieTerm += t ** 3 - t
    i = j + 1
  }
  let rb = 0
  all.forEach((x, i) => {
    if (x.g === 1) rb += ranks[i]!
  })
  const ub = rb - (m * (m + 1)) / 2
  const mu = (n * m) / 2
  if (tieTerm === 0 && n * m <= 400) {
    // exact: number of arrangements with U = u, by the recurrence on (n, m)
    const dist = exactUDistribution(n, m)
    const total = dist.reduce((s, c) => s + c, 0)
    const lo = Math.min(ub, n * m - ub)
    let tail = 0
    for (let u = 0; u <= Math.floor(lo + 1e-9); u++) tail += dist[u] ?? 0
    return { test: 'mann-whitney-u', statistic: ub, p: Math.min(1, (2 * tail) / total) }
  }
  const N = n + m
  const sigma = Math.sqrt(((n * m) / 12) * (N + 1 - tieTerm / (N * (N - 1))))
  if (sigma === 0) return { test: 'mann-whitney-u', statistic: ub, p: 1 }
  const z = (Math.abs(ub - mu) - 0.5) / sigma
  return { test: 'mann-whitney-u', statistic: ub, p: Math.min(1, normalTwoSidedP(Math.max(0, z))) }
}

/** Counts of U values 0..n·m over all C(n+m, n) orderings. */
function exactUDistribution(n: number, m: number): number[] {
  // f[i][j] = distribution for sizes (i, j), built with f(i,j)(u) = f(i-1,j)(u-j) + f(i,j-1)(u)
  let prev: number[][] = []
  for (let i = 0; i <= n; i++) {
    const row: number[][] = []
    for (let j = 0; j <= m; j++) {
      if (i === 0 || j === 0) {
        row.push([1])
        continue
      }
      const a = prev[j]! // (i-1, j): shifted by j
      const b = row[j - 1]! // (i, j-1)
      const out = new Array<number>(i * j + 1).fill(0)
      a.forEach((c, u) => (out[u + j]! += c))
      b.forEach((c, u) => (out[u]! += c))
      row.push(out)
    }
    prev = row
  }
  return prev[m]!
}

/** Holm–Bonferroni: adjusted p-values in the input order, family-wise error rate controlled. */
export function holm(ps: readonly number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p)
  const out = new Array<number>(ps.length)
  let running = 0
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, p * (ps.length - k)))
    out[i] = running
  })
  return out
}
