import { newHistogram } from '../../common/latency'
import type { OpenSample } from './measurement'

const r1 = (v: number): number => Math.round(v * 10) / 10

/** One sampling interval of an open-model run: its counts and its latency histogram. */
export class IntervalCounts {
  completed = 0
  sent = 0
  errors = 0
  late = 0
  dropped = 0
  due = 0
  /** µs from the intended send time, this interval's answers only */
  readonly latency = newHistogram()

  private percentile(q: number): number {
    return this.latency.totalCount === 0
      ? 0
      : Math.round(this.latency.getValueAtPercentile(q)) / 1000
  }

  /** The interval as a sample `secs` long, ending `t` seconds into the run. */
  toSample(t: number, secs: number, connections: number): OpenSample {
    return {
      t: Math.round(t * 1000) / 1000,
      rps: r1(this.completed / secs),
      sentRps: r1(this.sent / secs),
      targetRps: r1(this.due / secs),
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
      errors: this.errors,
      late: this.late,
      dropped: this.dropped,
      connections,
    }
  }

  /**
   * Adds the interval's counts to `prev` (`prevSec` long), now ending `t` seconds into the run:
   * a fraction of a second of drain, as a sample of its own, would read as a spike.
   */
  foldInto(prev: OpenSample, prevSec: number, restSec: number, t: number): void {
    const span = prevSec + restSec
    if (span > 0) {
      prev.rps = r1((prev.rps * prevSec + this.completed) / span)
      prev.sentRps = r1((prev.sentRps * prevSec + this.sent) / span)
      prev.targetRps = r1((prev.targetRps * prevSec + this.due) / span)
    }
    prev.t = Math.round(t * 1000) / 1000
    prev.errors += this.errors
    prev.late += this.late
    prev.dropped += this.dropped
    this.reset()
  }

  /** Counts back to zero (the histogram is reset apart: threads read it after a sample). */
  reset(): void {
    this.completed = this.sent = this.errors = this.late = this.dropped = this.due = 0
  }
}
