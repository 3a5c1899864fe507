import * as hdr from 'hdr-histogram-js'
import type { LatencySummary } from '@shared/index'

/** Latency is recorded in whole microseconds: 1 µs to 1 hour, 3 significant digits. */
const LOWEST_US = 1
const HIGHEST_US = 3_600_000_000

export function newHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: LOWEST_US,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    useWebAssembly: false,
    autoResize: false,
  })
}

/** Clamps into the histogram's range so that a 0.2 µs answer still counts as 1 µs. */
export function toMicros(ms: number): number {
  const us = Math.round(ms * 1000)
  return us < LOWEST_US ? LOWEST_US : us > HIGHEST_US ? HIGHEST_US : us
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000

/** Summary in milliseconds (3 decimals, i.e. microsecond resolution). */
export function summarize(h: hdr.Histogram): LatencySummary {
  if (h.totalCount === 0) {
    return { min: 0, mean: 0, stdev: 0, p50: 0, p75: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 }
  }
  const p = (q: number): number => r3(h.getValueAtPercentile(q) / 1000)
  return {
    min: r3(h.minNonZeroValue / 1000),
    mean: r3(h.mean / 1000),
    stdev: r3(h.stdDeviation / 1000),
    p50: p(50),
    p75: p(75),
    p90: p(90),
    p95: p(95),
    p99: p(99),
    p999: p(99.9),
    max: r3(h.maxValue / 1000),
  }
}

export function encodeHistogram(h: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(h)
}

export function decodeHistogram(encoded: string): hdr.Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false)
}

interface RecordedValue {
  valueIteratedTo: number
  countAtValueIteratedTo: number
}
interface RecordedValuesIterator {
  reset(): void
  hasNext(): boolean
  next(): RecordedValue
}

/**
 * Fraction of recorded values at or below `limitMs`. A bucket counts as at-or-below when its
 * lowest equivalent value is, so a value recorded exactly at the limit is inside it.
 */
export function fractionAtOrBelow(h: hdr.Histogram, limitMs: number): number {
  if (h.totalCount === 0) return 0
  const limitUs = limitMs * 1000
  let below = 0
  // JsHistogram exposes recorded values through its iterator; fall back to percentiles otherwise.
  const js = h as unknown as {
    recordedValuesIterator?: RecordedValuesIterator
    lowestEquivalentValue?: (v: number) => number
  }
  const it = js.recordedValuesIterator
  const lowest = js.lowestEquivalentValue?.bind(h) ?? ((v: number): number => v)
  if (it) {
    it.reset()
    while (it.hasNext()) {
      const v = it.next()
      if (lowest(v.valueIteratedTo) <= limitUs) below += v.countAtValueIteratedTo
    }
    return below / h.totalCount
  }
  // binary search over percentiles
  let lo = 0
  let hi = 100
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2
    if (h.getValueAtPercentile(mid) <= limitUs) lo = mid
    else hi = mid
  }
  return lo / 100
}

/**
 * Apdex with target T: satisfied ≤ T, tolerating ≤ 4T, frustrated beyond, and failed
 * requests count as frustrated. https://www.apdex.org/
 */
export function apdex(h: hdr.Histogram, tMs: number, failed: number): number {
  const total = h.totalCount + failed
  if (total === 0) return 0
  const satisfied = fractionAtOrBelow(h, tMs) * h.totalCount
  const tolerating = fractionAtOrBelow(h, 4 * tMs) * h.totalCount - satisfied
  return Math.round(((satisfied + tolerating / 2) / total) * 10000) / 10000
}

/** Records one latency given in (fractional) milliseconds. */
export function recordMs(h: hdr.Histogram, ms: number): void {
  h.recordValue(toMicros(ms))
}

/** A fresh histogram holding the sum of `parts` (exact: HDR histograms merge losslessly). */
export function mergeHistograms(parts: readonly hdr.Histogram[]): hdr.Histogram {
  const out = newHistogram()
  for (const p of parts) out.add(p)
  return out
}

/**
 * Latency of a whole run plus of the current interval (for per-second samples), recorded
 * once per value. `takeInterval()` summarises the interval and starts the next one.
 */
export class LatencyRecorder {
  readonly total = newHistogram()
  private interval = newHistogram()

  recordMs(ms: number): void {
    const us = toMicros(ms)
    this.total.recordValue(us)
    this.interval.recordValue(us)
  }

  get intervalCount(): number {
    return this.interval.totalCount
  }

  takeInterval(): LatencySummary & { count: number } {
    const summary = { ...summarize(this.interval), count: this.interval.totalCount }
    this.interval.reset()
    return summary
  }

  destroy(): void {
    this.total.destroy()
    this.interval.destroy()
  }
}
