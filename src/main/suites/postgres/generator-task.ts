/**
 * The PostgreSQL hot loop, run in 1..N generator threads: `clients` virtual users share
 * `connections` wire connections (this thread's share of the pool). A user picks a query by
 * weight, waits for an idle connection (the wait), runs one transaction (the execution) and
 * goes again. Everything is callbacks: no promise, no result object, no row decoding per
 * transaction; HDR recording only.
 */
import pg from 'pg'
import type { ClientConfig } from 'pg'
import type { PgParam } from '@shared/index'
import { encodeHistogram, newHistogram, toMicros } from '../common/latency'
import type { GeneratorIO, GeneratorTask } from '../common/generator/task'
import { ParamGenerator, weightedPicker } from './params'
import { BindEncoder, FastSocket, READ_ONLY_FRAME, WireConnection, type WireError } from './wire'

export interface PgGenQuery {
  index: number
  sql: string
  weight: number
  params: PgParam[]
}

/**
 * - `frame`: BEGIN READ ONLY … ROLLBACK around every transaction, in the same write;
 * - `session`: the session default is read-only (set at connect) and the server reports any
 *   change of it (PostgreSQL ≥ 14), upon which the connection is failed before its next
 *   transaction. Same guarantee, no extra statements: measured on this 2-core machine with
 *   16 clients on a point query, the frame cost 10 % (30.8k vs 33.9k TPS, quiet) to 28 %
 *   (15.6k vs 21.8k, load average 17) of the throughput, all of it server work.
 */
export type ReadOnlyMode = 'off' | 'frame' | 'session'

export interface PgGenPayload {
  client: ClientConfig
  connections: number
  clients: number
  durationSec: number
  queries: PgGenQuery[]
  /** how the server keeps a read-only suite read-only (see ReadOnlyMode) */
  readOnly: ReadOnlyMode
}

/** One thread's aggregate over about one second (the last one may be shorter). */
export interface PgGenInterval {
  /** whole seconds since this thread's measured start */
  second: number
  histogram: string
  counts: { tx: number; errors: number; waitUs: number; durationUs: number }
}

export interface PgGenQueryPart {
  index: number
  executions: number
  errors: number
  exec: string
  firstError?: string
  /** how many parameter sets this thread drew (to continue sequences in the next step) */
  draws: number
}

/** What one thread measured in one step; the coordinator merges the parts exactly. */
export interface PgGenPart {
  transactions: number
  errors: number
  connectErrors: number
  firstConnectError?: string
  elapsedSec: number
  partial: boolean
  latency: string
  wait: string
  exec: string
  perQuery: PgGenQueryPart[]
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Opens one connection with pg (auth, SSL, options), prepares the mix, takes the socket over. */
async function openWire(
  cfg: ClientConfig,
  statements: { name: string; sql: string }[],
  readOnly: ReadOnlyMode,
): Promise<WireConnection> {
  const client = new pg.Client(cfg.ssl ? cfg : { ...cfg, stream: () => new FastSocket() })
  client.on('error', () => undefined)
  await client.connect()
  if (readOnly === 'session') {
    const r = await client.query<{ ro: string }>(
      `SELECT current_setting('default_transaction_read_only') AS ro`,
    )
    if (r.rows[0]?.ro !== 'on') {
      await client.end()
      throw new Error(
        'the session did not start read-only (does the connection string override "options"?)',
      )
    }
  }
  const wire = new WireConnection(client, readOnly === 'session')
  await wire.prepare(statements)
  return wire
}

interface MixEntry {
  index: number
  encoder: BindEncoder
  params: ParamGenerator
  draws: number
  tally: {
    executions: number
    errors: number
    exec: ReturnType<typeof newHistogram>
    firstError?: string
  }
}

export const postgresGeneratorTask: GeneratorTask<PgGenPayload, PgGenInterval, PgGenPart> = {
  async run(p: PgGenPayload, io: GeneratorIO<PgGenInterval>): Promise<PgGenPart> {
    const statements = p.queries.map((q, i) => ({ name: `pd_q${i}`, sql: q.sql }))
    if (p.readOnly === 'frame') statements.push(...READ_ONLY_FRAME.statements)
    const frame = p.readOnly === 'frame' ? READ_ONLY_FRAME.bytes : null
    const mix: MixEntry[] = p.queries.map((q, i) => ({
      index: q.index,
      encoder: new BindEncoder(`pd_q${i}`, q.params.length, frame),
      params: new ParamGenerator(q.params, Math.random, {
        offset: io.threadIndex,
        step: io.threads,
      }),
      draws: 0,
      tally: { executions: 0, errors: 0, exec: newHistogram() },
    }))
    const pick = weightedPicker(p.queries)
    const latency = newHistogram()
    const wait = newHistogram()
    const exec = newHistogram()
    let interval = newHistogram()
    const part: PgGenPart = {
      transactions: 0,
      errors: 0,
      connectErrors: 0,
      elapsedSec: 0,
      partial: false,
      latency: '',
      wait: '',
      exec: '',
      perQuery: [],
    }

    // the whole pool is opened before timing starts, so that a step measures queries, not logins
    const opened = await Promise.allSettled(
      Array.from({ length: p.connections }, () => openWire(p.client, statements, p.readOnly)),
    )
    const conns: WireConnection[] = []
    for (const o of opened) {
      if (o.status === 'fulfilled') conns.push(o.value)
      else {
        part.connectErrors++
        part.errors++
        part.firstConnectError ??= o.reason instanceof Error ? o.reason.message : String(o.reason)
      }
    }
    const finishPart = (): PgGenPart => {
      if (mix.length === 1) mix[0]!.tally.exec.add(exec)
      part.latency = encodeHistogram(latency)
      part.wait = encodeHistogram(wait)
      part.exec = encodeHistogram(exec)
      part.perQuery = mix.map((m) => ({
        index: m.index,
        executions: m.tally.executions,
        errors: m.tally.errors,
        exec: encodeHistogram(m.tally.exec),
        draws: m.draws,
        ...(m.tally.firstError !== undefined ? { firstError: m.tally.firstError } : {}),
      }))
      return part
    }
    if (conns.length === 0 || io.signal.aborted) {
      for (const c of conns) c.end()
      part.partial = io.signal.aborted
      return finishPart()
    }

    const idle: WireConnection[] = [...conns]
    let alive = conns.length
    const waiting: number[] = [] // t0 of users waiting for a connection, FIFO
    let waitHead = 0
    let inFlight = 0
    let stopped = false
    let intervalTx = 0
    let intervalErrors = 0
    let intervalWaitUs = 0
    let finish: () => void = () => undefined
    const finished = new Promise<void>((resolve) => (finish = resolve))

    const start = performance.now()
    const deadline = start + p.durationSec * 1000
    let lastTick = start
    let second = 0
    const postInterval = (now: number): void => {
      io.interval({
        second: second++,
        histogram: encodeHistogram(interval),
        counts: {
          tx: intervalTx,
          errors: intervalErrors,
          waitUs: intervalWaitUs,
          durationUs: Math.round((now - lastTick) * 1000),
        },
      })
      lastTick = now
      // the step's latency is the sum of its seconds: added once a second, not per transaction
      latency.add(interval)
      interval.reset()
      intervalTx = 0
      intervalErrors = 0
      intervalWaitUs = 0
    }
    const timer = setInterval(() => postInterval(performance.now()), 1000)

    const maybeDone = (): void => {
      if (stopped && inFlight === 0) finish()
    }
    const stop = (): void => {
      if (stopped) return
      stopped = true
      waiting.length = 0 // users still waiting for a connection simply stop
      waitHead = 0
      maybeDone()
    }
    const stopTimer = setTimeout(stop, Math.max(0, deadline - performance.now()))
    const onAbort = (): void => {
      part.partial = true
      stop()
    }
    io.signal.addEventListener('abort', onAbort, { once: true })

    const run = (conn: WireConnection, t0: number, t1: number): void => {
      const m = mix[mix.length === 1 ? 0 : pick()]!
      m.draws++
      inFlight++
      conn.send(m.encoder.encode(m.params.next()), (err) => complete(conn, m, t0, t1, err))
    }
    const complete = (
      conn: WireConnection,
      m: MixEntry,
      t0: number,
      t1: number,
      err: WireError | null,
    ): void => {
      inFlight--
      const t2 = performance.now()
      if (err === null) {
        const waitUs = toMicros(t1 - t0)
        const execUs = toMicros(t2 - t1)
        const latUs = toMicros(t2 - t0)
        wait.recordValue(waitUs)
        exec.recordValue(execUs)
        // with one query in the mix its execution histogram is the step's (copied at the end)
        if (mix.length > 1) m.tally.exec.recordValue(execUs)
        interval.recordValue(latUs)
        part.transactions++
        m.tally.executions++
        intervalTx++
        intervalWaitUs += waitUs
      } else if (!(part.partial && err.code === '57014')) {
        // (a statement cancelled by our own cancel is not an error of the target)
        part.errors++
        intervalErrors++
        m.tally.errors++
        m.tally.firstError ??= err.code ? `${err.message}, SQLSTATE ${err.code}` : err.message
      }
      if (err?.fatal || conn.closed) {
        alive--
        conn.destroy()
        if (alive === 0) stop()
      } else release(conn)
      if (!stopped && t2 >= deadline) stop()
      if (stopped) return maybeDone()
      // this user goes again
      request(t2)
    }
    const release = (conn: WireConnection): void => {
      if (!stopped && waitHead < waiting.length) {
        const t0 = waiting[waitHead++]!
        if (waitHead > 1024 && waitHead * 2 > waiting.length) {
          waiting.splice(0, waitHead)
          waitHead = 0
        }
        run(conn, t0, performance.now())
      } else idle.push(conn)
    }
    const request = (t0: number): void => {
      const conn = idle.pop()
      if (conn) run(conn, t0, t0)
      else waiting.push(t0)
    }

    const aborted = new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve()
      else io.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    for (let u = 0; u < p.clients; u++) request(start)
    await Promise.race([finished, aborted.then(() => sleep(300))])
    // a cancel may leave slow statements running: ask the server to stop them, then cut off
    if (inFlight > 0) {
      await cancelBackends(p.client, conns)
      await Promise.race([finished, sleep(200)])
    }
    clearTimeout(stopTimer)
    clearInterval(timer)
    io.signal.removeEventListener('abort', onAbort)
    const end = performance.now()
    part.elapsedSec = (end - start) / 1000
    postInterval(end)
    interval = newHistogram()
    for (const c of conns) {
      if (inFlight > 0) c.destroy()
      else c.end()
    }
    return finishPart()
  },
}

/** Asks the server to cancel what still runs on these connections (best effort, ≤ 400 ms). */
async function cancelBackends(cfg: ClientConfig, conns: readonly WireConnection[]): Promise<void> {
  const pids = conns.map((c) => c.processID).filter((x): x is number => typeof x === 'number')
  if (pids.length === 0) return
  const c = new pg.Client({ ...cfg, connectionTimeoutMillis: 300 })
  c.on('error', () => undefined)
  const work = (async () => {
    await c.connect()
    await c.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids])
  })()
  await Promise.race([work.catch(() => undefined), sleep(400)])
  void c.end().catch(() => undefined)
}
