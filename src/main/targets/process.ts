import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import type { ConnectionTestResult, ProcessTarget } from '@shared/index'
import { pidAlive } from '../monitor'
import { platformSupport } from '../monitor/ps'
import { readCmdline, readStatSync } from '../monitor/procfs'

/**
 * "Test connection" for a process target: the pid is alive (and what it runs), or the
 * command's program can be found, so a run does not fail at its first second.
 */
export function testProcessTarget(target: ProcessTarget): ConnectionTestResult {
  const support = platformSupport()
  if (!support.ok) return { ok: false, message: support.why, latencyMs: null, details: {} }
  if (target.pid !== undefined) return testPid(target.pid)
  return testCommand(target.command ?? '')
}

function testPid(pid: number): ConnectionTestResult {
  const zombie = process.platform === 'linux' && readStatSync(pid)?.state === 'Z'
  if (!pidAlive(pid) || zombie) {
    return {
      ok: false,
      message: `no process with pid ${pid} is running${zombie ? ' (it has exited)' : ''} — start it and give its current pid, or give a command for PerfDesk to start`,
      latencyMs: null,
      details: {},
    }
  }
  const cmdline = process.platform === 'linux' ? readCmdline(pid) : null
  const details: Record<string, string> = { pid: String(pid) }
  if (cmdline) details.commandLine = cmdline.length > 300 ? `${cmdline.slice(0, 300)}…` : cmdline
  return {
    ok: true,
    message: `pid ${pid} is running${cmdline ? `: ${details.commandLine}` : ''}`,
    latencyMs: null,
    details,
  }
}

/** Words the shell runs itself: nothing to find on PATH. */
const BUILTINS = new Set([
  'cd',
  'exec',
  'export',
  'env',
  'set',
  'ulimit',
  'umask',
  'nice',
  'nohup',
  'time',
  '.',
  'source',
])

/** The program a shell command line starts: its first word after any VAR=value assignments. */
export function programOf(command: string): string | null {
  const words = command.trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? []
  for (const w of words) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) continue
    return w.replace(/^(["'])(.*)\1$/, '$2')
  }
  return null
}

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Where `program` resolves on PATH, or null. */
export function findOnPath(program: string, pathVar = process.env.PATH ?? ''): string | null {
  if (program.includes('/')) return executable(program) ? program : null
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, program)
    if (executable(candidate)) return candidate
  }
  return null
}

function testCommand(command: string): ConnectionTestResult {
  const program = programOf(command)
  if (!program) return { ok: false, message: 'the command is empty', latencyMs: null, details: {} }
  if (BUILTINS.has(program)) {
    return {
      ok: true,
      message: `the command starts with the shell word "${program}"; PerfDesk will run it through the shell when a run starts`,
      latencyMs: null,
      details: { program },
    }
  }
  const found = findOnPath(program)
  if (!found) {
    const where = program.includes('/')
      ? `"${program}" is not an executable file${isAbsolute(program) ? '' : ' (relative to the folder PerfDesk runs in)'}`
      : `"${program}" is not on PATH`
    return {
      ok: false,
      message: `${where} — install it, or give the full path to the program in the command`,
      latencyMs: null,
      details: { program },
    }
  }
  return {
    ok: true,
    message: `${program} found at ${found}; PerfDesk starts the command when a run begins and stops it at the end`,
    latencyMs: null,
    details: { program, path: found },
  }
}
