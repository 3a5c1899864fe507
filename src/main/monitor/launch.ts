import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { hasProcfs, readStatSync } from './procfs'

/**
 * A command PerfDesk starts for a process target: run through the shell, in a process group of
 * its own (so stopping it stops whatever it started too), its output kept in a bounded ring.
 */

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

/**
 * A tiny shell that outlives PerfDesk: once PerfDesk's pid is gone (kill -9, a crash: no exit
 * handler ran) it stops the command's group, SIGTERM then SIGKILL after 3 s. It ends by itself
 * as soon as the group is gone. Node has no PR_SET_PDEATHSIG, hence the polling.
 */
const WATCHDOG = `
while kill -0 "$1" 2>/dev/null && kill -0 -"$2" 2>/dev/null; do sleep 1; done
kill -0 "$1" 2>/dev/null && exit 0
kill -TERM -"$2" 2>/dev/null || exit 0
i=0
while kill -0 -"$2" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 -"$2" 2>/dev/null && kill -KILL -"$2" 2>/dev/null
exit 0
`

function startWatchdog(pgid: number): ChildProcess | null {
  if (process.platform === 'win32' || pgid < 0) return null
  try {
    const w = spawn(
      '/bin/sh',
      ['-c', WATCHDOG, 'perfdesk-watchdog', String(process.pid), String(pgid)],
      {
        // a group of its own: not hit by signals for the command's group or the terminal's Ctrl-C
        detached: true,
        stdio: 'ignore',
      },
    )
    w.on('error', () => undefined)
    w.unref()
    return w
  } catch {
    return null
  }
}

export interface CommandExit {
  code: number | null
  signal: NodeJS.Signals | null
  /** Date.now() when it ended */
  at: number
}

/** The last `maxBytes` of everything written, stdout and stderr interleaved. */
export class OutputRing {
  private chunks: Buffer[] = []
  private size = 0
  constructor(private readonly maxBytes = 16 * 1024) {}
  push(b: Buffer): void {
    this.chunks.push(b)
    this.size += b.length
    while (this.size > this.maxBytes && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length
    }
    if (this.size > this.maxBytes) {
      const only = this.chunks[0]!
      this.chunks = [only.subarray(only.length - this.maxBytes)]
      this.size = this.maxBytes
    }
  }
  /** The last `lines` lines as text. */
  tail(lines = 40): string {
    const text = Buffer.concat(this.chunks).toString('utf8').replace(/\r\n/g, '\n')
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd()
  }
}

export class LaunchedCommand {
  readonly child: ChildProcess
  /** the shell's pid, which is also the process group id */
  readonly pid: number
  exit: CommandExit | null = null
  readonly exited: Promise<CommandExit>
  /** set when the command could not be started at all (no shell, bad cwd) */
  spawnError: Error | null = null
  private readonly output = new OutputRing()
  private readonly watchdog: ChildProcess | null
  private readonly onProcessExit = (): void => void this.signalGroup('SIGKILL')

  constructor(readonly command: string) {
    this.child = spawn(command, {
      shell: true,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    })
    this.pid = this.child.pid ?? -1
    this.child.stdout?.on('data', (b: Buffer) => this.output.push(b))
    this.child.stderr?.on('data', (b: Buffer) => this.output.push(b))
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.spawnError ??= err
        if (this.pid < 0) {
          this.exit ??= { code: null, signal: null, at: Date.now() }
          resolve(this.exit)
        }
      })
      this.child.on('exit', (code, signal) => {
        this.exit ??= { code, signal, at: Date.now() }
        resolve(this.exit)
      })
    })
    // PerfDesk exiting (Ctrl-C twice, an uncaught error) must not leave the command behind
    process.on('exit', this.onProcessExit)
    // ... nor PerfDesk killed outright (kill -9), when no exit handler runs
    this.watchdog = startWatchdog(this.pid)
  }

  tail(lines = 40): string {
    return this.output.tail(lines)
  }

  /** Live processes of the group (zombies do not count); null where /proc cannot tell. */
  members(): number[] | null {
    if (this.pid < 0) return []
    if (!hasProcfs()) return null
    let names: string[]
    try {
      names = readdirSync('/proc')
    } catch {
      return null
    }
    const out: number[] = []
    for (const n of names) {
      if (!/^\d+$/.test(n)) continue
      const s = readStatSync(Number(n))
      if (s && s.pgrp === this.pid && s.state !== 'Z') out.push(Number(n))
    }
    return out
  }

  /** Is any process of the group still alive? */
  groupAlive(): boolean {
    const m = this.members()
    return m === null ? this.signalGroup(0) : m.length > 0
  }

  /**
   * Stops the whole group: SIGTERM, then SIGKILL to whatever is left after `graceMs`. The
   * shell's children go first, so that the shell, still alive, reaps them: an orphan would be
   * left to init, which in some containers never reaps it. Resolves once nothing is left.
   */
  async stop(graceMs = 3000): Promise<'not-running' | 'terminated' | 'killed'> {
    try {
      if (!this.groupAlive()) return 'not-running'
      const deadline = Date.now() + graceMs
      const others = (): number[] => (this.members() ?? []).filter((p) => p !== this.pid)
      const first = others()
      if (first.length > 0) {
        for (const p of first) signal(p, 'SIGTERM')
        // until the shell has reaped them (a zombie still waits for it), or has ended itself
        const reaped = (): boolean => first.every((p) => readStatSync(p)?.pgrp !== this.pid)
        while (Date.now() < deadline && !reaped() && !this.exit) await sleep(25)
      }
      this.signalGroup('SIGTERM')
      if (await this.waitGone(deadline - Date.now())) return 'terminated'
      for (const p of others()) signal(p, 'SIGKILL')
      await sleep(100)
      this.signalGroup('SIGKILL')
      await this.waitGone(1000)
      return 'killed'
    } finally {
      process.off('exit', this.onProcessExit)
      if (this.watchdog?.exitCode === null) this.watchdog.kill()
      // reaped by now or soon; the pipes hold nothing more we want
      this.child.stdout?.destroy()
      this.child.stderr?.destroy()
    }
  }

  private async waitGone(ms: number): Promise<boolean> {
    const until = Date.now() + Math.max(0, ms)
    do {
      if (!this.groupAlive() && (this.exit || this.pid < 0)) return true
      await sleep(25)
    } while (Date.now() < until)
    return !this.groupAlive()
  }

  /** Sends to the process group; true when some process received it. */
  private signalGroup(signal: NodeJS.Signals | 0): boolean {
    if (this.pid < 0) return false
    try {
      process.kill(-this.pid, signal)
      return true
    } catch {
      return false
    }
  }
}
