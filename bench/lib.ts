/** What every bench section shares: number formatting, tables, child tools and their CPU time. */
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

/** The path of a peer tool when installed, else null (the section then says how to install it). */
export function which(tool: string): string | null {
  try {
    return (
      execFileSync('sh', ['-c', `command -v ${tool}`])
        .toString()
        .trim() || null
    )
  } catch {
    return null
  }
}

/** One line of the closing summary: PerfDesk against a peer on the same job. */
export interface Ratio {
  what: string
  peer: string
  peerValue: number | null
  perfdesk: number | null
  unit: string
  /** requests (operations) per generator CPU-second, PerfDesk's and the peer's */
  perCpuSec?: { perfdesk: number | null; peer: number | null }
}

export const r = (v: number, d = 0): number => Math.round(v * 10 ** d) / 10 ** d
export const fmt = (v: number | null | undefined, d = 0): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : r(v, d).toLocaleString('en-US')

/** CPU seconds a process has used so far (utime + stime), from /proc. */
export function cpuSecOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(rest[11]) + Number(rest[12])) / CLK_TCK
}

export function table(title: string, head: string[], rows: (string | number)[][]): void {
  const cells = [head, ...rows.map((row) => row.map(String))]
  const widths = head.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)))
  console.log(`\n${title}`)
  cells.forEach((row, k) => {
    console.log(
      row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
    )
    if (k === 0) console.log(widths.map((w) => '─'.repeat(w)).join('  '))
  })
}

/** Runs a child tool under sh so that its CPU time (the shell's cutime/cstime) is known exactly. */
export async function runChild(
  cmd: string,
  args: string[],
): Promise<{ stdout: string; cpuSec: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'sh',
      ['-c', '"$@"; s=$?; cat /proc/$$/stat >&2; exit $s', 'sh', cmd, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = stderr
        .trim()
        .split('\n')
        .reverse()
        .find((l) => /^\d+ \(sh\) /.test(l))
      if (code !== 0 || !line)
        return reject(new Error(`${cmd} failed (${String(code)}): ${stderr.slice(-500)}`))
      const rest = line.slice(line.lastIndexOf(')') + 2).split(' ')
      resolve({ stdout, cpuSec: (Number(rest[13]) + Number(rest[14])) / CLK_TCK })
    })
  })
}
