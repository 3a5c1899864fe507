/**
 * The arrival schedule of an open-model run, fixed before the first request: request i is due
 * at the moment the cumulative target count N(t) = ∫ rate reaches i. A constant rate gives
 * t_i = i / rate, evenly spaced; a stage ramps the rate linearly, so within a stage
 * N(τ) = r0·τ + (r1 − r0)·τ² / (2D), which is inverted in closed form. Nothing depends on
 * how the server answers: that is what makes the load open.
 */

export interface RateStage {
  durationSec: number
  rate: number
}

interface Segment {
  startSec: number
  durationSec: number
  r0: number
  r1: number
  /** cumulative (fractional) count at the start of the segment */
  n0: number
  /** count within the segment */
  n: number
}

/** What a run needs of a schedule (an ArrivalSchedule, or one thread's share of it). */
export interface Schedule {
  /** number of requests due over the whole schedule */
  readonly total: number
  readonly durationSec: number
  readonly peakRate: number
  /** seconds from the start at which request `i` (0-based) is due */
  timeOf(i: number): number
  /** how many requests are due at or before `t` seconds */
  countAt(t: number): number
}

export class ArrivalSchedule implements Schedule {
  private readonly segments: Segment[] = []
  /** number of requests due over the whole schedule */
  readonly total: number
  readonly durationSec: number
  readonly peakRate: number
  private cursor = 0

  /**
   * `startRate` is where the first stage ramps from; a plan without stages is one flat stage.
   * `limit` caps the count (the plan's `amount`).
   */
  constructor(startRate: number, stages: readonly RateStage[], limit?: number) {
    let prev = startRate
    let t = 0
    let n = 0
    let peak = startRate
    for (const s of stages) {
      const count = ((prev + s.rate) / 2) * s.durationSec
      this.segments.push({
        startSec: t,
        durationSec: s.durationSec,
        r0: prev,
        r1: s.rate,
        n0: n,
        n: count,
      })
      t += s.durationSec
      n += count
      prev = s.rate
      peak = Math.max(peak, s.rate)
    }
    // request i is due when N(t) = i, for i = 0 … ceil(n) − 1
    let total = Math.max(0, Math.ceil(n - 1e-9))
    if (limit !== undefined && limit < total) total = limit
    this.total = total
    this.durationSec = limit !== undefined && limit < Math.ceil(n - 1e-9) ? this.timeOf(limit) : t
    this.peakRate = peak
  }

  /** A constant rate for `durationSec` seconds. */
  static constant(rate: number, durationSec: number, limit?: number): ArrivalSchedule {
    return new ArrivalSchedule(rate, [{ durationSec, rate }], limit)
  }

  /** Seconds from the start at which request `i` (0-based) is due. */
  timeOf(i: number): number {
    const segs = this.segments
    let k = this.cursor
    // Requests are asked for in increasing order almost always: walk from the last segment.
    const first = segs[k]
    if (first === undefined || i < first.n0) k = 0
    for (;;) {
      const s = segs[k]
      if (s === undefined) break
      const next = segs[k + 1]
      if (next === undefined || i < next.n0) {
        this.cursor = k
        const m = i - s.n0
        const a = (s.r1 - s.r0) / (2 * s.durationSec)
        const b = s.r0
        if (m <= 0) return s.startSec
        // the stable root of a·τ² + b·τ − m = 0
        const disc = b * b + 4 * a * m
        const tau = disc <= 0 ? s.durationSec : (2 * m) / (b + Math.sqrt(disc))
        return s.startSec + Math.min(tau, s.durationSec)
      }
      k++
    }
    const last = segs[segs.length - 1]
    return last ? last.startSec + last.durationSec : 0
  }

  /** The target rate at `t` seconds (for progress samples). */
  rateAt(t: number): number {
    for (const s of this.segments) {
      if (t < s.startSec + s.durationSec)
        return s.r0 + ((s.r1 - s.r0) * (t - s.startSec)) / s.durationSec
    }
    return this.segments[this.segments.length - 1]?.r1 ?? 0
  }

  /** How many requests are due at or before `t` seconds. */
  countAt(t: number): number {
    if (t <= 0) return this.total > 0 ? 1 : 0
    for (const s of this.segments) {
      if (t < s.startSec + s.durationSec) {
        const tau = t - s.startSec
        const n = s.n0 + s.r0 * tau + ((s.r1 - s.r0) * tau * tau) / (2 * s.durationSec)
        return Math.min(this.total, Math.floor(n + 1e-9) + 1)
      }
    }
    return this.total
  }
}

/**
 * Thread `index` of `of` generator threads takes every `of`-th request of a schedule:
 * requests index, index + of, index + 2·of, … at their times in the whole schedule. The
 * threads' union is then exactly the whole even schedule, whatever its stages.
 */
export class StridedSchedule implements Schedule {
  readonly total: number
  readonly durationSec: number
  readonly peakRate: number

  constructor(
    private readonly base: Schedule,
    private readonly index: number,
    private readonly of: number,
  ) {
    this.total = Math.max(0, Math.ceil((base.total - index) / of))
    this.durationSec = base.durationSec
    this.peakRate = base.peakRate / of
  }

  timeOf(j: number): number {
    return this.base.timeOf(this.index + j * this.of)
  }

  countAt(t: number): number {
    const c = this.base.countAt(t)
    return c > this.index ? Math.min(this.total, Math.floor((c - 1 - this.index) / this.of) + 1) : 0
  }
}

/** The schedule one process sends: the whole one, or its shard's strided share (`--shard`). */
export function shardScheduleOf(spec: {
  startRate: number
  stages: readonly RateStage[]
  limit?: number
  stride?: { index: number; of: number }
}): Schedule {
  const whole = new ArrivalSchedule(spec.startRate, spec.stages, spec.limit)
  return spec.stride ? new StridedSchedule(whole, spec.stride.index, spec.stride.of) : whole
}
