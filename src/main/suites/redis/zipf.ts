/**
 * The Zipf key distribution and the hit rate a cache-aside workload should see with it.
 *
 * Key of rank i (1..K) is requested with probability p_i = i^-s / Σ_j j^-s, independently.
 *
 * No TTL, no eviction: a request hits unless it is the first for its key, so after n requests
 * the expected hits are n − E[distinct keys among n] = n − Σ_i (1 − (1 − p_i)^n). Exact.
 *
 * With TTL T set on each miss (not refreshed by hits) and a request rate λ, key i sees a
 * Poisson stream of rate λ_i = p_i·λ: a miss opens a T-long window of hits (λ_i·T expected),
 * then the next request misses again. Steady-state hit rate Σ_i p_i · λ_i·T / (1 + λ_i·T).
 */

export function zipfProbabilities(keys: number, exponent: number): Float64Array {
  const p = new Float64Array(keys)
  let sum = 0
  for (let i = 0; i < keys; i++) {
    const w = Math.pow(i + 1, -exponent)
    p[i] = w
    sum += w
  }
  for (let i = 0; i < keys; i++) p[i] = p[i]! / sum
  return p
}

/** Draws 0-based key ranks from the distribution (CDF + binary search). */
export function zipfSampler(p: Float64Array, random: () => number): () => number {
  const cdf = new Float64Array(p.length)
  let acc = 0
  for (let i = 0; i < p.length; i++) {
    acc += p[i]!
    cdf[i] = acc
  }
  const last = p.length - 1
  return () => {
    const u = random() * acc
    let lo = 0
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid]! < u) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

export { seededRandom } from '../common/random'

/** log(1 − p_i), precomputed once: (1 − p)^n = exp(n · log1p(−p)) stays accurate for tiny p. */
export function logComplements(p: Float64Array): Float64Array {
  const out = new Float64Array(p.length)
  for (let i = 0; i < p.length; i++) out[i] = Math.log1p(-p[i]!)
  return out
}

/** E[distinct keys among n requests] = Σ 1 − (1 − p_i)^n. */
export function expectedDistinct(logComp: Float64Array, n: number): number {
  if (n <= 0) return 0
  let d = 0
  for (let i = 0; i < logComp.length; i++) {
    const l = logComp[i]!
    d += l === -Infinity ? 1 : -Math.expm1(n * l)
  }
  return d
}

/** Expected hits among requests number `from` (inclusive) to `to` (exclusive), no TTL. */
export function expectedHitsNoTtl(logComp: Float64Array, from: number, to: number): number {
  return to - from - (expectedDistinct(logComp, to) - expectedDistinct(logComp, from))
}

/** Steady-state hit rate with a TTL set on miss, at `ratePerSec` requests per second overall. */
export function steadyStateTtlHitRate(p: Float64Array, ratePerSec: number, ttlSec: number): number {
  let h = 0
  for (let i = 0; i < p.length; i++) {
    const x = p[i]! * ratePerSec * ttlSec
    h += (p[i]! * x) / (1 + x)
  }
  return h
}
