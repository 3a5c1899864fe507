import { HistoryError } from './errors'
import type { HistoryDb } from './history-db'
import type { SampleRow } from './rows'

interface PendingSample {
  runId: string
  suiteIndex: number
  t: number
  at: number
  json: string
}

/** At 1 sample/s per suite this is hours of samples; beyond it the oldest go (and we say so). */
const MAX_BUFFERED = 100_000

export interface SampleBufferOptions {
  /** flush once the buffer holds this many samples (default 50) */
  flushEvery?: number | undefined
  /** ... or this long after the first unflushed sample arrived (default 2000 ms) */
  flushIntervalMs?: number | undefined
  /** a background flush failed; the samples stay buffered and are retried */
  onError?: ((err: Error) => void) | undefined
}

/**
 * Live samples held in memory and written in batches: every `flushEvery` samples, after
 * `flushIntervalMs`, or inside the next write transaction (writeWithSamples), whichever comes
 * first. A failed write keeps them buffered, so a full disk loses nothing until MAX_BUFFERED.
 */
export class SampleBuffer {
  private buffer: PendingSample[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly flushEvery: number
  private readonly flushIntervalMs: number

  constructor(
    private readonly h: HistoryDb,
    private readonly opts: SampleBufferOptions = {},
  ) {
    this.flushEvery = Math.max(1, opts.flushEvery ?? 50)
    this.flushIntervalMs = Math.max(10, opts.flushIntervalMs ?? 2000)
  }

  get size(): number {
    return this.buffer.length
  }

  add(runId: string, suiteIndex: number, sample: { t: number }): void {
    // serialised now: the caller may reuse the object
    this.buffer.push({
      runId,
      suiteIndex,
      t: sample.t,
      at: Date.now(),
      json: JSON.stringify(sample),
    })
    if (this.buffer.length > MAX_BUFFERED) {
      const dropped = this.buffer.splice(0, this.buffer.length - MAX_BUFFERED).length
      this.report(
        new HistoryError(
          'disk-full',
          this.h.path,
          `${dropped} samples could not be written to "${this.h.path}" for a long time and were dropped from memory.`,
        ),
      )
    }
    if (this.buffer.length >= this.flushEvery) this.flushInBackground()
    else this.armTimer()
  }

  /** The unwritten samples of one run, as rows (a live run's latest, or ones a full disk held). */
  rowsOf(runId: string): SampleRow[] {
    return this.buffer
      .filter((p) => p.runId === runId)
      .map((p) => ({ suite_idx: p.suiteIndex, t: p.t, at: p.at, json: p.json }))
  }

  /** Forgets a deleted run's samples: they must not resurface (or fail the next flush). */
  drop(runId: string): void {
    this.buffer = this.buffer.filter((p) => p.runId !== runId)
  }

  /** Forgets everything; returns how many samples were lost. */
  discard(): number {
    const lost = this.buffer.length
    this.buffer = []
    return lost
  }

  /**
   * Runs `fn` in a write transaction that first writes the buffered samples; they leave the
   * buffer only once the transaction has committed, so a failed write loses nothing.
   */
  writeWithSamples<T>(doing: string, fn: () => T): T {
    const pending = this.buffer.slice()
    const out = this.h.write(doing, () => {
      const insert = this.h.db.prepare(
        // samples of a run deleted meanwhile are dropped rather than failing the batch
        `INSERT INTO samples (run_id, suite_idx, t, at, json)
         SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?)`,
      )
      for (const p of pending) insert.run(p.runId, p.suiteIndex, p.t, p.at, p.json, p.runId)
      return fn()
    })
    this.buffer.splice(0, pending.length)
    return out
  }

  /** Writes buffered samples now. Throws a HistoryError (and keeps them buffered) on failure. */
  flush(): void {
    if (this.h.closed || this.buffer.length === 0) return
    this.writeWithSamples('write samples', () => undefined)
  }

  /** Flushes now; a failure is reported (onError) and retried after the interval. */
  flushInBackground(): void {
    this.stopTimer()
    try {
      this.flush()
    } catch (err) {
      this.report(err instanceof Error ? err : new Error(String(err)))
      this.armTimer()
    }
  }

  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private armTimer(): void {
    if (this.timer || this.h.closed || this.buffer.length === 0) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flushInBackground()
    }, this.flushIntervalMs)
    this.timer.unref()
  }

  private report(err: Error): void {
    if (this.opts.onError) this.opts.onError(err)
    else console.error(`[perfdesk history] ${err.message}`)
  }
}
