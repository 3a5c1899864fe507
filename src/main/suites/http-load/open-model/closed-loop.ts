import { performance } from 'node:perf_hooks'
import type * as hdr from 'hdr-histogram-js'
import { newHistogram, toMicros } from '../../common/latency'
import type { StatusCounts } from './arrival-rate'
import { Connection, type ConnectionEvents, type WireCounters } from './connection'
import type { EncodedRequest, Endpoint } from './http-wire'

/**
 * The closed model on the same wire code as the open model: `connections` keep-alive
 * connections, each sending its next request the moment the previous answer is complete.
 * Used for the steps of a connections sweep, and as the reference in the benchmark. Latency
 * here is service time: a closed loop cannot know when a request "should" have left.
 */

export interface ClosedSample {
  t: number
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
}

export interface ClosedLoopOptions {
  endpoint: Endpoint
  requests: readonly EncodedRequest[]
  connections: number
  durationSec?: number
  amount?: number
  timeoutMs: number
  signal?: AbortSignal
  onSample?: (s: ClosedSample) => void
}

export interface ClosedLoopMeasurement {
  elapsedSec: number
  sent: number
  completed: number
  httpErrors: number
  transportErrors: number
  connectErrors: number
  timeouts: number
  statusCodes: StatusCounts
  bytesIn: number
  latency: hdr.Histogram
  samples: ClosedSample[]
  cancelled: boolean
  errorMessages: Record<string, number>
  cpuMs: number
}

export async function runClosedLoop(o: ClosedLoopOptions): Promise<ClosedLoopMeasurement> {
  const counters: WireCounters = { bytesIn: 0 }
  const latency = newHistogram()
  const interval = newHistogram()
  const m: ClosedLoopMeasurement = {
    elapsedSec: 0,
    sent: 0,
    completed: 0,
    httpErrors: 0,
    transportErrors: 0,
    connectErrors: 0,
    timeouts: 0,
    statusCodes: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    bytesIn: 0,
    latency,
    samples: [],
    cancelled: false,
    errorMessages: {},
    cpuMs: 0,
  }
  const nreq = o.requests.length
  const amount = o.amount ?? Infinity
  const durationMs =
    o.amount !== undefined && o.durationSec === undefined ? Infinity : (o.durationSec ?? 10) * 1000
  const live = new Set<Connection>()
  let next = 0
  let running = true
  let ivCompleted = 0
  let ivErrors = 0
  const noteError = (msg: string): void => {
    m.errorMessages[msg] = (m.errorMessages[msg] ?? 0) + 1
  }

  return await new Promise<ClosedLoopMeasurement>((resolve) => {
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    let lastSample = t0
    let finished = false

    const send = (c: Connection): void => {
      if (!running || next >= amount) {
        if (!running || m.sent === m.completed + m.transportErrors + m.timeouts) maybeFinish()
        return
      }
      const req = o.requests[next++ % nreq] as EncodedRequest
      c.sentAt = performance.now()
      m.sent++
      c.send(req)
    }

    const events: ConnectionEvents = {
      onReady: (c) => send(c),
      onResponse(c, status, now, reusable) {
        m.completed++
        ivCompleted++
        const us = toMicros(now - c.sentAt)
        latency.recordValue(us)
        interval.recordValue(us)
        if (status >= 500) m.statusCodes['5xx']++
        else if (status >= 400) m.statusCodes['4xx']++
        else if (status >= 300) m.statusCodes['3xx']++
        else if (status >= 200) m.statusCodes['2xx']++
        else m.statusCodes['1xx']++
        if (status >= 400) {
          m.httpErrors++
          ivErrors++
        }
        if (reusable) send(c)
        else replace(c)
      },
      onFailure(c, err, inFlight) {
        noteError(err.message)
        if (!c.connected) m.connectErrors++
        else if (inFlight) m.transportErrors++
        ivErrors++
        replace(c)
      },
    }

    const replace = (c: Connection): void => {
      live.delete(c)
      // A refused connection is retried, but not in a hot loop.
      if (running)
        setTimeout(
          () => running && live.add(new Connection(o.endpoint, events, counters)),
          c.connected ? 0 : 50,
        )
      else maybeFinish()
    }

    const sample = (now: number): void => {
      const secs = (now - lastSample) / 1000
      if (secs <= 0) return
      const p = (q: number): number =>
        interval.totalCount === 0 ? 0 : Math.round(interval.getValueAtPercentile(q)) / 1000
      const s: ClosedSample = {
        t: Math.round(now - t0) / 1000,
        rps: Math.round((ivCompleted / secs) * 10) / 10,
        p50: p(50),
        p95: p(95),
        p99: p(99),
        errors: ivErrors,
      }
      interval.reset()
      ivCompleted = ivErrors = 0
      lastSample = now
      m.samples.push(s)
      o.onSample?.(s)
    }

    const finish = (): void => {
      if (finished) return
      finished = true
      clearInterval(ticker)
      clearTimeout(stopTimer)
      clearTimeout(drainTimer)
      o.signal?.removeEventListener('abort', onAbort)
      const now = performance.now()
      if (now - lastSample > 50 || ivCompleted > 0) sample(now)
      if (m.elapsedSec === 0) m.elapsedSec = (now - t0) / 1000
      for (const c of live) c.destroy()
      live.clear()
      interval.destroy()
      m.bytesIn = counters.bytesIn
      const cpu = process.cpuUsage(cpu0)
      m.cpuMs = (cpu.user + cpu.system) / 1000
      resolve(m)
    }

    const maybeFinish = (): void => {
      if (m.sent === m.completed + m.transportErrors + m.timeouts && (!running || next >= amount)) {
        if (m.elapsedSec === 0) m.elapsedSec = (performance.now() - t0) / 1000
        finish()
      }
    }

    const stop = (): void => {
      if (!running) return
      running = false
      m.elapsedSec = (performance.now() - t0) / 1000
      // answers still on the wire get up to the timeout (a cancel gets none)
      drainTimer = setTimeout(finish, m.cancelled ? 0 : o.timeoutMs)
      maybeFinish()
    }
    let drainTimer: NodeJS.Timeout | undefined
    const onAbort = (): void => {
      m.cancelled = true
      stop()
      finish()
    }
    o.signal?.addEventListener('abort', onAbort)

    const ticker = setInterval(() => {
      const now = performance.now()
      if (now - lastSample >= 1000) sample(now)
      for (const c of live) {
        if (c.busy && now - c.sentAt > o.timeoutMs) {
          c.destroy()
          m.timeouts++
          ivErrors++
          noteError(`no answer within ${o.timeoutMs / 1000} s`)
          replace(c)
        }
      }
    }, 50)
    const stopTimer = setTimeout(stop, Number.isFinite(durationMs) ? durationMs : 2 ** 31 - 1)
    if (o.signal?.aborted) return onAbort()
    for (let i = 0; i < o.connections; i++) live.add(new Connection(o.endpoint, events, counters))
  })
}
