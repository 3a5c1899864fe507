import { readFileSync } from 'node:fs'

/** What the process's CPU cgroup says of its quota and throttling (Linux; null elsewhere). */

const CGROUP_ROOT = '/sys/fs/cgroup'

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return null
  }
}

/** The process's CPU cgroup folders: the v1 cpu controller's (either mount point), then v2's. */
function cgroupCpuDirs(): string[] {
  const groups = readText('/proc/self/cgroup')
  if (!groups) return []
  const dirs: string[] = []
  for (const line of groups.split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line) ?? []
    if (path === undefined || controllers === undefined) continue
    if (controllers === '') dirs.push(`${CGROUP_ROOT}${path}`)
    else if (controllers.split(',').includes('cpu'))
      dirs.push(`${CGROUP_ROOT}/cpu${path}`, `${CGROUP_ROOT}/cpu,cpuacct${path}`)
  }
  return dirs.map((d) => d.replace(/\/$/, ''))
}

/** A file of the process's own CPU cgroup, or null. */
function readCgroupCpu(file: string): string | null {
  for (const dir of cgroupCpuDirs()) {
    const text = readText(`${dir}/${file}`)
    if (text !== null) return text
  }
  return null
}

/**
 * Time the process's CPU cgroup has been throttled so far, ms: cgroup v1 `throttled_time`
 * (ns) or v2 `throttled_usec`. Null when unknown.
 */
export function cgroupThrottledMs(): number | null {
  const stat = readCgroupCpu('cpu.stat')
  if (stat === null) return null
  const ns = /^throttled_time (\d+)$/m.exec(stat)
  if (ns) return Number(ns[1]) / 1e6
  const us = /^throttled_usec (\d+)$/m.exec(stat)
  return us ? Number(us[1]) / 1e3 : null
}

/** Cores one cgroup folder's quota allows (v2 cpu.max, v1 cfs_quota_us / cfs_period_us), or null. */
function quotaIn(dir: string): number | null {
  const max = readText(`${dir}/cpu.max`)
  if (max) {
    const [quota, period] = max.split(/\s+/)
    return quota && quota !== 'max' && Number(period) > 0 ? Number(quota) / Number(period) : null
  }
  const quota = Number(readText(`${dir}/cpu.cfs_quota_us`))
  const period = Number(readText(`${dir}/cpu.cfs_period_us`))
  return quota > 0 && period > 0 ? quota / period : null
}

/**
 * Cores this process may use under its cgroup CPU quota, the tightest of its group and their
 * parents (a container limit often sits on a parent), or null when unlimited or unknown.
 */
export function cgroupQuotaCores(): number | null {
  let tightest: number | null = null
  for (const start of cgroupCpuDirs()) {
    for (let dir = start; dir.startsWith(CGROUP_ROOT);) {
      const cores = quotaIn(dir)
      if (cores !== null && (tightest === null || cores < tightest)) tightest = cores
      const up = dir.slice(0, dir.lastIndexOf('/'))
      if (up === dir || up.length < CGROUP_ROOT.length) break
      dir = up
    }
  }
  return tightest
}
