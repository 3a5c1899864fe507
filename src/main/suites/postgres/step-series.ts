import { mergeEncodedHistograms, mergeIntervals, type IntervalPart } from '../../analysis/hdr-merge'
import type { PgGenInterval } from './generator-task'

/** One merged second of a pool step, rates over the interval's real duration. */
export interface SecondSample {
  /** seconds since the step began (end of this interval) */
  stepElapsedSec: number
  tps: number
  p50: number
  p95: number
  p99: number
  waitMs: number
  errors: number
}

/** A tail shorter than this is folded into the second before it instead of plotted alone. */
const TAIL_FOLD_SEC = 0.5

const r3 = (v: number): number => Math.round(v * 1000) / 1000

type Counts = PgGenInterval['counts']

/**
 * The per-second series of one pool step from its generator threads' intervals. A second is
 * emitted once every thread has moved past it, so that a thread's short tail (the few ms
 * between its last whole second and its end) can still be folded into it: plotted alone, a
 * 0.02 s tail holding the last in-flight answers reads as a dip (TPS 341 among ~1,000).
 */
export class StepSeries {
  private readonly byThread: PgGenInterval[][]
  private emitted = -1
  private elapsedUs = 0

  constructor(threads: number) {
    this.byThread = Array.from({ length: threads }, () => [])
  }

  /** Adds one thread's interval; returns the seconds that are now final. */
  add(thread: number, interval: PgGenInterval): SecondSample[] {
    this.byThread[thread]?.push(interval)
    // a second is final once every thread has reported a later whole one: only a short
    // last interval is ever folded back, and a whole one after it rules that out
    const safe = Math.min(...this.byThread.map((l) => lastWhole(l) - 1))
    return this.emit(safe, false)
  }

  /** At the step's end: folds each thread's short tail and returns what is left. */
  finish(): SecondSample[] {
    for (const list of this.byThread) foldTail(list)
    const last = Math.max(-1, ...this.byThread.map((l) => l.at(-1)?.second ?? -1))
    return this.emit(last, true)
  }

  private emit(upTo: number, all: boolean): SecondSample[] {
    if (upTo <= this.emitted && !all) return []
    const parts: IntervalPart<Counts>[] = []
    for (const list of this.byThread) {
      for (const i of list) {
        if (i.second > this.emitted && i.second <= upTo) {
          parts.push({ second: i.second, histogram: i.histogram, counts: i.counts })
        }
      }
    }
    this.emitted = Math.max(this.emitted, upTo)
    return mergeIntervals(parts).map((m) => {
      // threads run side by side: the interval lasted as long as the threads' mean
      const durationUs = m.counts.durationUs / Math.max(1, m.sources)
      this.elapsedUs += durationUs
      const sec = Math.max(0.001, durationUs / 1e6)
      return {
        stepElapsedSec: r3(this.elapsedUs / 1e6),
        tps: Math.round((m.counts.tx / sec) * 10) / 10,
        p50: m.latency.p50,
        p95: m.latency.p95,
        p99: m.latency.p99,
        waitMs: m.counts.tx > 0 ? r3(m.counts.waitUs / m.counts.tx / 1000) : 0,
        errors: m.counts.errors,
      }
    })
  }
}

function lastWhole(list: readonly PgGenInterval[]): number {
  for (let i = list.length - 1; i >= 0; i--) {
    const x = list[i]!
    if (x.counts.durationUs >= TAIL_FOLD_SEC * 1e6) return x.second
  }
  return -1
}

/**
 * Folds a thread's last interval into the one before when it is shorter than half a second:
 * histograms added, counts (duration included) summed, so its rate is over its real time.
 */
export function foldTail(list: PgGenInterval[]): void {
  const last = list.at(-1)
  const before = list.at(-2)
  if (!last || !before || last.counts.durationUs >= TAIL_FOLD_SEC * 1e6) return
  list.pop()
  before.histogram = mergeEncodedHistograms([before.histogram, last.histogram])
  before.counts = {
    tx: before.counts.tx + last.counts.tx,
    errors: before.counts.errors + last.counts.errors,
    waitUs: before.counts.waitUs + last.counts.waitUs,
    durationUs: before.counts.durationUs + last.counts.durationUs,
  }
}
