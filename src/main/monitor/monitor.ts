import { connect } from 'node:net'
import type { MonitorExit, MonitorResult, MonitorSample, ProcessTarget } from '@shared/index'
import { monitorFindings, summarize } from './analyze'
import { LaunchedCommand } from './launch'
import {
  childrenOf,
  clockTicks,
  listeningPorts,
  countFds,
  readComm,
  readRssBytes,
  readStat,
  readStatSync,
  tcpConnections,
} from './procfs'
import type { TcpCounts } from './procfs'
import { platformSupport, psSample } from './ps'

/**
 * The process monitor of a run: samples a process once a second from start() to stop(); with a
 * `command` target it also starts the process and stops it again, whatever way the run ends.
 */

export interface HostPort {
  host: string
  port: number
}

export interface MonitorOptions {
  target: ProcessTarget
  onSample?: (sample: MonitorSample) => void
  /** polled while waiting for a started command, so a cancel does not wait for it */
  isCancelled?: () => boolean
  /** after starting a command: wait until these accept TCP connections (the plan's local servers) */
  waitFor?: readonly HostPort[]
  intervalMs?: number
  /** how long a started command must stay alive to count as started */
  aliveMs?: number
  readyTimeoutMs?: number
}

export interface RunningMonitor {
  /** the pid being sampled */
  readonly pid: number
  /** the command PerfDesk started, when the target gives one */
  readonly command?: string
  /** how samples are read */
  readonly source: 'procfs' | 'ps'
  /** the suite running from now on (undefined: none), recorded with each sample */
  setSuite(index: number | undefined): void
  /** stops sampling (and the started command); never rejects */
  stop(): Promise<MonitorResult>
}

/** The monitor could not begin; the message says why in plain words. */
export class MonitorStartError extends Error {
  override name = 'MonitorStartError'
}

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'ksh', 'busybox'])
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function startMonitor(opts: MonitorOptions): Promise<RunningMonitor> {
  const support = platformSupport()
  if (!support.ok) throw new MonitorStartError(support.why)
  const { target } = opts
  const notes: string[] = []
  const t0 = Date.now()
  let launched: LaunchedCommand | null = null
  let pid: number

  if (target.pid !== undefined) {
    pid = target.pid
    if (target.command !== undefined)
      notes.push(
        `The target gives both pid and command: pid ${pid} was monitored, the command was not started.`,
      )
    if (!pidAlive(pid))
      throw new MonitorStartError(`no process with pid ${pid} is running (target "${target.id}")`)
  } else {
    launched = new LaunchedCommand(target.command!)
    try {
      pid = await awaitStarted(launched, opts)
    } catch (err) {
      await launched.stop()
      throw err
    }
    if (pid !== launched.pid) {
      notes.push(
        `The command runs as pid ${pid} (${readComm(pid) ?? 'unknown'}), started by the shell pid ${launched.pid}; pid ${pid} was monitored.`,
      )
    }
    if (opts.waitFor?.length) notes.push(...(await waitForPorts(launched, pid, opts)))
  }

  const sampler = support.source === 'procfs' ? await procfsSampler(pid) : psSampler(pid)
  const samples: MonitorSample[] = []
  const interval = opts.intervalMs ?? 1000
  let suite: number | undefined
  let exited: MonitorExit | undefined
  let stopping = false
  // no new tick once stop() began (the tick in flight may still be finishing)
  let halted = false
  let timer: NodeJS.Timeout | null = null
  let inFlight: Promise<void> = Promise.resolve()
  let fdsUnreadable = false
  let n = 0

  const died = async (fallbackAt: number): Promise<void> => {
    if (exited || stopping) return
    if (timer) clearTimeout(timer)
    timer = null
    // the exit status comes from the started shell: the process itself, or its parent, which
    // ends a moment after its one child and passes on its status
    if (launched && !launched.exit) await Promise.race([launched.exited, sleep(300)])
    if (exited || stopping) return
    const e = launched?.exit ?? null
    const own = launched !== null && launched.pid === pid
    exited = {
      code: e?.code ?? null,
      signal: e?.signal ?? null,
      atSec: round(((own && e ? e.at : fallbackAt) - t0) / 1000, 3),
    }
  }

  if (launched && launched.pid === pid) {
    void launched.exited.then((e) => died(e.at))
  }

  const tick = async (): Promise<void> => {
    const now = Date.now()
    let read: Awaited<ReturnType<typeof sampler>>
    try {
      read = await sampler()
    } catch (err) {
      notes.push(`A sample could not be read: ${err instanceof Error ? err.message : String(err)}`)
      return
    }
    if (stopping || exited) return
    if (read === null) {
      await died(now)
      return
    }
    if (read.fds === undefined && support.source === 'procfs' && !fdsUnreadable) {
      fdsUnreadable = true
      notes.push(
        `The open file descriptors of pid ${pid} are not readable (another user's process?).`,
      )
    }
    const sample: MonitorSample = {
      t: round((now - t0) / 1000, 3),
      cpuPct: round(read.cpuPct, 1),
      rssBytes: read.rssBytes,
    }
    if (read.threads !== undefined) sample.threads = read.threads
    if (read.fds !== undefined) sample.fds = read.fds
    if (read.tcp) {
      sample.tcpEstablished = read.tcp.established
      sample.tcpListening = read.tcp.listening
      sample.tcpTimeWait = read.tcp.timeWait
    }
    if (suite !== undefined) sample.suiteIndex = suite
    samples.push(sample)
    try {
      opts.onSample?.(sample)
    } catch {
      // a listener's failure must not stop the sampling
    }
  }

  const schedule = (): void => {
    if (halted || stopping || exited) return
    n++
    // aligned to the start, so a slow tick does not make the next ones drift
    const due = t0 + n * interval
    timer = setTimeout(
      () => {
        timer = null
        inFlight = tick().finally(schedule)
      },
      Math.max(0, due - Date.now()),
    )
  }
  schedule()

  return {
    pid,
    ...(launched ? { command: launched.command } : {}),
    source: support.source,
    setSuite(index) {
      suite = index
    },
    async stop() {
      halted = true
      if (timer) clearTimeout(timer)
      timer = null
      await inFlight
      // a run shorter than one interval (or a tick starved on a busy machine) still gets a sample
      if (samples.length === 0 && !exited && pidAliveHere(pid)) await tick()
      // a process already dead at the end is a finding even if no tick saw it yet
      if (!exited && !pidAliveHere(pid)) await died(Date.now())
      stopping = true
      let outputTail: string | undefined
      if (launched) {
        // what it wrote while measured; not the shell's "Terminated" once PerfDesk stops it
        const before = launched.tail()
        const how = await launched.stop()
        if (how === 'killed')
          notes.push('The command did not stop within 3 s of SIGTERM and was killed (SIGKILL).')
        outputTail = (how === 'not-running' ? launched.tail() : before) || undefined
      }
      const result: MonitorResult = {
        target: target.id,
        pid,
        ...(launched ? { command: launched.command } : {}),
        source: support.source,
        samples,
        summary: summarize(samples),
        ...(exited ? { exited } : {}),
        ...(outputTail ? { outputTail } : {}),
        findings: monitorFindings({
          pid,
          ...(launched ? { command: launched.command } : {}),
          samples,
          ...(exited ? { exited } : {}),
          ...(exited && outputTail
            ? { lastOutputLine: outputTail.split('\n').pop()!.slice(0, 200) }
            : {}),
        }),
        notes,
      }
      return result
    },
  }
}

/** Alive and not a zombie (on Linux a dead child not yet reaped still answers kill(pid, 0)). */
function pidAliveHere(pid: number): boolean {
  if (!pidAlive(pid)) return false
  if (process.platform !== 'linux') return true
  const stat = readStatSync(pid)
  return stat !== null && stat.state !== 'Z'
}

interface Reading {
  cpuPct: number
  rssBytes: number
  threads?: number
  fds?: number
  tcp?: TcpCounts
}

/** CPU % from utime+stime deltas over wall time; null once the process is gone. */
async function procfsSampler(pid: number): Promise<() => Promise<Reading | null>> {
  const hz = clockTicks()
  const first = await readStat(pid)
  if (!first || first.state === 'Z')
    throw new MonitorStartError(`process ${pid} ended before monitoring could begin`)
  let prevTicks = first.cpuTicks
  let prevAt = process.hrtime.bigint()
  return async () => {
    const stat = await readStat(pid)
    // gone, a zombie, or the pid now belongs to another process
    if (!stat || stat.state === 'Z' || stat.startTime !== first.startTime) return null
    const at = process.hrtime.bigint()
    const wallSec = Number(at - prevAt) / 1e9
    const cpuSec = (stat.cpuTicks - prevTicks) / hz
    prevTicks = stat.cpuTicks
    prevAt = at
    const rss = await readRssBytes(pid)
    if (rss === null) return null
    const fds = await countFds(pid)
    const tcp = await tcpConnections(pid)
    return {
      cpuPct: wallSec > 0 ? Math.max(0, (cpuSec / wallSec) * 100) : 0,
      rssBytes: rss,
      threads: stat.threads,
      ...(fds !== undefined ? { fds } : {}),
      ...(tcp !== undefined ? { tcp } : {}),
    }
  }
}

function psSampler(pid: number): () => Promise<Reading | null> {
  return () => psSample(pid)
}

/**
 * Waits until the started command has lived `aliveMs`, then follows shell wrappers (`sh -c`
 * that did not exec) down to the one process they run. Throws when it exits at once.
 */
async function awaitStarted(launched: LaunchedCommand, opts: MonitorOptions): Promise<number> {
  if (launched.pid < 0) {
    await launched.exited
    throw new MonitorStartError(
      `could not start the command "${launched.command}": ${launched.spawnError?.message ?? 'no process was created'}`,
    )
  }
  const aliveMs = opts.aliveMs ?? 300
  await Promise.race([launched.exited, sleep(aliveMs)])
  if (launched.exit) {
    const e = launched.exit
    const tail = launched.tail(5)
    throw new MonitorStartError(
      `the command "${launched.command}" exited at once (${e.signal ? `signal ${e.signal}` : `code ${e.code}`})` +
        (e.code === 127 ? ': command not found' : '') +
        (tail ? `; its output: ${tail.replace(/\s*\n\s*/g, ' | ')}` : ''),
    )
  }
  let pid = launched.pid
  if (process.platform === 'linux') {
    for (let depth = 0; depth < 4; depth++) {
      const comm = readComm(pid)
      if (!comm || !SHELLS.has(comm)) break
      const kids = childrenOf(pid)
      if (kids.length !== 1) break
      pid = kids[0]!
    }
  }
  return pid
}

/**
 * Gives a started server time to open its port before the first suite: waits (up to
 * readyTimeoutMs) until one of the plan's local ports accepts connections or, on Linux, until
 * the process listens on any TCP port (then it is up, whatever the plan points at). Returns notes.
 */
async function waitForPorts(
  launched: LaunchedCommand,
  pid: number,
  opts: MonitorOptions,
): Promise<string[]> {
  const wanted = opts.waitFor ?? []
  const started = Date.now()
  const deadline = started + (opts.readyTimeoutMs ?? 10_000)
  const show = (hp: HostPort): string =>
    `${hp.host.includes(':') ? `[${hp.host}]` : hp.host}:${hp.port}`
  const took = (): string => ((Date.now() - started) / 1000).toFixed(1)
  while (Date.now() < deadline) {
    if (opts.isCancelled?.() || launched.exit || !pidAlive(pid)) return []
    for (const hp of wanted) {
      if (await canConnect(hp, 250))
        return [
          `Waited ${took()} s after starting the command for ${show(hp)} to accept connections.`,
        ]
    }
    const own = process.platform === 'linux' ? listeningPorts(pid) : []
    if (own.length > 0) {
      const list = own.slice(0, 5).join(', ')
      return [
        `Waited ${took()} s after starting the command until it listened (port ${list}); ` +
          `${wanted.map(show).join(', ')} did not accept connections then.`,
      ]
    }
    await sleep(100)
  }
  return [
    `${wanted.map(show).join(', ')} did not accept connections within ${took()} s of starting ` +
      `the command, nor did the command listen on any port; the suites ran anyway.`,
  ]
}

function canConnect(hp: HostPort, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: hp.host, port: hp.port })
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
