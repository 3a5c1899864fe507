import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { EventLoopUtilization } from 'node:perf_hooks'
import { cgroupQuotaCores, cgroupThrottledMs } from './cgroup'

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
   * ms the process's cgroup was throttled by its CPU quota (a container limit) meanwhile:
   * the generator wanted more CPU than it may use. Absent where no quota can be read.
   */
  cpuThrottledMs?: number
  /** the process's CPU quota in cores (e.g. 0.25), when its cgroup sets one */
  cpuQuotaCores?: number
  /** CPU seconds this thread spent (the whole process's where the thread's cannot be read) */
  cpuSec: number
  /**
   * 0–1: the share of the CPU it could have that the thread used or waited for, where event-loop
   * utilization cannot tell: a thread starved by a CPU quota or a crowded machine waits in epoll
   * while its replies sit in the socket, which utilization reads as idle. Linux only (else 0).
   */
  cpuShare: number
}

/** The calling thread's CPU seconds and seconds runnable but not running (/proc schedstat). */
function threadSched(): { cpuSec: number; waitSec: number } | null {
  try {
    const [cpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')
    return { cpuSec: Number(cpu) / 1e9, waitSec: Number(wait) / 1e9 }
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
  private readonly throttled0 = cgroupThrottledMs()
  private readonly quota = cgroupQuotaCores()
  private readonly sched0 = threadSched()
  private readonly processCpu0 = processCpuSec()

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
    const throttled1 = this.throttled0 !== null ? cgroupThrottledMs() : null
    const wallMs = performance.now() - this.t0
    const { cpuSec, cpuShare } = this.cpuUse(wallMs / 1000)
    return {
      ...(throttled1 !== null && this.throttled0 !== null
        ? { cpuThrottledMs: throttled1 - this.throttled0 }
        : {}),
      ...(this.quota !== null ? { cpuQuotaCores: this.quota } : {}),
      busy: Math.min(1, Math.max(0, elu.utilization)),
      activeMs: elu.active,
      eventLoopDelayP99Ms: Math.round(p99 * 1000) / 1000,
      wallMs,
      cpuSec,
      cpuShare,
    }
  }

  private cpuUse(wallSec: number): { cpuSec: number; cpuShare: number } {
    const s0 = this.sched0
    const s1 = s0 ? threadSched() : null
    const processCpu = processCpuSec() - this.processCpu0
    const cpuSec = s0 && s1 ? s1.cpuSec - s0.cpuSec : processCpu
    if (wallSec <= 0) return { cpuSec, cpuShare: 0 }
    // ran or waited to run: the share of the time this thread wanted a core
    const wanted = s0 && s1 ? (cpuSec + s1.waitSec - s0.waitSec) / wallSec : 0
    // the whole process against its quota: at the quota, it could not have gone faster
    const atQuota = this.quota !== null ? processCpu / (this.quota * wallSec) : 0
    return { cpuSec, cpuShare: Math.min(1, Math.max(wanted, atQuota)) }
  }
}

/** CPU time of the whole process (user + system), to difference over a measured window. */
export function processCpuSec(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}
