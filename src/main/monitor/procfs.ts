import { execFileSync } from 'node:child_process'
import { readFile, readdir, readlink } from 'node:fs/promises'
import { readFileSync, readdirSync, readlinkSync } from 'node:fs'

/**
 * Reading a process from Linux's /proc. Every reader returns null when the process is gone
 * (ENOENT/ESRCH), so a sampler can tell "died" from "not readable".
 */

let ticks: number | undefined

/** Clock ticks per second, the unit of utime/stime in /proc/<pid>/stat (`getconf CLK_TCK`). */
export function clockTicks(): number {
  if (ticks !== undefined) return ticks
  try {
    const v = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }))
    ticks = Number.isInteger(v) && v > 0 ? v : 100
  } catch {
    // getconf missing: 100 is what Linux uses on every common architecture
    ticks = 100
  }
  return ticks
}

export interface ProcStat {
  /** R, S, D, Z (zombie: dead, not yet reaped), T, … */
  state: string
  ppid: number
  pgrp: number
  /** user + system CPU time, in clock ticks */
  cpuTicks: number
  threads: number
  /** start time since boot, in clock ticks: tells a reused pid from the process we began with */
  startTime: number
}

/** Parses the text of /proc/<pid>/stat. The name (field 2) may hold spaces and parentheses. */
export function parseStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')')
  if (close < 0) return null
  const f = text
    .slice(close + 2)
    .trim()
    .split(/\s+/)
  // f[0] is field 3 (state); field n is f[n - 3]
  const num = (field: number): number => Number(f[field - 3])
  const stat = {
    state: f[0] ?? '?',
    ppid: num(4),
    pgrp: num(5),
    cpuTicks: num(14) + num(15),
    threads: num(20),
    startTime: num(22),
  }
  return Number.isFinite(stat.cpuTicks) && Number.isFinite(stat.startTime) ? stat : null
}

const gone = (err: unknown): boolean => {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ESRCH'
}

export async function readStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'))
  } catch (err) {
    if (gone(err)) return null
    throw err
  }
}

export function readStatSync(pid: number): ProcStat | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return null
  }
}

/** VmRSS of /proc/<pid>/status in bytes; null when gone. A zombie has no VmRSS: 0. */
export async function readRssBytes(pid: number): Promise<number | null> {
  let text: string
  try {
    text = await readFile(`/proc/${pid}/status`, 'utf8')
  } catch (err) {
    if (gone(err)) return null
    throw err
  }
  const m = /^VmRSS:\s+(\d+)\s*kB/m.exec(text)
  return m ? Number(m[1]) * 1024 : 0
}

/** Entries of /proc/<pid>/fd; undefined when not readable (another user's process). */
export async function countFds(pid: number): Promise<number | undefined> {
  try {
    return (await readdir(`/proc/${pid}/fd`)).length
  } catch {
    return undefined
  }
}

/** The command line of a process, arguments joined by spaces; null when gone or unreadable. */
export function readCmdline(pid: number): string | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    const text = raw.split('\0').filter(Boolean).join(' ')
    return text || null
  } catch {
    return null
  }
}

/** The name the kernel shows for the process (/proc/<pid>/comm). */
export function readComm(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return null
  }
}

/** Live children of a process, by scanning /proc for their parent pid. */
export function childrenOf(pid: number): number[] {
  const out: number[] = []
  let names: string[]
  try {
    names = readdirSync('/proc')
  } catch {
    return out
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue
    const s = readStatSync(Number(name))
    if (s && s.ppid === pid && s.state !== 'Z') out.push(Number(name))
  }
  return out
}

export const hasProcfs = (): boolean => process.platform === 'linux'

/** Inodes of the sockets a process holds open (/proc/<pid>/fd → socket:[inode]); null when unreadable. */
function socketInodes(pid: number): Set<string> | null {
  const inodes = new Set<string>()
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
        if (m) inodes.add(m[1]!)
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return null
  }
  return inodes
}

/** One row of /proc/<pid>/net/tcp{,6}: state (hex), local port, inode. */
interface TcpRow {
  state: string
  localPort: number
  inode: string
}

/** The rows of the process's network namespace's TCP tables (IPv4 and IPv6). */
export function parseTcpTable(text: string): TcpRow[] {
  const rows: TcpRow[] = []
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/)
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    if (f.length < 10) continue
    const localPort = parseInt(f[1]?.split(':')[1] ?? '', 16)
    if (!Number.isFinite(localPort)) continue
    rows.push({ state: f[3] ?? '', localPort, inode: f[9] ?? '' })
  }
  return rows
}

function tcpRows(pid: number): TcpRow[] {
  const rows: TcpRow[] = []
  for (const table of ['tcp', 'tcp6']) {
    try {
      rows.push(...parseTcpTable(readFileSync(`/proc/${pid}/net/${table}`, 'utf8')))
    } catch {
      // no IPv6, or the process is gone
    }
  }
  return rows
}

/** TCP states as the kernel writes them in /proc/net/tcp (include/net/tcp_states.h). */
const TCP_ESTABLISHED = '01'
const TCP_TIME_WAIT = '06'
const TCP_LISTEN = '0A'

export interface TcpCounts {
  established: number
  listening: number
  /**
   * TIME_WAIT sockets belong to no process any more (their inode is 0): these are the ones on a
   * port the process listens on, i.e. connections to it that it closed first.
   */
  timeWait: number
}

/** socketInodes without blocking the event loop (the sampler runs beside a live run). */
async function socketInodesAsync(pid: number): Promise<Set<string> | null> {
  let fds: string[]
  try {
    fds = await readdir(`/proc/${pid}/fd`)
  } catch {
    return null
  }
  const links = await Promise.all(
    fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')),
  )
  const inodes = new Set<string>()
  for (const l of links) {
    const m = /^socket:\[(\d+)\]$/.exec(l)
    if (m) inodes.add(m[1]!)
  }
  return inodes
}

/**
 * Counts a process's TCP connections by state; undefined when its fd table is not readable.
 * The kernel writes the namespace's whole table (~9 ms for 1,000 sockets), so it is read
 * asynchronously, once a sample.
 */
export async function tcpConnections(pid: number): Promise<TcpCounts | undefined> {
  const inodes = await socketInodesAsync(pid)
  if (inodes === null) return undefined
  const counts: TcpCounts = { established: 0, listening: 0, timeWait: 0 }
  if (inodes.size === 0) return counts
  const rows: TcpRow[] = []
  for (const table of ['tcp', 'tcp6']) {
    try {
      rows.push(...parseTcpTable(await readFile(`/proc/${pid}/net/${table}`, 'utf8')))
    } catch {
      // no IPv6, or the process is gone
    }
  }
  const ports = new Set<number>()
  for (const r of rows) {
    if (!inodes.has(r.inode)) continue
    if (r.state === TCP_ESTABLISHED) counts.established++
    else if (r.state === TCP_LISTEN) {
      counts.listening++
      ports.add(r.localPort)
    }
  }
  for (const r of rows) if (r.state === TCP_TIME_WAIT && ports.has(r.localPort)) counts.timeWait++
  return counts
}

/**
 * The TCP ports a process listens on: its socket inodes (/proc/<pid>/fd) matched against the
 * LISTEN rows of /proc/<pid>/net/tcp and tcp6. Empty when nothing matches or it is unreadable.
 */
export function listeningPorts(pid: number): number[] {
  const inodes = socketInodes(pid)
  if (!inodes || inodes.size === 0) return []
  const ports = new Set<number>()
  for (const r of tcpRows(pid)) {
    if (r.state === TCP_LISTEN && inodes.has(r.inode)) ports.add(r.localPort)
  }
  return [...ports].sort((a, b) => a - b)
}
