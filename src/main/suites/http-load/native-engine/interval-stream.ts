import type { IntervalPart } from '../../../analysis/hdr-merge'

type Counts = { [key: string]: number }

/**
 * Gathers the per-second intervals of N generator threads and hands each second on, in
 * order, as soon as every thread still running has reported it (a thread that reported its
 * last interval no longer holds the others back). `finish` hands on whatever is left.
 */
export class IntervalStream<C extends Counts, P extends IntervalPart<C> = IntervalPart<C>> {
  private readonly pending = new Map<number, P[]>()
  private readonly lastSecond: number[]
  private readonly ended: boolean[]
  private next = 0

  constructor(
    threads: number,
    private readonly emit: (second: number, parts: P[]) => void,
  ) {
    this.lastSecond = new Array<number>(threads).fill(-1)
    this.ended = new Array<boolean>(threads).fill(false)
  }

  /** `last`: this is the thread's final interval */
  add(thread: number, part: P, last: boolean): void {
    const list = this.pending.get(part.second)
    if (list) list.push(part)
    else this.pending.set(part.second, [part])
    this.lastSecond[thread] = part.second
    if (last) this.ended[thread] = true
    this.flush(false)
  }

  finish(): void {
    this.flush(true)
  }

  private flush(all: boolean): void {
    while ([...this.pending.keys()].some((k) => k >= this.next)) {
      const s = this.next
      if (!all && !this.lastSecond.every((l, i) => l >= s || this.ended[i] === true)) return
      const parts = this.pending.get(s)
      this.pending.delete(s)
      this.next++
      if (parts?.length) this.emit(s, parts)
    }
  }
}
