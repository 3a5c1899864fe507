import type { HttpLoadConfig } from '@shared/index'

/** A point of the intended arrival rate: seconds from the start, requests per second. */
export interface RatePoint {
  t: number
  rate: number
}

/** The open-model fields of a config, as the form or a stored result has them. */
export type OpenShape = Pick<HttpLoadConfig, 'rate' | 'stages' | 'durationSec' | 'amount'> & {
  sweep?: { rates?: number[] | undefined; connections?: number[] | undefined } | undefined
}

/** Whether a config runs the open model (arrival rate, or a sweep of rates). */
export const isOpenModel = (c: Pick<HttpLoadConfig, 'model'> & OpenShape): boolean =>
  c.model === 'arrival-rate' || Boolean(c.sweep?.rates)

/**
 * The intended rate over time, as the engine schedules it (open-model/schedule.ts): stages
 * ramp linearly from `rate` (or 0) to each stage's rate; otherwise `rate` for durationSec; a
 * sweep of rates holds each for durationSec. A line through these points is the load shape.
 */
export function rateShape(c: OpenShape): RatePoint[] {
  if (c.sweep?.rates?.length) {
    const step = c.durationSec ?? 10
    return c.sweep.rates.flatMap((rate, i) => [
      { t: i * step, rate },
      { t: (i + 1) * step, rate },
    ])
  }
  if (c.stages?.length) {
    const out: RatePoint[] = [{ t: 0, rate: c.rate ?? 0 }]
    let t = 0
    for (const s of c.stages) {
      t += s.durationSec
      out.push({ t, rate: s.rate })
    }
    return out
  }
  if (c.rate === undefined) return []
  const d = c.durationSec ?? (c.amount !== undefined ? c.amount / c.rate : 10)
  return [
    { t: 0, rate: c.rate },
    { t: d, rate: c.rate },
  ]
}

/** The intended rate at second `t` of a shape (0 outside it). */
export function rateAt(shape: readonly RatePoint[], t: number): number {
  for (let i = 1; i < shape.length; i++) {
    const p = shape[i - 1]!
    const q = shape[i]!
    if (t >= p.t && t <= q.t) {
      if (q.t === p.t) return q.rate
      return p.rate + ((q.rate - p.rate) * (t - p.t)) / (q.t - p.t)
    }
  }
  return 0
}

/** The mean intended rate over the second that ends at `t` (what a per-second sample counts). */
export function rateOverSecond(shape: readonly RatePoint[], t: number): number {
  const from = Math.max(0, t - 1)
  const span = t - from
  if (span <= 0) return rateAt(shape, t)
  return requestsBetween(shape, from, t) / span
}

/** Requests the shape intends between two instants: the area under its line. */
export function requestsBetween(shape: readonly RatePoint[], from: number, to: number): number {
  let n = 0
  for (let i = 1; i < shape.length; i++) {
    const p = shape[i - 1]!
    const q = shape[i]!
    const a = Math.max(from, p.t)
    const b = Math.min(to, q.t)
    if (b <= a) continue
    n += ((rateAt([p, q], a) + rateAt([p, q], b)) / 2) * (b - a)
  }
  return n
}

export function shapeSummary(shape: readonly RatePoint[]): {
  durationSec: number
  peak: number
  requests: number
} {
  const durationSec = shape.at(-1)?.t ?? 0
  return {
    durationSec,
    peak: shape.reduce((m, p) => Math.max(m, p.rate), 0),
    requests: Math.round(requestsBetween(shape, 0, durationSec)),
  }
}
