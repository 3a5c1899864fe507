/**
 * Smooth weighted round-robin (as nginx balances upstreams): deterministic, and after any
 * number of picks each request's count is within one of its exact share, so per-request
 * counts follow the weights tightly even in short runs.
 */
export class WeightedPicker {
  private readonly current: Float64Array
  private readonly total: number

  constructor(private readonly weights: readonly number[]) {
    this.current = new Float64Array(weights.length)
    this.total = weights.reduce((s, w) => s + w, 0)
  }

  next(): number {
    const n = this.weights.length
    if (n === 1) return 0
    let best = 0
    for (let i = 0; i < n; i++) {
      this.current[i]! += this.weights[i]!
      if (this.current[i]! > this.current[best]!) best = i
    }
    this.current[best]! -= this.total
    return best
  }
}
