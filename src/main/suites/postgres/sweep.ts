import pg from 'pg'
import type { PoolClient, PoolConfig } from 'pg'
import type { Histogram } from 'hdr-histogram-js'
import { newHistogram, toMicros } from '../common/latency'
import { queryErrorMessage } from './connection'
import { ParamGenerator, weightedPicker } from './params'

/** A query that takes part in the load mix. */
export interface MixQuery {
  /** index in the suite's `queries` */
  index: number
  sql: string
  weight: number
  params: ParamGenerator
}

export interface QueryTally {
  executions: number
  errors: number
  exec: Histogram
  firstError?: string
}

export interface StepMeasurement {
  poolSize: number
  clients: number
  /** wall time from the first request to the last answer */
  elapsedSec: number
  transactions: number
  errors: number
  latency: Histogram
  wait: Histogram
  exec: Histogram
  /** keyed by query index */
  perQuery: Map<number, QueryTally>
  /** connection-level failures, e.g. the server went away */
  connectErrors: number
  firstConnectError?: string
  partial: boolean
}

export interface SecondSample {
  /** seconds since the step began */
  stepElapsedSec: number
  tps: number
  p50: number
  p95: number
  p99: number
  waitMs: number
  errors: number
}

export interface StepOptions {
  pool: PoolConfig
  poolSize: number
  clients: number
  durationSec: number
  queries: readonly MixQuery[]
  signal: AbortSignal
  onSecond(s: SecondSample): void
  /** for tests: a seeded random */
  random?: () => number
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** SQLSTATE classes that mean the connection itself is gone. */
const connectionLost = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code
  return (
    typeof code !== 'string' ||
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03'
  )
}

/**
 * One step of the sweep: `clients` virtual users share a pg.Pool of `poolSize` connections for
 * `durationSec`. Each user picks a query by weight, waits for a connection (the wait), runs the
 * query (the execution) and starts over. The pool is opened in full before timing starts.
 */
export async function runStep(opts: StepOptions): Promise<StepMeasurement> {
  const random = opts.random ?? Math.random
  const pick = weightedPicker(opts.queries, random)
  const pool = new pg.Pool({ ...opts.pool, max: opts.poolSize, idleTimeoutMillis: 0 })
  pool.on('error', () => undefined) // an idle connection dropping is counted when it is next used
  const m: StepMeasurement = {
    poolSize: opts.poolSize,
    clients: opts.clients,
    elapsedSec: 0,
    transactions: 0,
    errors: 0,
    latency: newHistogram(),
    wait: newHistogram(),
    exec: newHistogram(),
    perQuery: new Map(
      opts.queries.map((q) => [q.index, { executions: 0, errors: 0, exec: newHistogram() }]),
    ),
    connectErrors: 0,
    partial: false,
  }
  const inFlight = new Set<{ client: PoolClient; release(destroy: boolean): void }>()
  try {
    await warmUp(pool, opts.poolSize)
    let stopped = opts.signal.aborted
    const onAbort = (): void => {
      stopped = true
    }
    opts.signal.addEventListener('abort', onAbort)

    let interval = newHistogram()
    let intervalTx = 0
    let intervalErrors = 0
    let intervalWaitUs = 0
    const start = performance.now()
    const deadline = start + opts.durationSec * 1000
    let lastTick = start
    const tick = (): void => {
      const now = performance.now()
      const sec = Math.max(0.001, (now - lastTick) / 1000)
      opts.onSecond({
        stepElapsedSec: r3((now - start) / 1000),
        tps: Math.round((intervalTx / sec) * 10) / 10,
        p50: r3(interval.getValueAtPercentile(50) / 1000),
        p95: r3(interval.getValueAtPercentile(95) / 1000),
        p99: r3(interval.getValueAtPercentile(99) / 1000),
        waitMs: intervalTx > 0 ? r3(intervalWaitUs / intervalTx / 1000) : 0,
        errors: intervalErrors,
      })
      lastTick = now
      interval.reset()
      intervalTx = 0
      intervalErrors = 0
      intervalWaitUs = 0
    }
    const timer = setInterval(tick, 1000)

    const user = async (): Promise<void> => {
      while (!stopped && performance.now() < deadline) {
        const q = opts.queries[pick()]!
        const tally = m.perQuery.get(q.index)!
        const values = q.params.next()
        const t0 = performance.now()
        let client: PoolClient
        try {
          client = await pool.connect()
        } catch (err) {
          m.errors++
          intervalErrors++
          m.connectErrors++
          m.firstConnectError ??= err instanceof Error ? err.message : String(err)
          await sleep(100) // a server that refuses connections must not be hammered
          continue
        }
        const t1 = performance.now()
        let released = false
        const handle = {
          client,
          release(destroy: boolean): void {
            if (released) return
            released = true
            client.release(destroy)
          },
        }
        inFlight.add(handle)
        try {
          await client.query(q.sql, values)
          const t2 = performance.now()
          const waitUs = toMicros(t1 - t0)
          m.wait.recordValue(waitUs)
          m.exec.recordValue(toMicros(t2 - t1))
          m.latency.recordValue(toMicros(t2 - t0))
          tally.exec.recordValue(toMicros(t2 - t1))
          interval.recordValue(toMicros(t2 - t0))
          m.transactions++
          tally.executions++
          intervalTx++
          intervalWaitUs += waitUs
          handle.release(false)
        } catch (err) {
          if (stopped && released) break // cut off by cancel
          m.errors++
          intervalErrors++
          tally.errors++
          tally.firstError ??= queryErrorMessage(err)
          handle.release(connectionLost(err))
        } finally {
          inFlight.delete(handle)
        }
      }
    }

    const users = Promise.all(Array.from({ length: opts.clients }, () => user()))
    const aborted = new Promise<'aborted'>((resolve) => {
      if (opts.signal.aborted) resolve('aborted')
      opts.signal.addEventListener('abort', () => resolve('aborted'), { once: true })
    })
    const outcome = await Promise.race([users.then(() => 'done' as const), aborted])
    if (outcome === 'aborted') {
      m.partial = true
      // give in-flight queries a moment, then cut them off so that cancel takes < 1 s
      const settled = await Promise.race([users.then(() => true), sleep(300).then(() => false)])
      if (!settled) {
        await cancelBackends(
          opts.pool,
          [...inFlight].map((h) => h.client),
        )
        for (const h of inFlight) h.release(true)
        await Promise.race([users, sleep(200)])
      }
    }
    clearInterval(timer)
    m.elapsedSec = (performance.now() - start) / 1000
    if (intervalTx > 0 || intervalErrors > 0) tick()
    opts.signal.removeEventListener('abort', onAbort)
    interval = newHistogram()
    return m
  } finally {
    for (const h of inFlight) h.release(true)
    await Promise.race([pool.end().catch(() => undefined), sleep(opts.signal.aborted ? 200 : 5000)])
  }
}

/** Opens every connection of the pool up front, so that the step measures queries, not logins. */
async function warmUp(pool: pg.Pool, size: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()))
  for (const c of clients) c.release()
}

/** Asks the server to stop the queries still running on these connections (best effort, ≤ 400 ms). */
async function cancelBackends(cfg: PoolConfig, clients: readonly PoolClient[]): Promise<void> {
  const pids = clients
    .map((c) => (c as unknown as { processID?: unknown }).processID)
    .filter((p): p is number => typeof p === 'number')
  if (pids.length === 0) return
  const c = new pg.Client({ ...cfg, connectionTimeoutMillis: 300 })
  const work = (async () => {
    await c.connect()
    await c.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids])
  })()
  await Promise.race([work.catch(() => undefined), sleep(400)])
  void c.end().catch(() => undefined)
}
