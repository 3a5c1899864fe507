/**
 * The Redis section: PerfDesk's matrix (the redis suite itself, GET 100 B, 50 clients, one
 * generator thread) against redis-benchmark on a redis-server of the bench's own, at pipeline
 * 1 and 16. The server is pinned to CPU 0 and both generators to CPU 1 (when there are two);
 * three rounds in alternating order, the median of each; ops/s, ops per generator CPU-second
 * and the load average (the machine may be shared). BENCH_SEC sets a step's length.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Redis } from 'ioredis'
import { RedisConfigSchema, type RedisMatrixCell } from '../src/shared/index'
import { redisWorker } from '../src/main/suites/redis/worker'
import { freePort } from '../src/main/suites/redis/test-support'
import { fmt, runChild, table, which, type Ratio } from './lib'

const SEC = Number(process.env.BENCH_SEC ?? 5)
const CLIENTS = 50
const ROUNDS = 3
const DEPTHS = [1, 16] as const

const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

interface Measure {
  opsPerSec: number
  perCpuSec: number | null
  clientBound?: boolean
}

async function startServer(port: number, pin: boolean): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  const child = pin
    ? spawn('taskset', ['-c', '0', 'redis-server', ...args], { stdio: 'ignore' })
    : spawn('redis-server', args, { stdio: 'ignore' })
  const until = Date.now() + 5000
  let c: Redis
  for (;;) {
    c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null })
    c.on('error', () => {})
    try {
      await c.connect()
      break
    } catch {
      c.disconnect()
      if (Date.now() > until) throw new Error('redis-server did not start')
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  // redis-benchmark GETs the literal key "key:__rand_int__" (no -r): give it a 100 B value
  await c.set('key:__rand_int__', 'x'.repeat(100), 'EX', 3600)
  c.disconnect()
  return child
}

/** redis-benchmark takes a count, not a time: sized from its last rate so that it runs ~SEC s. */
const lastRate = new Map<number, number>()

async function redisBenchmark(port: number, pipeline: number, pin: boolean): Promise<Measure> {
  if (!lastRate.has(pipeline)) {
    const cal = await redisBenchmarkOnce(port, pipeline, pin, pipeline === 1 ? 5_000 : 50_000)
    lastRate.set(pipeline, cal.opsPerSec)
  }
  const n = Math.max(1000, Math.round(SEC * lastRate.get(pipeline)!))
  const m = await redisBenchmarkOnce(port, pipeline, pin, n)
  lastRate.set(pipeline, m.opsPerSec)
  return m
}

async function redisBenchmarkOnce(
  port: number,
  pipeline: number,
  pin: boolean,
  n: number,
): Promise<Measure> {
  const args = [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-t',
    'get',
    '-d',
    '100',
    '-c',
    String(CLIENTS),
  ]
  args.push('-P', String(pipeline), '-n', String(n), '--threads', '1', '--csv')
  const { stdout, cpuSec } = pin
    ? await runChild('taskset', ['-c', '1', 'redis-benchmark', ...args])
    : await runChild('redis-benchmark', args)
  const row = stdout.split('\n').find((l) => l.startsWith('"GET"'))
  const rps = Number(row?.split(',')[1]?.replace(/"/g, ''))
  if (!Number.isFinite(rps))
    throw new Error(`redis-benchmark printed no GET rate: ${stdout.slice(-300)}`)
  return { opsPerSec: rps, perCpuSec: cpuSec > 0 ? n / cpuSec : null }
}

async function perfdesk(port: number): Promise<Map<number, Measure>> {
  const config = RedisConfigSchema.parse({
    kind: 'redis',
    target: 'bench',
    operations: ['get'],
    payloadBytes: [100],
    pipeline: [...DEPTHS],
    clients: CLIENTS,
    threads: 1,
    durationSec: SEC,
  })
  const out = await redisWorker.run({
    runId: `bench-${process.pid}-${Date.now()}`,
    suiteIndex: 0,
    config,
    target: { id: 'bench', kind: 'redis', url: `redis://127.0.0.1:${port}` },
    signal: new AbortController().signal,
    progress: () => {},
    log: () => {},
  })
  if (out.status === 'error') throw new Error(`PerfDesk's redis suite failed: ${out.error ?? ''}`)
  const cells = new Map<number, Measure>()
  for (const c of out.metrics?.matrix ?? ([] as RedisMatrixCell[]))
    cells.set(c.pipeline, {
      opsPerSec: c.opsPerSec,
      perCpuSec: c.generator?.opsPerCpuSec ?? null,
      clientBound: c.generator?.clientBound ?? false,
    })
  return cells
}

export async function benchRedis(): Promise<Ratio[]> {
  if (!which('redis-server') || !which('redis-benchmark')) {
    console.log(
      '\nRedis: redis-server or redis-benchmark is not installed (apt-get install redis-server redis-tools)',
    )
    return []
  }
  const pin = availableParallelism() >= 2 && which('taskset') !== null
  const port = await freePort()
  const server = await startServer(port, pin)
  // the generator side (this process and every thread it starts) on CPU 1, the server on CPU 0
  if (pin)
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
  console.log(
    `\nRedis GET 100 B, ${CLIENTS} clients, ${SEC} s per measurement, ${ROUNDS} alternating rounds` +
      `${pin ? ' (server on CPU 0, generators on CPU 1)' : ''}; load average before ${loadavg()}`,
  )
  const peer = new Map<number, Measure[]>(DEPTHS.map((d) => [d, []]))
  const ours = new Map<number, Measure[]>(DEPTHS.map((d) => [d, []]))
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const peerFirst = round % 2 === 0
      const runPeer = async (): Promise<void> => {
        for (const d of DEPTHS) peer.get(d)!.push(await redisBenchmark(port, d, pin))
      }
      const runOurs = async (): Promise<void> => {
        const cells = await perfdesk(port)
        for (const d of DEPTHS) {
          const m = cells.get(d)
          if (m) ours.get(d)!.push(m)
        }
      }
      if (peerFirst) {
        await runPeer()
        await runOurs()
      } else {
        await runOurs()
        await runPeer()
      }
      console.log(
        `  round ${round + 1}: ` +
          DEPTHS.map(
            (d) =>
              `P${d} redis-benchmark ${fmt(peer.get(d)!.at(-1)?.opsPerSec)} / PerfDesk ${fmt(ours.get(d)!.at(-1)?.opsPerSec)} ops/s`,
          ).join(' · '),
      )
    }
  } finally {
    if (pin)
      execFileSync(
        'taskset',
        ['-a', '-p', '-c', `0-${availableParallelism() - 1}`, String(process.pid)],
        { stdio: 'ignore' },
      )
    server.kill('SIGKILL')
  }
  const ratios: Ratio[] = []
  const rows: (string | number)[][] = []
  for (const d of DEPTHS) {
    const p = median(peer.get(d)!.map((m) => m.opsPerSec))
    const o = median(ours.get(d)!.map((m) => m.opsPerSec))
    const pc = median(peer.get(d)!.flatMap((m) => (m.perCpuSec ? [m.perCpuSec] : [])))
    const oc = median(ours.get(d)!.flatMap((m) => (m.perCpuSec ? [m.perCpuSec] : [])))
    const bound = ours.get(d)!.filter((m) => m.clientBound).length
    rows.push([
      `pipeline ${d}`,
      fmt(p),
      fmt(o),
      p > 0 ? `${fmt(o / p, 2)}x` : '—',
      fmt(pc),
      fmt(oc),
      `${bound}/${ROUNDS}`,
    ])
    ratios.push({
      what: `Redis GET 100 B, ${CLIENTS} clients, pipeline ${d}`,
      peer: 'redis-benchmark',
      peerValue: p,
      perfdesk: o,
      unit: 'ops/s',
      perCpuSec: { perfdesk: oc || null, peer: pc || null },
    })
  }
  table(
    `Redis (median of ${ROUNDS}; load average after ${loadavg()})`,
    [
      'GET 100 B',
      'redis-benchmark ops/s',
      'PerfDesk ops/s',
      'ratio',
      'peer ops/CPU-s',
      'PerfDesk ops/CPU-s',
      'client-bound',
    ],
    rows,
  )
  return ratios
}
