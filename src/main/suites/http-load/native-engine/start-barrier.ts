import { performance } from 'node:perf_hooks'

/**
 * A start line shared by the generator threads of one run, in a SharedArrayBuffer: each
 * thread arrives when it is ready, the last one sets a start time a little ahead, and all of
 * them start their clocks at that same instant (performance.timeOrigin + now() is one clock
 * for every thread of the process). That keeps per-second intervals aligned for the merge and
 * makes the open model's interleaved schedules one even schedule.
 */
export function newStartBarrier(): SharedArrayBuffer {
  // [0] arrived (Int32), [1] (as Float64 at byte 8) the start, epoch ms
  return new SharedArrayBuffer(16)
}

const LEAD_MS = 5

/**
 * Arrives at the barrier and resolves with the common start on this thread's
 * performance.now() clock. Without a barrier (one thread) the start is now.
 */
export async function startTogether(
  barrier: SharedArrayBuffer | undefined,
  threads: number,
  signal: AbortSignal,
): Promise<number> {
  if (!barrier || threads <= 1) return performance.now()
  const arrived = new Int32Array(barrier, 0, 1)
  const start = new Float64Array(barrier, 8, 1)
  if (Atomics.add(arrived, 0, 1) + 1 === threads) {
    start[0] = performance.timeOrigin + performance.now() + LEAD_MS
  }
  // polled, not Atomics.wait: the inline thread must keep its event loop
  const deadline = performance.now() + 30_000
  while (start[0] === 0) {
    if (signal.aborted || performance.now() > deadline) return performance.now()
    await new Promise((r) => setTimeout(r, 1))
  }
  const t0 = start[0]! - performance.timeOrigin
  const wait = t0 - performance.now()
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  return t0
}
