/**
 * Gunther's Universal Scalability Law: X(N) = λN / (1 + σ(N − 1) + κN(N − 1)), where σ is
 * contention (the serial fraction), κ coherency (crosstalk) and λ the throughput of one unit
 * of load without either. Fitted by least squares on the measured (N, X) points.
 */

export interface UslFit {
  sigma: number
  kappa: number
  lambda: number
  /** coefficient of determination of the fit, 1 = perfect */
  r2: number
  /** root mean square error, in the unit of X */
  rmse: number
}

export interface UslPoint {
  n: number
  x: number
}

export const uslX = (f: Pick<UslFit, 'sigma' | 'kappa' | 'lambda'>, n: number): number =>
  (f.lambda * n) / (1 + f.sigma * (n - 1) + f.kappa * n * (n - 1))

/**
 * For given σ, κ the best λ is a linear least-squares problem. Errors are relative
 * ((x − X̂)/x): throughput across a sweep spans decades, and an absolute fit would let the
 * largest points decide alone, bending the low-load slope λ — which is what places the knee.
 */
function bestLambda(
  points: readonly UslPoint[],
  sigma: number,
  kappa: number,
): { lambda: number; sse: number } {
  let num = 0
  let den = 0
  for (const p of points) {
    const h = p.n / (1 + sigma * (p.n - 1) + kappa * p.n * (p.n - 1)) / p.x
    num += h
    den += h * h
  }
  const lambda = den > 0 ? num / den : 0
  let sse = 0
  for (const p of points) {
    const e = 1 - (lambda * p.n) / (1 + sigma * (p.n - 1) + kappa * p.n * (p.n - 1)) / p.x
    sse += e * e
  }
  return { lambda, sse }
}

/**
 * Fits σ ∈ [0, 1] and κ ≥ 0 by a coarse log grid followed by a shrinking pattern search,
 * with λ solved exactly at every trial. Needs at least three points with distinct N.
 */
export function fitUsl(points: readonly UslPoint[]): UslFit | null {
  const pts = points.filter(
    (p) => Number.isFinite(p.n) && Number.isFinite(p.x) && p.n > 0 && p.x > 0,
  )
  if (new Set(pts.map((p) => p.n)).size < 3) return null
  const grid = [0, ...Array.from({ length: 31 }, (_, i) => 10 ** (-6 + i * 0.2))]
  let best = { sigma: 0, kappa: 0, sse: Infinity }
  for (const sigma of grid) {
    if (sigma > 1) continue
    for (const kappa of grid) {
      const { sse } = bestLambda(pts, sigma, kappa)
      if (sse < best.sse) best = { sigma, kappa, sse }
    }
  }
  // pattern search in log space around the grid optimum
  let ls = Math.log10(Math.max(best.sigma, 1e-7))
  let lk = Math.log10(Math.max(best.kappa, 1e-9))
  let step = 0.2
  const val = (a: number, b: number): number => {
    const s = Math.min(1, 10 ** a)
    return bestLambda(pts, s < 1.1e-7 ? 0 : s, 10 ** b < 1.1e-9 ? 0 : 10 ** b).sse
  }
  let cur = Math.min(best.sse, val(ls, lk))
  if (cur < best.sse) best = { sigma: 10 ** ls, kappa: 10 ** lk, sse: cur }
  while (step > 1e-4) {
    let moved = false
    for (const [da, db] of [
      [step, 0],
      [-step, 0],
      [0, step],
      [0, -step],
    ] as const) {
      const v = val(ls + da, lk + db)
      if (v < cur) {
        cur = v
        ls += da
        lk += db
        moved = true
      }
    }
    if (!moved) step /= 2
  }
  const sigma0 = Math.min(1, 10 ** ls)
  const sigma = sigma0 < 1.1e-7 ? 0 : sigma0
  const kappa = 10 ** lk < 1.1e-9 ? 0 : 10 ** lk
  const chosen = cur <= best.sse ? { sigma, kappa } : { sigma: best.sigma, kappa: best.kappa }
  const { lambda } = bestLambda(pts, chosen.sigma, chosen.kappa)
  const sse = pts.reduce((acc, p) => acc + (p.x - uslX({ ...chosen, lambda }, p.n)) ** 2, 0)
  const mean = pts.reduce((s, p) => s + p.x, 0) / pts.length
  const sst = pts.reduce((s, p) => s + (p.x - mean) ** 2, 0)
  return {
    sigma: chosen.sigma,
    kappa: chosen.kappa,
    lambda,
    r2: sst > 0 ? 1 - sse / sst : 1,
    rmse: Math.sqrt(sse / pts.length),
  }
}

export interface Knee {
  /** the load (N) at the knee */
  n: number
  /** the fitted throughput there */
  x: number
  /** N at the USL peak (∞ when κ = 0) */
  peakN: number
}

/**
 * The knee: the load at which ideal linear scaling (λN) would reach the highest throughput the
 * fitted curve attains within the measured range — where the curve bends from "more load,
 * more throughput" to "more load, more waiting". For a server that serves K at a time this is
 * K. Null when the fitted curve is still scaling almost linearly at the largest measured load
 * (efficiency above 80 %): then no knee was reached.
 */
export function uslKnee(f: UslFit, maxN: number): Knee | null {
  if (f.lambda <= 0) return null
  const peakN = f.kappa > 0 ? Math.sqrt((1 - f.sigma) / f.kappa) : Infinity
  const nTop = Math.min(peakN, maxN)
  const xTop = uslX(f, nTop)
  if (xTop / (f.lambda * nTop) > 0.8) return null
  return { n: xTop / f.lambda, x: xTop, peakN }
}
