/** What the closed-model bench sections share: settings, pinning, medians, PerfDesk in a child. */
import { readFileSync } from 'node:fs'
import { runChild, which } from './lib'

export const SEC = Number(process.env.BENCH_SEC ?? 5)
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
export const TASKSET = which('taskset')
export const loadavg = (): string =>
  readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN
}
/** `cmd args` pinned to `core` when taskset is installed */
export const pinned = (core: number, cmd: string, args: string[]): [string, string[]] =>
  TASKSET ? [TASKSET, ['-c', String(core), cmd, ...args]] : [cmd, args]

export interface ClosedTool {
  name: string
  run(url: string): Promise<{ rps: number; cpuSec: number; requests: number; p99Ms: number | null }>
}

/**
 * PerfDesk's closed model (either engine) in a pinned child process, as the suite runs it;
 * `variant` "scenario": a templated path ({{seq}}) with a status check instead of a fixed GET /.
 */
export function perfdeskChild(
  engine: 'native' | 'autocannon',
  variant: 'static' | 'scenario' = 'static',
): ClosedTool['run'] {
  const script = new URL('./closed-child.ts', import.meta.url).pathname
  return async (url) => {
    const [cmd, args] = pinned(0, process.execPath, [
      '--import',
      'tsx',
      script,
      url,
      engine,
      String(CONNECTIONS),
      String(SEC),
      variant,
    ])
    const { stdout } = await runChild(cmd, args)
    const j = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      requests: number
      sec: number
      cpuSec: number
      p99Ms: number
    }
    // the child's own CPU over the measured time (its start-up and tsx compile excluded)
    return { rps: j.requests / j.sec, cpuSec: j.cpuSec, requests: j.requests, p99Ms: j.p99Ms }
  }
}
