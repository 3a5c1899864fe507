import { performance } from 'node:perf_hooks'
import type { GeneratorIO, GeneratorTask } from '../../common/generator/task'
import { encodeHistogram, newHistogram, toMicros } from '../../common/latency'
import { describeNetworkError } from '../../../targets/http'
import type { IntervalPart } from '../../../analysis/hdr-merge'
import { emptyHttpCounts, isSuccessStatus, statusClass, type HttpCounts } from '../analysis'
import type { Endpoint } from '../open-model/http-wire'
import { ScenarioRunner, type Answer } from '../scenario/runner'
import type { RequestPart } from '../scenario/request-stats'
import type { ScenarioSpec } from '../scenario/spec'
import { PipelinedConnection, type PipelineEvents } from './pipelined-connection'
import { startTogether } from './start-barrier'

/**
 * The native closed model in one generator thread: `connections` keep-alive connections, each
 * keeping `pipelining` requests on the wire and sending the next the moment an answer is
 * complete. Requests without templates are encoded once (../open-model/http-wire); an answer
 * costs a parse, a few HDR records and a write, with nothing allocated unless the request has
 * templates, checks or extracts (../scenario). Each connection is one virtual user: in a flow
 * it walks the steps in order, keeping its variables, and idles `thinkMs` after a step. Runs inline for one thread or in
 * N worker threads (../../common/generator), each returning its part for an exact merge.
 */

export interface ClosedThreadPayload {
  endpoint: Endpoint
  scenario: ScenarioSpec
  origin: string
  connections: number
  durationSec?: number
  amount?: number
  timeoutMs: number
  pipelining: number
  barrier?: SharedArrayBuffer
}

export type ClosedIntervalCounts = {
  responses: number
  failed: number
  socketErrors: number
  timeouts: number
  /** set on the last, partial interval: its length in ms */
  partialMs: number
}
export type ClosedInterval = IntervalPart<ClosedIntervalCounts>

export interface ClosedThreadPart {
  histogram: string
  success: string
  counts: HttpCounts
  cancelled: boolean
  fatal: string | null
  firstError: string | null
  server: string | null
  /** per request of the plan */
  requests: RequestPart[]
}

/** seconds of nothing but socket errors after which a thread gives up on the target */
const DEAD_TARGET_SEC = 2
const SCAN_MS = 50

export async function runClosedThread(
  p: ClosedThreadPayload,
  io: Pick<GeneratorIO<ClosedInterval>, 'signal' | 'interval' | 'threads' | 'threadIndex'>,
): Promise<ClosedThreadPart> {
  const runner = new ScenarioRunner(p.scenario, io.threadIndex, io.threads)
  // a flow's user waits for each answer before its next step
  const depth = p.scenario.mode === 'flow' ? 1 : Math.max(1, p.pipelining)
  const answer: Answer = { status: 0, latencyMs: 0, body: null, head: null }
  const pauses = new Set<NodeJS.Timeout>()
  const amount = p.amount ?? Infinity
  const total = newHistogram()
  const success = newHistogram()
  const interval = newHistogram()
  const counts = emptyHttpCounts()
  const part: ClosedThreadPart = {
    histogram: '',
    success: '',
    counts,
    cancelled: false,
    fatal: null,
    firstError: null,
    server: null,
    requests: [],
  }
  const iv: ClosedIntervalCounts = {
    responses: 0,
    failed: 0,
    socketErrors: 0,
    timeouts: 0,
    partialMs: 0,
  }
  const live = new Set<PipelinedConnection>()
  let issued = 0
  let settled = 0
  let running = true
  let lastError: unknown = null
  let deadSeconds = 0
  let bytesOfClosed = 0

  const t0 = await startTogether(p.barrier, io.threads, io.signal)

  return await new Promise<ClosedThreadPart>((resolve) => {
    let second = 0
    let secondStart = t0
    let finished = false

    const fill = (c: PipelinedConnection): void => {
      while (running && c.inFlight < depth && issued < amount && !c.dead && !c.thinking) {
        issued++
        c.send(runner.next(c.user!))
      }
      if (settled >= amount) stop()
    }

    const noteError = (err: unknown): void => {
      lastError = err
      part.firstError ??= describeNetworkError(err, p.origin)
    }

    const events: PipelineEvents = {
      onReady: fill,
      onResponse(c, status, latencyMs, close, index) {
        if (!running) return
        settled++
        const us = toMicros(latencyMs)
        answer.status = status
        answer.latencyMs = latencyMs
        answer.body = c.lastBody
        answer.head = c.lastHead
        const think = runner.answered(c.user!, index, answer, us)
        total.recordValue(us)
        interval.recordValue(us)
        counts.statusCodes[statusClass(status)]++
        iv.responses++
        if (isSuccessStatus(status)) success.recordValue(us)
        else iv.failed++
        if (close) {
          // what was pipelined behind a closing answer is lost with the connection
          lose(c, c.inFlight, null)
          replace(c)
        } else if (think > 0) pause(c, think)
        else fill(c)
      },
      onFailure(c, err) {
        if (!running) return
        if (!c.connected) {
          counts.errors++
          iv.failed++
          iv.socketErrors++
          noteError(err)
        } else if (c.inFlight > 0) lose(c, c.inFlight, err)
        replace(c)
      },
    }

    /** the user idles after a step: the connection stays open and sends nothing */
    const pause = (c: PipelinedConnection, ms: number): void => {
      c.thinking = true
      const t = setTimeout(() => {
        pauses.delete(t)
        c.thinking = false
        fill(c)
      }, ms)
      pauses.add(t)
    }

    /** the requests on the wire of `c` got no answer */
    const unanswered = (c: PipelinedConnection): void =>
      c.forEachPending((i) => runner.failed(i, c.user))

    const lose = (c: PipelinedConnection, n: number, err: Error | null): void => {
      if (n <= 0) return
      unanswered(c)
      counts.errors += n
      settled += n
      iv.failed += n
      iv.socketErrors += n
      noteError(err ?? new Error('the server closed the connection with requests pending'))
      c.inFlight = 0
    }

    /** a new connection: the user of a connection the server closed walks on, else a new one */
    const open = (user = runner.newUser()): void => {
      if (!running) return
      const c = new PipelinedConnection(p.endpoint, depth, events, part.server === null)
      c.user = user
      live.add(c)
    }

    const replace = (c: PipelinedConnection): void => {
      if (!live.delete(c)) return
      bytesOfClosed += c.bytesIn
      if (part.server === null && c.server) part.server = c.server
      c.destroy()
      if (!running) return
      if (settled >= amount) return stop()
      // a refused connection is retried (each refusal counts as an error), but not in a hot loop
      if (c.connected) open(c.user ?? undefined)
      else setTimeout(open, 10)
    }

    const emit = (now: number, partial: boolean): void => {
      const data: ClosedInterval = {
        second,
        histogram: encodeHistogram(interval),
        counts: { ...iv, partialMs: partial ? now - secondStart : 0 },
      }
      interval.reset()
      iv.responses = iv.failed = iv.socketErrors = iv.timeouts = 0
      io.interval(data)
    }

    const tick = (): void => {
      const now = performance.now()
      for (const c of live) {
        if (c.inFlight > 0 && now - c.oldestSentAt > p.timeoutMs) {
          counts.timeouts += c.inFlight
          settled += c.inFlight
          iv.failed += c.inFlight
          iv.timeouts += c.inFlight
          unanswered(c)
          c.inFlight = 0
          replace(c)
        }
      }
      while (now - secondStart >= 1000) {
        const socketOnly = iv.responses === 0 && iv.socketErrors > 0
        deadSeconds = socketOnly ? deadSeconds + 1 : 0
        emit(now, false)
        second++
        secondStart += 1000
        if (deadSeconds >= DEAD_TARGET_SEC && lastError !== null) {
          part.fatal = describeNetworkError(lastError, p.origin)
          return stop()
        }
      }
      if (settled >= amount) stop()
    }

    const stop = (): void => {
      if (finished) return
      finished = true
      running = false
      clearInterval(ticker)
      clearTimeout(endTimer)
      for (const t of pauses) clearTimeout(t)
      pauses.clear()
      io.signal.removeEventListener('abort', onAbort)
      const now = performance.now()
      counts.durationSec = (now - t0) / 1000
      let bytes = bytesOfClosed
      for (const c of live) {
        bytes += c.bytesIn
        if (part.server === null && c.server) part.server = c.server
        c.destroy()
      }
      live.clear()
      counts.bytes = bytes
      // the last, partial second: worth an interval when it holds a meaningful slice of time
      if (now - secondStart >= 200 || second === 0) emit(now, true)
      part.histogram = encodeHistogram(total)
      part.success = encodeHistogram(success)
      part.requests = runner.finish()
      total.destroy()
      success.destroy()
      interval.destroy()
      resolve(part)
    }

    const onAbort = (): void => {
      part.cancelled = true
      stop()
    }
    io.signal.addEventListener('abort', onAbort, { once: true })
    const ticker = setInterval(tick, SCAN_MS)
    const endTimer =
      p.durationSec !== undefined
        ? setTimeout(stop, Math.max(0, t0 + p.durationSec * 1000 - performance.now()))
        : undefined
    if (io.signal.aborted) return onAbort()
    if (amount === 0) return stop()
    for (let i = 0; i < p.connections; i++) open()
  })
}

export const closedTask: GeneratorTask<ClosedThreadPayload, ClosedInterval, ClosedThreadPart> = {
  run: (payload, io) => runClosedThread(payload, io),
}
