import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

/**
 * How much of its CPU the generator used, where event-loop utilization cannot tell: a thread
 * starved by a CPU quota (a container limit, a cgroup) or a crowded machine waits in epoll
 * while its replies sit in the socket, which utilization reads as idle. Linux only; elsewhere
 * the event-loop utilization stands alone. (Generic: could move to common/generator.)
 */

/** The calling thread's CPU seconds and seconds runnable but not running (/proc schedstat, ns). */
function threadSched(): { cpuSec: number; waitSec: number } | null {
  try {
    const [cpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')
    return { cpuSec: Number(cpu) / 1e9, waitSec: Number(wait) / 1e9 }
  } catch {
    return null
  }
}

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return null
  }
}

/**
 * Cores this process may use under its cgroup CPU quota (v1 cfs_quota_us or v2 cpu.max, the
 * tightest of its group and their parents), or null when unlimited or unknown.
 */
export function cpuQuotaCores(): number | null {
  const groups = readText('/proc/self/cgroup')
  if (!groups) return null
  const dirs: string[] = []
  for (const line of groups.split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? []
    if (path === undefined) continue
    if (controllers === '') dirs.push(`/sys/fs/cgroup${path}`)
    else if (controllers!.split(',').includes('cpu'))
      dirs.push(`/sys/fs/cgroup/cpu${path}`, `/sys/fs/cgroup/cpu,cpuacct${path}`)
  }
  let tightest: number | null = null
  for (const start of dirs) {
    for (let dir = start.replace(/\/$/, ''); dir.startsWith('/sys/fs/cgroup');) {
      let cores: number | null = null
      const max = readText(`${dir}/cpu.max`)
      if (max) {
        const [q, p] = max.split(' ')
        if (q !== 'max' && Number(p) > 0) cores = Number(q) / Number(p)
      } else {
        const q = Number(readText(`${dir}/cpu.cfs_quota_us`))
        const p = Number(readText(`${dir}/cpu.cfs_period_us`))
        if (q > 0 && p > 0) cores = q / p
      }
      if (cores !== null && (tightest === null || cores < tightest)) tightest = cores
      const up = dir.slice(0, dir.lastIndexOf('/'))
      if (up === dir || up.length < '/sys/fs/cgroup'.length) break
      dir = up
    }
  }
  return tightest
}

const processCpuSec = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/** Starts measuring; `stop()` gives the thread's CPU seconds and its 0–1 share of the CPU it could have. */
export function startCpuShare(): { stop(): { cpuSec: number; share: number } } {
  const t0 = performance.now()
  const s0 = threadSched()
  const p0 = processCpuSec()
  const quota = cpuQuotaCores()
  return {
    stop() {
      const wall = (performance.now() - t0) / 1000
      const s1 = threadSched()
      const processCpu = processCpuSec() - p0
      const cpuSec = s0 && s1 ? s1.cpuSec - s0.cpuSec : processCpu
      if (wall <= 0) return { cpuSec, share: 0 }
      // ran or waited to run: the share of the time this thread wanted a core
      const wanted = s0 && s1 ? (cpuSec + s1.waitSec - s0.waitSec) / wall : 0
      // the whole process against its quota: at the quota, it could not have gone faster
      const atQuota = quota !== null ? processCpu / (quota * wall) : 0
      return { cpuSec, share: Math.min(1, Math.max(wanted, atQuota)) }
    },
  }
}
