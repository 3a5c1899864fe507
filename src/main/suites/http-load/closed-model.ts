import autocannon from 'autocannon'
import type { Histogram } from 'hdr-histogram-js'
import type { HttpLoadConfig, HttpSample } from '@shared/index'
import { LatencyRecorder, newHistogram, toMicros } from '../common/latency'
import { describeNetworkError } from '../../targets/http'
import { analyseHttp, emptyHttpCounts, isSuccessStatus, statusClass } from './analysis'
import type { HttpAnalysis, HttpCounts } from './analysis'
import type { RequestPlan } from './request-plan'
import type { RequestPart } from './scenario/request-stats'

/**
 * One closed-loop measurement with autocannon: `connections` connections, each sending its
 * next request as soon as the previous answer arrived.
 *
 * autocannon's own histogram holds whole milliseconds (a 0.3 ms answer reads 0), so latency
 * comes from its 'response' event instead: there `responseTime` is the request's
 * process.hrtime() duration in fractional ms (lib/pipelinedRequestsQueue.js), which we record
 * in µs in our own HDR histogram.
 */

export const CLOSED_MODEL_NOTE =
  'Closed model: each connection sends its next request only after the previous answer, so ' +
  'latencies are service times. When the server stalls, fewer requests are sent and the stall ' +
  'is under-counted (coordinated omission); use the arrival-rate model for latency as users see it.'

/** Metrics, checks and findings of one closed-loop measurement. */
export function analyseClosed(
  config: HttpLoadConfig,
  m: ClosedLoadMeasurement,
  series: HttpSample[],
): HttpAnalysis {
  return analyseHttp({
    histogram: m.latency.total,
    successHistogram: m.success,
    counts: m.counts,
    thresholds: config.thresholds,
    apdexTMs: config.apdexTMs,
    timeoutSec: config.timeoutSec,
    series,
    latencyBasis: 'service-time',
  })
}

export interface ClosedLoadOptions {
  connections: number
  durationSec?: number
  amount?: number
  timeoutSec: number
  pipelining: number
  signal: AbortSignal
  /** called once per second with the interval's sample, and once at the end for a partial second */
  onSample(sample: HttpSample, state: { elapsedSec: number; attempts: number }): void
  /** added to every sample's `t` (a sweep's steps continue one time axis) */
  tOffset?: number
  /** stamped on every sample (a sweep's step index) */
  step?: number
}

export interface ClosedLoadMeasurement {
  latency: LatencyRecorder
  success: Histogram
  counts: HttpCounts
  series: HttpSample[]
  cancelled: boolean
  /** set when the target stopped answering at the socket level (e.g. refused every connection) */
  fatal: string | null
  /** the first socket error, in plain words */
  firstError: string | null
  /** the Server header of the first answer */
  server: string | null
  /** per request of the plan (the native engine) */
  requests?: RequestPart[]
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000

/** seconds of nothing but socket errors after which the run gives up on the target */
const DEAD_TARGET_SEC = 2

export function runClosedLoad(
  plan: RequestPlan,
  o: ClosedLoadOptions,
): Promise<ClosedLoadMeasurement> {
  const latency = new LatencyRecorder()
  const success = newHistogram()
  const counts = emptyHttpCounts()
  const series: HttpSample[] = []
  const m: ClosedLoadMeasurement = {
    latency,
    success,
    counts,
    series,
    cancelled: false,
    fatal: null,
    firstError: null,
    server: null,
  }

  // autocannon refuses more connections than requests in `amount` mode
  const connections = o.amount !== undefined ? Math.min(o.connections, o.amount) : o.connections
  // interval counters, reset every second
  let iResponses = 0
  let iFailed = 0
  let iSocketErrors = 0
  let deadSeconds = 0
  let recording = true
  let lastError: unknown = null
  const t0 = performance.now()
  let tLast = t0
  let tick = 0
  const elapsed = (): number => (performance.now() - t0) / 1000
  const attempts = (): number =>
    counts.statusCodes['1xx'] +
    counts.statusCodes['2xx'] +
    counts.statusCodes['3xx'] +
    counts.statusCodes['4xx'] +
    counts.statusCodes['5xx'] +
    counts.errors +
    counts.timeouts

  const emit = (t: number, intervalSec: number): void => {
    const s = latency.takeInterval()
    const sample: HttpSample = {
      t: r3(t + (o.tOffset ?? 0)),
      rps: intervalSec > 0 ? Math.round((iResponses / intervalSec) * 10) / 10 : 0,
      p50: s.p50,
      p95: s.p95,
      p99: s.p99,
      errors: iFailed,
      ...(o.step !== undefined ? { step: o.step } : {}),
    }
    series.push(sample)
    o.onSample(sample, { elapsedSec: elapsed(), attempts: attempts() })
  }

  const hasHead = plan.requests.some((r) => r.method === 'HEAD')
  return new Promise((resolve, reject) => {
    let finished = false
    let instance: autocannon.Instance | undefined

    const finish = (): void => {
      if (finished) return
      finished = true
      recording = false
      clearInterval(ticker)
      o.signal.removeEventListener('abort', onAbort)
      const now = performance.now()
      counts.durationSec = (now - t0) / 1000
      // the last, partial second: worth a sample when it holds a meaningful slice of time
      const rest = (now - tLast) / 1000
      if (rest >= 0.2 || series.length === 0) emit(counts.durationSec, rest)
      resolve(m)
    }

    const ticker = setInterval(() => {
      if (!recording) return
      const now = performance.now()
      tick++
      const socketOnly = iResponses === 0 && iSocketErrors > 0
      deadSeconds = socketOnly ? deadSeconds + 1 : 0
      emit(tick, (now - tLast) / 1000)
      tLast = now
      iResponses = 0
      iFailed = 0
      iSocketErrors = 0
      if (deadSeconds >= DEAD_TARGET_SEC && lastError !== null) {
        m.fatal = describeNetworkError(lastError, plan.origin)
        instance?.stop()
      }
    }, 1000)

    const onAbort = (): void => {
      m.cancelled = true
      instance?.stop()
      // autocannon closes within its sample interval (100 ms); do not wait for it beyond that
      setTimeout(finish, 150)
    }
    o.signal.addEventListener('abort', onAbort, { once: true })

    try {
      instance = autocannon(
        {
          url: plan.origin,
          connections,
          ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.durationSec ?? 10 }),
          // autocannon refuses a timeout under 1 s; a shorter one is set on each client below
          timeout: Math.max(1, o.timeoutSec),
          pipelining: o.pipelining,
          requests: plan.requests.map((r) => ({
            method: r.method,
            path: r.path,
            headers: r.headers,
            ...(r.body !== undefined ? { body: r.body } : {}),
          })),
          // how often autocannon checks its stop flag: keeps cancel and the end of the run prompt
          sampleInt: 100,
          setupClient: (client) => {
            if (hasHead) process.nextTick(() => skipBodyOfHeadAnswers(client))
            // read by the Client constructor right after this hook, in ms
            if (o.timeoutSec < 1)
              (client as unknown as { timeout: number }).timeout = o.timeoutSec * 1000
            client.once('headers', (info: unknown) => {
              if (m.server !== null) return
              const raw = (info as { headers?: unknown }).headers
              if (!Array.isArray(raw)) return
              for (let i = 0; i + 1 < raw.length; i += 2) {
                if (String(raw[i]).toLowerCase() === 'server') m.server = String(raw[i + 1])
              }
            })
          },
        },
        (err: unknown) => {
          if (err) {
            if (!finished) {
              finished = true
              clearInterval(ticker)
              o.signal.removeEventListener('abort', onAbort)
              reject(err instanceof Error ? err : new Error(String(err)))
            }
            return
          }
          finish()
        },
      )
    } catch (err) {
      clearInterval(ticker)
      o.signal.removeEventListener('abort', onAbort)
      reject(err instanceof Error ? err : new Error(String(err)))
      return
    }

    instance.on(
      'response',
      (_client: unknown, statusCode: number, resBytes: number, responseTime: number) => {
        if (!recording) return
        const us = toMicros(responseTime)
        latency.recordMs(responseTime)
        counts.statusCodes[statusClass(statusCode)]++
        counts.bytes += resBytes
        iResponses++
        if (isSuccessStatus(statusCode)) success.recordValue(us)
        else iFailed++
      },
    )
    instance.on('reqError', (err: unknown) => {
      if (!recording) return
      iFailed++
      if (err instanceof Error && err.message === 'request timed out') {
        counts.timeouts++
        return
      }
      counts.errors++
      iSocketErrors++
      lastError = err
      if (m.firstError === null) m.firstError = describeNetworkError(err, plan.origin)
    })
    if (o.signal.aborted) onAbort()
  })
}

/** http-parser-js's index of the headers-complete callback; returning true from it skips the body */
const K_ON_HEADERS_COMPLETE = 2

interface ClientInternals {
  parser?: Record<number, unknown>
  pipelinedRequests?: { peek(): { req?: { method?: string } } | undefined }
}

/**
 * autocannon's response parser does not know which request an answer belongs to, so it waits
 * for the body a HEAD answer announces (Content-Length) but never sends, and every HEAD request
 * times out. Node's own client tells the parser to skip that body; this does the same, through
 * autocannon's internals (checked, and left alone if they are not as expected). It must run
 * after the Client constructor has installed its callbacks, hence the nextTick.
 */
function skipBodyOfHeadAnswers(client: unknown): void {
  const c = client as ClientInternals
  const original = c.parser?.[K_ON_HEADERS_COMPLETE]
  const queue = c.pipelinedRequests
  if (!c.parser || typeof original !== 'function' || typeof queue?.peek !== 'function') return
  c.parser[K_ON_HEADERS_COMPLETE] = function (this: unknown, ...args: unknown[]): unknown {
    const result: unknown = original.apply(this, args)
    return queue.peek()?.req?.method === 'HEAD' ? true : result
  }
}
