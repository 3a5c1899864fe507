import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'

/**
 * A sub-millisecond alarm for the open-model scheduler, that sleeps instead of spinning.
 *
 * Node's timers cannot do it: libuv keeps loop time in whole milliseconds and epoll waits in
 * whole milliseconds, so a setTimeout rings anywhere up to ~1 ms after its time — a whole
 * inter-arrival gap at 1,000 req/s. Spinning on setImmediate is precise but burns a core: on
 * a 2-core machine it takes the CPU the server under test (and everything else) needs, the
 * OS then preempts the spinner for whole time slices (measured: sends 3–8 ms late), and its
 * per-iteration garbage triggers a scavenge every ~40 ms.
 *
 * So a tiny thread sleeps in Atomics.wait (a futex with a microsecond timeout) and wakes the
 * event loop with a message at the alarm time. Meanwhile the loop itself sleeps in epoll and
 * still handles every answer the moment it arrives, so latencies stay exact.
 */

/** The thread: wait for the armed time (or a re-arm), ring once, wait for the next arming. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const ctrl = new Int32Array(workerData, 0, 2)
const at = new Float64Array(workerData, 8, 1)
const now = () => { const t = process.hrtime(); return t[0] * 1e3 + t[1] / 1e6 }
for (;;) {
  const gen = Atomics.load(ctrl, 0)
  if (Atomics.load(ctrl, 1) !== 0) break
  const target = at[0]
  if (target === 0) { Atomics.wait(ctrl, 0, gen); continue }
  const wait = target - now()
  if (wait > 0) { Atomics.wait(ctrl, 0, gen, wait); continue }
  parentPort.postMessage(gen)
  Atomics.wait(ctrl, 0, gen)
}
`

const GEN = 0
const CLOSED = 1

export interface Alarm {
  /**
   * How long before a due time to set the alarm so that the loop is awake by then: a running
   * estimate of the 99th percentile of how late it rings (ms). It follows the machine: a few
   * tenths of a ms when the CPUs are free, more under contention (the loop then spins longer).
   */
  readonly lead: number
  /** Rings once at `at` (performance.now() ms), replacing any earlier arming. */
  set(at: number): void
  clear(): void
  close(): void
  /** false when the thread could not start and the alarm fell back to setTimeout */
  readonly precise: boolean
}

/**
 * A streaming quantile estimate (stochastic gradient on the pinball loss): O(1), no memory.
 * Each sample moves the estimate up by step·q when above it and down by step·(1 − q) when
 * not, so it settles where a share 1 − q of the samples lie above. It also sinks slowly with
 * time, because a loop that spins for lack of trust in the alarm stops setting it, and would
 * otherwise never learn that the contention is over.
 */
class LeadTracker {
  private at = performance.now()
  constructor(
    private v: number,
    private readonly min: number,
    private readonly max: number,
    private readonly q = 0.99,
    private readonly step = 0.1,
    /** ms of lead lost per second */
    private readonly decay = 0.25,
  ) {}
  get value(): number {
    const v = this.v - ((performance.now() - this.at) / 1000) * this.decay
    return v < this.min ? this.min : v
  }
  add(lateMs: number): void {
    const now = this.value
    const v = lateMs > now ? now + this.step * this.q : now - this.step * (1 - this.q)
    this.v = v < this.min ? this.min : v > this.max ? this.max : v
    this.at = performance.now()
  }
}

const hrNowMs = (): number => {
  const t = process.hrtime()
  return t[0] * 1e3 + t[1] / 1e6
}

/** performance.now() and process.hrtime() run on the same monotonic clock: only the origin differs. */
function hrOffset(): number {
  const a = performance.now()
  const h = hrNowMs()
  const b = performance.now()
  return h - (a + b) / 2
}

/** Starts the alarm thread; falls back to a millisecond setTimeout alarm if it cannot start. */
export async function startAlarm(onRing: (lateMs: number) => void): Promise<Alarm> {
  const sab = new SharedArrayBuffer(16)
  const ctrl = new Int32Array(sab, 0, 2)
  const at = new Float64Array(sab, 8, 1)
  let worker: Worker
  try {
    worker = new Worker(THREAD, {
      eval: true,
      workerData: sab,
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
      stdout: false,
      stderr: false,
    })
    await once(worker, 'online')
  } catch {
    return timeoutAlarm(onRing)
  }
  const offset = hrOffset()
  // Measured here (2 vCPUs): rings ~0.1 ms late at the median, ~0.3 ms at p99 when quiet.
  const lead = new LeadTracker(0.3, 0.1, 1.5)
  let armedGen = -1
  let armedAt = 0
  worker.on('message', (gen: number) => {
    // a ring for an arming that was replaced meanwhile is stale
    if (gen !== armedGen) return
    armedGen = -1
    const late = performance.now() - armedAt
    lead.add(late)
    onRing(late)
  })
  worker.on('error', () => {})
  worker.unref()
  const bump = (): number => {
    const gen = Atomics.add(ctrl, GEN, 1) + 1
    Atomics.notify(ctrl, GEN)
    return gen
  }
  return {
    precise: true,
    get lead() {
      return lead.value
    },
    set(t: number) {
      at[0] = t + offset
      armedAt = t
      armedGen = bump()
    },
    clear() {
      at[0] = 0
      armedGen = -1
      bump()
    },
    close() {
      armedGen = -1
      Atomics.store(ctrl, CLOSED, 1)
      bump()
      void worker.terminate()
    },
  }
}

function timeoutAlarm(onRing: (lateMs: number) => void): Alarm {
  let timer: NodeJS.Timeout | null = null
  const lead = new LeadTracker(2, 1, 5)
  const clear = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  return {
    precise: false,
    get lead() {
      return lead.value
    },
    set(t: number) {
      clear()
      timer = setTimeout(
        () => {
          timer = null
          const late = performance.now() - t
          lead.add(late)
          onRing(late)
        },
        Math.max(0, t - performance.now()),
      )
    },
    clear,
    close: clear,
  }
}
