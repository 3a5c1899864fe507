import { spawn } from 'node:child_process'
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisMatrixCell } from '@shared/index'
import { clientBoundFinding } from '../common/generator'
import type { SuiteOutput } from '../types'
import { keyCountFor } from './operations'
import { redisConfig, runTestStep, sharedClient, sharedTarget, singleStep } from './test-support'

/**
 * The generator says it was the limit when it was, and only then: a slow server (a fake RESP
 * server of the test's own that answers every command after 30 ms) is not client-bound; a
 * generator confined to 25 % of one core (a cgroup v1 CPU quota on a child process) against
 * the real local Redis is.
 */

const DELAY_MS = 30

/** Answers each command after 30 ms: GET with a 100-byte value, anything else with +OK. */
function slowServer(): Promise<{ server: Server; port: number; commands: () => number }> {
  let commands = 0
  const value = Buffer.concat([
    Buffer.from('$100\r\n'),
    Buffer.alloc(100, 'v'),
    Buffer.from('\r\n'),
  ])
  const server = createServer((sock: Socket) => {
    let buf = Buffer.alloc(0)
    sock.on('error', () => {})
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk])
      // commands arrive as arrays of bulk strings: *N, then N × $len data
      for (;;) {
        const parsed = parseCommand(buf)
        if (!parsed) break
        buf = buf.subarray(parsed.used)
        commands++
        const reply = parsed.name === 'GET' ? value : Buffer.from('+OK\r\n')
        setTimeout(() => sock.writable && sock.write(reply), DELAY_MS)
      }
    })
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address()
      resolve({ server, port: typeof a === 'object' && a ? a.port : 0, commands: () => commands })
    }),
  )
}

function parseCommand(buf: Buffer): { name: string; used: number } | null {
  const line = (from: number): { text: string; next: number } | null => {
    const end = buf.indexOf('\r\n', from)
    return end < 0 ? null : { text: buf.toString('latin1', from, end), next: end + 2 }
  }
  const head = line(0)
  if (!head) return null
  const n = Number(head.text.slice(1))
  let at = head.next
  let name = ''
  for (let i = 0; i < n; i++) {
    const len = line(at)
    if (!len) return null
    const size = Number(len.text.slice(1))
    if (buf.length < len.next + size + 2) return null
    if (i === 0) name = buf.toString('latin1', len.next, len.next + size).toUpperCase()
    at = len.next + size + 2
  }
  return { name, used: at }
}

describe('redis generator: client-bound or not', () => {
  let slow: Awaited<ReturnType<typeof slowServer>>
  beforeAll(async () => {
    slow = await slowServer()
  })
  afterAll(() => slow.server.close())

  it('a server that answers in 30 ms, 10 clients: not client-bound', async () => {
    const step = singleStep('get', 100, 1)
    const target = { id: 'slow', kind: 'redis', url: `redis://127.0.0.1:${slow.port}` } as const
    const out = await runTestStep(
      { target, clients: 10, threads: 1, engine: 'resp' },
      step,
      {
        prefix: 'perfdesk:slow-test:0:m:get:100:',
        payload: Buffer.alloc(100, 'x'),
        payloadBytes: 100,
        keyCount: keyCountFor(100),
        growBudget: 4 * 1024 * 1024,
        ttlSec: 60,
      },
      2000,
    )
    expect(out.error).toBeUndefined()
    const g = out.cell.generator!
    // 10 clients × one command per 30 ms ≈ 333 ops/s at most: the server is the limit
    expect(out.cell.opsPerSec).toBeGreaterThan(50)
    expect(out.cell.opsPerSec).toBeLessThan(400)
    expect(out.cell.latencyMs.p50).toBeGreaterThanOrEqual(DELAY_MS)
    expect(g.clientBound, g.reason).toBe(false)
    expect(g.busy).toBeLessThan(0.5)
    expect(clientBoundFinding('redis', g)).toBeNull()
  }, 30_000)
})

/** A cgroup v1 CPU group with 25 % of one core, or why there is none. */
function makeQuotaGroup(): { dir: string } | { reason: string } {
  const dir = `/sys/fs/cgroup/cpu/perfdesk-redis-test-${process.pid}`
  try {
    mkdirSync(dir)
    writeFileSync(`${dir}/cpu.cfs_period_us`, '100000')
    writeFileSync(`${dir}/cpu.cfs_quota_us`, '25000')
    return { dir }
  } catch (err) {
    try {
      rmdirSync(dir)
    } catch {
      // never made
    }
    return {
      reason: `cannot make a cgroup v1 CPU group at ${dir} (${(err as Error).message}); needs root and cgroup v1 mounted at /sys/fs/cgroup/cpu`,
    }
  }
}

describe('redis generator: confined to 25 % of a core', () => {
  it('against the local Redis, the matrix cell and the suite are flagged client-bound', async (ctx) => {
    const group = makeQuotaGroup()
    if ('reason' in group) {
      console.warn(`skipped: ${group.reason}`)
      ctx.skip()
      return
    }
    const runId = `cgroup-${process.pid}-${Date.now()}`
    const config = redisConfig({
      operations: ['get'],
      payloadBytes: [100],
      pipeline: [1],
      // many connections: replies are always waiting, the generator never sleeps for want of work
      clients: 50,
      durationSec: 3,
    })
    const script = fileURLToPath(new URL('./testing/child-run.ts', import.meta.url))
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, JSON.stringify(config), JSON.stringify(sharedTarget), runId],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString()
          if (stdout.includes('ready\n')) resolve()
        })
        child.once('exit', () => reject(new Error(`child exited before it was ready: ${stderr}`)))
      })
      // the whole child process (every thread it has and will start) into the 25 % group
      writeFileSync(`${group.dir}/cgroup.procs`, String(child.pid))
      child.stdin.write('go\n')
      const code = await exited
      expect(code, stderr).toBe(0)
    } finally {
      child.kill('SIGKILL')
      await exited
      try {
        rmdirSync(group.dir)
      } catch {
        // the kernel frees it once the child is gone
      }
    }
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))!
    const out = JSON.parse(line.slice(7)) as SuiteOutput<'redis'>
    expect(out.status, out.error).toBe('passed')
    const cell = out.metrics!.matrix[0] as RedisMatrixCell
    expect(cell.generator?.clientBound, cell.generator?.reason).toBe(true)
    expect(out.generator?.clientBound).toBe(true)
    const finding = out.findings.find((f) => f.id === 'redis.client-bound')
    expect(finding?.title).toMatch(/GET 100 B ×1/)
    // the run cleaned up after itself even so
    expect(out.details?.cleanup.done).toBe(true)
    const c = sharedClient()
    const left = await c.scan('0', 'MATCH', `perfdesk:${runId}:*`, 'COUNT', 10000)
    c.disconnect()
    expect(left[1]).toEqual([])
  }, 180_000)
})
