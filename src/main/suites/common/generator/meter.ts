import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { EventLoopUtilization } from 'node:perf_hooks'

/** What one generator thread measured of itself over the measured time. */
export interface ThreadMeterReading {
  /** 0–1: share of wall time the event loop was busy (not waiting for I/O) */
  busy: number
  /** ms the event loop was busy */
  activeMs: number
  /** p99 event-loop delay, ms */
  eventLoopDelayP99Ms: number
  /** wall time measured, ms */
  wallMs: number
  /**
   * ms the thread was ready to run but waited for a CPU (Linux schedstat run delay: other
   * processes on its cores, or a CPU quota throttling it); absent where the OS does not say
   */
  cpuWaitMs?: number
}

/** The thread's run delay so far (ns → ms) from /proc/thread-self/schedstat, or null. */
function runDelayMs(): number | null {
  try {
    const f = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')
    const v = Number(f[1])
    return Number.isFinite(v) ? v / 1e6 : null
  } catch {
    return null
  }
}

/**
 * Measures the current thread's own load: event-loop utilization and event-loop delay. A
 * generator thread whose loop never idles, or whose timers fire late, is the limit of the
 * load it makes; that is how PerfDesk notices it was measuring itself.
 */
export class ThreadMeter {
  private readonly elu0: EventLoopUtilization
  private readonly delay = monitorEventLoopDelay({ resolution: 10 })
  private readonly t0 = performance.now()
  private readonly wait0 = runDelayMs()

  constructor() {
    this.elu0 = performance.eventLoopUtilization()
    this.delay.enable()
  }

  /** Stops measuring and returns the reading; call once. */
  stop(): ThreadMeterReading {
    const elu = performance.eventLoopUtilization(this.elu0)
    this.delay.disable()
    // the histogram is in ns; an empty one reports a huge minimum, so guard on count
    const p99 = this.delay.count > 0 ? this.delay.percentile(99) / 1e6 : 0
    const wait1 = this.wait0 !== null ? runDelayMs() : null
    return {
      ...(wait1 !== null && this.wait0 !== null ? { cpuWaitMs: wait1 - this.wait0 } : {}),
      busy: Math.min(1, Math.max(0, elu.utilization)),
      activeMs: elu.active,
      eventLoopDelayP99Ms: Math.round(p99 * 1000) / 1000,
      wallMs: performance.now() - this.t0,
    }
  }
}

/** CPU time of the whole process (user + system), to difference over a measured window. */
export function processCpuSec(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}
