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
   * ms the process's cgroup was throttled by its CPU quota (a container limit) meanwhile:
   * the generator wanted more CPU than it may use. Absent where no quota can be read.
   */
  cpuThrottledMs?: number
  /** the process's CPU quota in cores (e.g. 0.25), when its cgroup sets one */
  cpuQuotaCores?: number
}

/**
 * Time the process's CPU cgroup has been throttled so far, ms: cgroup v1 `throttled_time`
 * (ns) or v2 `throttled_usec`, from the cgroup /proc/self/cgroup names. Null when unknown.
 */
export function cgroupThrottledMs(): number | null {
  const stat = readCgroupCpu('cpu.stat')
  if (stat === null) return null
  const ns = /^throttled_time (\d+)$/m.exec(stat)
  if (ns) return Number(ns[1]) / 1e6
  const us = /^throttled_usec (\d+)$/m.exec(stat)
  return us ? Number(us[1]) / 1e3 : null
}

/** The process's CPU quota in cores: v1 cfs_quota_us / cfs_period_us, v2 cpu.max; null: none. */
export function cgroupQuotaCores(): number | null {
  const max = readCgroupCpu('cpu.max')
  if (max !== null) {
    const [quota, period] = max.trim().split(/\s+/)
    return quota && quota !== 'max' && Number(period) > 0 ? Number(quota) / Number(period) : null
  }
  const quota = Number(readCgroupCpu('cpu.cfs_quota_us'))
  const period = Number(readCgroupCpu('cpu.cfs_period_us'))
  return quota > 0 && period > 0 ? quota / period : null
}

/** A file of the process's CPU cgroup (v1 cpu controller, or v2), or null. */
function readCgroupCpu(file: string): string | null {
  try {
    for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const [, controllers, path] = line.split(':')
      if (path === undefined || controllers === undefined) continue
      const v1 = controllers.split(',').includes('cpu')
      if (!v1 && controllers !== '') continue
      const dirs = v1
        ? [`/sys/fs/cgroup/cpu${path}`, `/sys/fs/cgroup/cpu,cpuacct${path}`]
        : [`/sys/fs/cgroup${path}`]
      for (const dir of dirs) {
        try {
          return readFileSync(`${dir}/${file}`, 'utf8')
        } catch {
          // the other mount point, or not this file
        }
      }
    }
  } catch {
    // not Linux, or no cgroup: unknown
  }
  return null
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
    return {
      ...(throttled1 !== null && this.throttled0 !== null
        ? { cpuThrottledMs: throttled1 - this.throttled0 }
        : {}),
      ...(this.quota !== null ? { cpuQuotaCores: this.quota } : {}),
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
