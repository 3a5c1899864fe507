/**
 * PostgreSQL: PerfDesk's load loop against pgbench on a point query by primary key, same
 * server, same clients and pool (BENCH_PG_CLIENTS, default 16), BENCH_SEC per run (default 5),
 * three alternating rounds, medians reported. A scratch database initialised by pgbench -i
 * (scale 10) is created for the run and dropped afterwards.
 *
 * - pgbench -M extended -j 2: the peer of issue 9 (parse/bind/execute per transaction)
 * - pgbench -M prepared -j 2: for reference (named statements, as PerfDesk uses)
 * - PerfDesk read-only as the suite runs on PostgreSQL ≥ 14 (read-only session, watched),
 *   read-only framed (BEGIN READ ONLY … ROLLBACK per transaction, as before 14), allowWrites
 * - node-pg with named and unnamed statements: what the suite used before the wire path
 * Figures: TPS, ratio to the peer, transactions per generator CPU-second, load average.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { fmt, runChild, table, which, type Ratio } from './lib'
import { runStep } from '../src/main/suites/postgres/sweep'
import { clientConfig } from '../src/main/suites/postgres/connection'
import type { ReadOnlyMode } from '../src/main/suites/postgres/generator-task'
import type { PostgresTarget } from '../src/shared/index'

const SEC = Number(process.env.BENCH_SEC ?? 5)
const CLIENTS = Number(process.env.BENCH_PG_CLIENTS ?? 16)
const THREADS = Number(process.env.BENCH_PG_THREADS ?? 1)
const SCALE = 10
const ROUNDS = 3
const HOST = process.env.PGHOST ?? '127.0.0.1'
const USER = process.env.PGUSER ?? 'postgres'
const POINT = 'SELECT abalance FROM pgbench_accounts WHERE aid = $1'

interface Run {
  tps: number
  cpuSec: number
  perCpuSec: number
}

const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ host: HOST, port: 5432, user: USER, database: 'postgres' })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

async function pgbench(db: string, mode: 'extended' | 'prepared'): Promise<Run> {
  const args = ['-h', HOST, '-U', USER, '-n', '-S', '-M', mode, '-j', '2', '-c', String(CLIENTS)]
  const { stdout, cpuSec } = await runChild('pgbench', [...args, '-T', String(SEC), db])
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? NaN)
  return { tps, cpuSec, perCpuSec: (tps * SEC) / Math.max(0.001, cpuSec) }
}

async function perfdesk(db: string, mode: ReadOnlyMode): Promise<Run> {
  const target: PostgresTarget = {
    id: 'bench',
    kind: 'postgres',
    host: HOST,
    port: 5432,
    database: db,
    user: USER,
  }
  const m = await runStep({
    pool: clientConfig(target, { readOnly: mode !== 'off', applicationName: 'perfdesk bench' }),
    poolSize: CLIENTS,
    clients: CLIENTS,
    durationSec: SEC,
    threads: THREADS,
    readOnly: mode,
    queries: [{ index: 0, sql: POINT, weight: 1, params: [{ randomInt: [1, 100_000 * SCALE] }] }],
    signal: new AbortController().signal,
    onSecond: () => undefined,
  })
  if (m.errors > 0) throw new Error(`PerfDesk run had ${m.errors} errors`)
  const tps = m.transactions / m.elapsedSec
  return { tps, cpuSec: m.generator.cpuSec, perCpuSec: m.generator.opsPerCpuSec ?? 0 }
}

/** Before the wire path: node-pg, one client per connection, named or unnamed statements. */
async function nodePg(db: string, named: boolean): Promise<Run> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new pg.Client({ host: HOST, port: 5432, user: USER, database: db })
      await c.connect()
      return c
    }),
  )
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const end = t0 + SEC * 1000
  let n = 0
  const max = 100_000 * SCALE
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        const values = [1 + Math.floor(Math.random() * max)]
        await c.query(named ? { name: 'point', text: POINT, values } : { text: POINT, values })
        n++
      }
    }),
  )
  const wall = (performance.now() - t0) / 1000
  const u = process.cpuUsage(cpu0)
  const cpuSec = (u.user + u.system) / 1e6
  await Promise.all(clients.map((c) => c.end()))
  return { tps: n / wall, cpuSec, perCpuSec: n / cpuSec }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function benchPostgres(): Promise<Ratio[]> {
  if (!which('pgbench')) {
    console.log('\nPostgres: pgbench not installed (apt-get install postgresql-contrib); skipped')
    return []
  }
  const db = `perfdesk_bench_${randomBytes(4).toString('hex')}`
  console.log(
    `\nPostgres: point query by primary key, ${CLIENTS} clients and connections, ${SEC} s per run, ${ROUNDS} alternating rounds (scratch database ${db}, pgbench scale ${SCALE})`,
  )
  await admin(`CREATE DATABASE ${db}`)
  try {
    await runChild('pgbench', ['-h', HOST, '-U', USER, '-i', '-q', '-s', String(SCALE), db])
    const tools: [string, () => Promise<Run>][] = [
      ['pgbench -M extended -j 2', () => pgbench(db, 'extended')],
      ['PerfDesk read-only', () => perfdesk(db, 'session')],
      ['PerfDesk read-only, framed', () => perfdesk(db, 'frame')],
      ['pgbench -M prepared -j 2', () => pgbench(db, 'prepared')],
      ['PerfDesk allowWrites', () => perfdesk(db, 'off')],
      ['node-pg named (before)', () => nodePg(db, true)],
      ['node-pg unnamed (before)', () => nodePg(db, false)],
    ]
    const runs = new Map<string, Run[]>(tools.map(([name]) => [name, []]))
    const loads: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      // alternate the order so that no tool always runs on a warmer (or busier) machine
      const order = round % 2 === 0 ? tools : [...tools].reverse()
      for (const [name, run] of order) runs.get(name)!.push(await run())
      loads.push(loadavg())
    }
    const med = (name: string, k: keyof Run): number => median(runs.get(name)!.map((r) => r[k]))
    table(
      `Postgres point query (medians of ${ROUNDS}; load average after each round: ${loads.join(' | ')})`,
      ['tool', 'TPS', 'per round', 'generator CPU s', 'TPS per CPU-s'],
      tools.map(([name]) => [
        name,
        fmt(med(name, 'tps')),
        runs
          .get(name)!
          .map((r) => fmt(r.tps))
          .join(' / '),
        fmt(med(name, 'cpuSec'), 2),
        fmt(med(name, 'perCpuSec')),
      ]),
    )
    const peer = 'pgbench -M extended -j 2'
    const ratio = (name: string, what: string): Ratio => ({
      what,
      peer,
      peerValue: med(peer, 'tps'),
      perfdesk: med(name, 'tps'),
      unit: 'TPS',
      perCpuSec: { perfdesk: med(name, 'perCpuSec'), peer: med(peer, 'perCpuSec') },
    })
    return [
      ratio('PerfDesk read-only', `PG point query, ${CLIENTS} clients, read-only (default)`),
      ratio(
        'PerfDesk read-only, framed',
        `PG point query, ${CLIENTS} clients, read-only framed (PG < 14)`,
      ),
      ratio('PerfDesk allowWrites', `PG point query, ${CLIENTS} clients, allowWrites`),
    ]
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)
  }
}
