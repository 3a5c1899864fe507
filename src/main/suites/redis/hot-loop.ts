import type { Histogram } from 'hdr-histogram-js'
import {
  prepareCommands,
  resetCommands,
  cycleOf,
  UNIQUE_DIGITS,
  type ClientState,
  type Command,
  type OperationImpl,
  type StepKeys,
} from './operations'
import { encodeBatch, ReplyScanner, type RespSocket } from './resp'
import { CancelledError, RedisLostError } from './run-control'

/** What a hot loop counts; shared by the RESP and the ioredis loop of one thread. */
export interface LoopStats {
  histogram: Histogram
  /** the current second's histogram (reset by the interval reporter) */
  interval: Histogram
  /** false during the warm-up: nothing is recorded */
  recording: boolean
  commands: number
  errors: number
  intervalErrors: number
  firstError: string | undefined
  /** µs spent waiting for timed batches, summed over connections */
  timedUs: number
}

export interface LoopPlan {
  op: OperationImpl
  keys: StepKeys
  pipeline: number
  timeoutMs: number
  signal: AbortSignal
}

/** Pre-encoded batches a connection cycles through, shared when the keys are. */
interface Ring {
  batches: Buffer[]
  /** per batch: where each command's unique counter starts (set and sorted-set members) */
  patch: number[][] | null
}

interface RawConn {
  rs: RespSocket
  scanner: ReplyScanner
  state: ClientState
  ring: Ring
  /** del: the untimed SETs that precede each timed batch, one per ring batch */
  prep: Buffer[] | null
  /** growing keys: the untimed reset */
  reset: Buffer | null
  resetReplies: number
  r: number
  counter: number
  /** 0 idle, 1 timed batch, 2 untimed prepare, 3 untimed reset */
  phase: number
  expect: number
  t0: number
}

const SHARED_RING_BYTES = 16 * 1024 * 1024

function buildRing(
  plan: LoopPlan,
  state: ClientState,
  maxBytes: number,
): { ring: Ring; prep: Buffer[] | null } {
  const { op, keys, pipeline } = plan
  const wanted = Math.max(1, Math.ceil(cycleOf(op, keys) / pipeline))
  const batches: Buffer[] = []
  const patch: number[][] | null = op.uniqueArg !== undefined ? [] : null
  const prep: Buffer[] | null = op.untimedSetup ? [] : null
  let bytes = 0
  for (let r = 0; r < wanted; r++) {
    const commands: Command[] = []
    for (let n = r * pipeline; n < (r + 1) * pipeline; n++)
      commands.push(op.command(keys, state, n))
    const { buf, argOffsets } = encodeBatch(commands.map(([name, args]) => [name, ...args]))
    batches.push(buf)
    bytes += buf.length
    if (patch) patch.push(argOffsets.map((o) => o[op.uniqueArg! + 1]!))
    if (prep) {
      const p = encodeBatch(
        prepareCommands(keys, state, r * pipeline, pipeline).map(([n, a]) => [n, ...a]),
      )
      prep.push(p.buf)
      bytes += p.buf.length
    }
    if (bytes >= maxBytes) break
  }
  return { ring: { batches, patch }, prep }
}

/**
 * Wraps connected sockets for the RESP loop: one ring of batches shared by every connection
 * when the commands name shared keys, else a small ring per connection (its own keys).
 */
export function rawConnections(
  sockets: RespSocket[],
  plan: LoopPlan,
  clientBase: number,
): RawConn[] {
  const shared = plan.op.perClient
    ? null
    : buildRing(plan, { index: 0, bytesSinceReset: 0 }, SHARED_RING_BYTES)
  const perClientBytes = Math.max(1, Math.floor(SHARED_RING_BYTES / Math.max(1, sockets.length)))
  return sockets.map((rs, i) => {
    const state: ClientState = { index: clientBase + i, bytesSinceReset: 0 }
    const own = shared ?? buildRing(plan, state, perClientBytes)
    const resetCmds = plan.op.grows ? resetCommands(plan.op, plan.keys, state) : null
    return {
      rs,
      scanner: new ReplyScanner(),
      state,
      ring: own.ring,
      prep: own.prep,
      reset: resetCmds ? encodeBatch(resetCmds.map(([n, a]) => [n, ...a])).buf : null,
      resetReplies: resetCmds?.length ?? 0,
      // connections start spread over the ring, so that they do not all hit the same keys
      r: Math.floor((i * own.ring.batches.length) / Math.max(1, sockets.length)),
      counter: 0,
      phase: 0,
      expect: 0,
      t0: 0,
    }
  })
}

/** Writes a counter as UNIQUE_DIGITS decimal digits in place (no allocation). */
function writeCounter(buf: Buffer, at: number, value: number): void {
  let v = value
  for (let k = UNIQUE_DIGITS - 1; k >= 0; k--) {
    buf[at + k] = 0x30 + (v % 10)
    v = Math.floor(v / 10)
  }
}

/**
 * Every connection sends its batch of `pipeline` commands, waits for as many replies, records
 * the batch's round trip once per successful command (that is when the application has its
 * answer) and sends the next, until `durationMs` has passed. No promise, string or object per
 * command: one socket write and one histogram record per batch. Resolves with the error that
 * ended the loop early (server lost, cancel), or undefined.
 */
export function runRawLoop(
  conns: RawConn[],
  plan: LoopPlan,
  stats: LoopStats,
  durationMs: number,
): Promise<Error | undefined> {
  const { keys, pipeline, timeoutMs, signal } = plan
  const deadline = performance.now() + durationMs
  const batchBytes = keys.payloadBytes * pipeline
  let open = conns.length
  let fatal: Error | undefined
  return new Promise((resolve) => {
    let settled = false
    const settle = (): void => {
      if (settled) return
      settled = true
      clearInterval(watch)
      signal.removeEventListener('abort', onAbort)
      for (const c of conns) {
        c.rs.onData = () => {}
        c.rs.socket.off('close', onClose)
        c.rs.socket.off('error', onError)
        if (fatal) c.rs.socket.destroy()
      }
      resolve(fatal)
    }
    const fail = (err: Error): void => {
      fatal ??= err
      settle()
    }
    const onAbort = (): void => fail(new CancelledError())
    const onError = (err: Error): void =>
      fail(new RedisLostError(`Connection is closed (${err.message})`))
    const onClose = (): void => fail(new RedisLostError('Connection is closed'))
    if (signal.aborted) return fail(new CancelledError())
    signal.addEventListener('abort', onAbort, { once: true })

    const send = (c: RawConn, phase: number, buf: Buffer, replies: number): void => {
      c.phase = phase
      c.expect = replies
      c.scanner.reset()
      c.t0 = performance.now()
      c.rs.socket.write(buf)
    }
    const next = (c: RawConn): void => {
      if (performance.now() >= deadline || fatal) {
        c.phase = 0
        if (--open === 0) settle()
        return
      }
      if (c.reset && c.state.bytesSinceReset >= keys.growBudget) {
        c.state.bytesSinceReset = 0
        return send(c, 3, c.reset, c.resetReplies)
      }
      if (c.prep) return send(c, 2, c.prep[c.r]!, pipeline)
      timed(c)
    }
    const timed = (c: RawConn): void => {
      const buf = c.ring.batches[c.r]!
      const patch = c.ring.patch?.[c.r]
      if (patch) for (const at of patch) writeCounter(buf, at, c.counter++)
      c.state.bytesSinceReset += batchBytes
      send(c, 1, buf, pipeline)
    }
    const done = (c: RawConn): void => {
      const phase = c.phase
      if (phase === 2) return timed(c)
      if (phase === 1) {
        const us = (performance.now() - c.t0) * 1000
        const errs = c.scanner.errors
        const ok = pipeline - errs
        c.r = c.r + 1 === c.ring.batches.length ? 0 : c.r + 1
        if (stats.recording) {
          stats.timedUs += us
          if (ok > 0) {
            const v = us < 1 ? 1 : Math.round(us)
            stats.histogram.recordValueWithCount(v, ok)
            stats.interval.recordValueWithCount(v, ok)
            stats.commands += ok
          }
          if (errs > 0) {
            stats.errors += errs
            stats.intervalErrors += errs
            stats.firstError ??= c.scanner.firstError
          }
        }
      }
      next(c)
    }

    for (const c of conns) {
      c.rs.onData = (buf, len) => {
        try {
          c.scanner.feed(buf, len)
        } catch (err) {
          return fail(new RedisLostError((err as Error).message))
        }
        if (c.phase !== 0 && c.scanner.replies >= c.expect) done(c)
      }
      c.rs.socket.on('error', onError)
      c.rs.socket.on('close', onClose)
    }
    // a paused server never answers: a batch older than the timeout ends the loop
    const watch = setInterval(
      () => {
        const now = performance.now()
        for (const c of conns)
          if (c.phase !== 0 && now - c.t0 > timeoutMs)
            return fail(new RedisLostError(`the server did not answer within ${timeoutMs} ms`))
      },
      Math.min(250, Math.max(20, timeoutMs / 4)),
    )
    for (const c of conns) next(c)
    if (conns.length === 0) settle()
  })
}
