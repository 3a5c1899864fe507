import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/perfdesk.js', import.meta.url))

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Writes `plan` as `<name>.json` in `dir` for the CLI to read; returns the file's path. */
export function writePlanFile(dir: string, name: string, plan: unknown): string {
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify(plan, null, 2))
  return file
}

/** Runs the built `perfdesk` as a user would, without blocking this process's test servers. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> & { child: ChildProcess } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
  return Object.assign(done, { child })
}
