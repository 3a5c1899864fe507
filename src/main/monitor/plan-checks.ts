import type { FieldProblem, Plan } from '@shared/index'
import type { HostPort } from './monitor'
import { pidAlive } from './monitor'
import { readStatSync } from './procfs'
import { platformSupport } from './ps'

/** What must hold before a run with `monitor` starts; each problem names the field to fix. */
export function monitorProblems(plan: Plan): FieldProblem[] {
  if (!plan.monitor) return []
  const support = platformSupport()
  if (!support.ok) return [{ path: 'monitor.process', message: support.why }]
  const i = plan.targets.findIndex((t) => t.id === plan.monitor!.process)
  const target = plan.targets[i]
  if (!target || target.kind !== 'process' || target.pid === undefined) return []
  const pid = target.pid
  const zombie = process.platform === 'linux' && readStatSync(pid)?.state === 'Z'
  if (!pidAlive(pid) || zombie) {
    return [
      {
        path: `targets[${i}].pid`,
        message:
          `no process with pid ${pid} is running${zombie ? ' (it has exited)' : ''}; start the ` +
          `process and give its current pid, or give "command" instead so that PerfDesk starts it`,
      },
    ]
  }
  return []
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

/**
 * The local HTTP servers the plan's suites will load: a command started for the run is given
 * time to open them before the first suite begins.
 */
export function loopbackPorts(plan: Plan): HostPort[] {
  const used = new Set(plan.suites.map((s) => s.target))
  const out = new Map<string, HostPort>()
  for (const t of plan.targets) {
    if (t.kind !== 'http' || !used.has(t.id)) continue
    let u: URL
    try {
      u = new URL(t.baseUrl)
    } catch {
      continue
    }
    if (!LOOPBACK.has(u.hostname)) continue
    const host = u.hostname === 'localhost' ? '127.0.0.1' : u.hostname.replace(/^\[|\]$/g, '')
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80))
    out.set(`${host}:${port}`, { host, port })
  }
  return [...out.values()]
}
