import { spawn } from 'node:child_process'
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { GeneratorStats } from '@shared/index'
import { startServerProcess, type ProcessTestServer } from '../../../../test/helpers/http-servers'
import { testContext } from './open-model/testing/context'
import { httpLoadWorker } from './worker'

/**
 * Does PerfDesk know when it, not the target, was the limit? A slow server must never be
 * blamed on the generator; a generator starved of CPU (a cgroup quota of 25 % of one core)
 * against a fast server must say that it was the limit.
 */

const CGROUP_ROOT = '/sys/fs/cgroup/cpu'

/** Makes a CPU-quota cgroup (v1), or says why it cannot. */
function makeCgroup(quotaPct: number): { dir: string } | { skip: string } {
  const dir = `${CGROUP_ROOT}/perfdesk-test-${process.pid}-${Date.now()}`
  try {
    mkdirSync(dir)
  } catch (err) {
    return {
      skip: `cannot create a cgroup at ${CGROUP_ROOT} (${(err as NodeJS.ErrnoException).code ?? String(err)}): needs root and cgroup v1's cpu controller mounted there`,
    }
  }
  try {
    writeFileSync(`${dir}/cpu.cfs_period_us`, '100000')
    writeFileSync(`${dir}/cpu.cfs_quota_us`, String(quotaPct * 1000))
  } catch (err) {
    rmdirSync(dir)
    return { skip: `cannot set a CPU quota in ${dir}: ${String(err)}` }
  }
  return { dir }
}
const probe = makeCgroup(25)
if ('dir' in probe) rmdirSync(probe.dir)
const cgroupSkip = 'skip' in probe ? probe.skip : null

interface ChildOut {
  status: string
  error?: string
  rps?: number
  generator?: GeneratorStats
  findings: string[]
}

/** Runs the suite in a child process that is in `cgroupDir` from its first instruction. */
function runConfined(cgroupDir: string, url: string, config: object): Promise<ChildOut> {
  const script = fileURLToPath(new URL('./testing/generator-child.ts', import.meta.url))
  return new Promise((resolve, reject) => {
    // the shell joins the cgroup (all its future threads with it), then becomes node
    const child = spawn(
      'sh',
      [
        '-c',
        'echo $$ > "$1/cgroup.procs" && exec node --import tsx "$2" "$3" "$4"',
        'sh',
        cgroupDir,
        script,
        url,
        JSON.stringify(config),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? ''
      if (code !== 0 || !line.startsWith('{'))
        return reject(new Error(`generator child failed (${code}): ${err.slice(-800)}`))
      resolve(JSON.parse(line) as ChildOut)
    })
  })
}

let server: ProcessTestServer | undefined
let cgroupDir: string | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
  if (cgroupDir) {
    // a cgroup can go only once its processes have: the child has exited by now
    for (let i = 0; i < 50; i++) {
      try {
        rmdirSync(cgroupDir)
        break
      } catch {
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    cgroupDir = undefined
  }
})

describe('http-load: is the generator the limit?', () => {
  it('a server that answers in 30 ms, 10 connections: not client-bound (closed and open model)', async () => {
    server = await startServerProcess({ delayMs: 30 })
    const closed = await httpLoadWorker.run(
      testContext(server.url, { connections: 10, durationSec: 3 }).ctx,
    )
    expect(closed.status).toBe('passed')
    const g = closed.generator!
    console.log(`30 ms server, closed model: ${JSON.stringify(g)}`)
    expect(g.threads).toBe(1)
    expect(g.clientBound, JSON.stringify(g)).toBe(false)
    expect(g.busy).toBeLessThan(0.5)
    expect(g.opsPerCpuSec).toBeGreaterThan(0)
    expect(closed.findings.map((f) => f.id)).not.toContain('http.client-bound')

    // the open model at a rate the server carries with ~10 connections
    const open = await httpLoadWorker.run(
      testContext(server.url, { model: 'arrival-rate', rate: 300, durationSec: 3 }).ctx,
    )
    expect(open.status).toBe('passed')
    expect(open.generator?.clientBound, JSON.stringify(open.generator)).toBe(false)
    expect(open.findings.map((f) => f.id)).not.toContain('http.client-bound')
  })

  it.skipIf(cgroupSkip !== null)(
    `a generator confined to 25 % of one core against a fast server is client-bound${cgroupSkip ? ` (skipped: ${cgroupSkip})` : ''}`,
    async () => {
      server = await startServerProcess()
      const made = makeCgroup(25)
      if ('skip' in made) throw new Error(made.skip)
      cgroupDir = made.dir
      const out = await runConfined(made.dir, server.url, { connections: 20, durationSec: 4 })
      expect(out.status, out.error).toBe('passed')
      const g = out.generator!
      console.log(`25 % of a core, fast server: ${out.rps} req/s, ${JSON.stringify(g)}`)
      expect(g.clientBound, JSON.stringify(g)).toBe(true)
      expect(out.findings).toContain('http.client-bound')
    },
    60_000,
  )
})
