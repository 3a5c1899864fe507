import type * as hdr from 'hdr-histogram-js'
import type { EncodedRequest, Endpoint } from './http-wire'
import type { ScenarioRunner } from '../scenario/runner'
import type { Schedule } from './schedule'

/** What an open-model run is given and what it measures (the run itself: ./arrival-rate). */

/**
 * The lateness bound. A request counts as late when it leaves more than 1 ms after its
 * intended time. Latency is measured from the intended time anyway, so lateness never
 * flatters the numbers; what it tells is whether the SERVER saw the load it was promised.
 * 1 ms is the bound because (a) it is the scheduling precision we promise and test (p99 of
 * the inter-send jitter under 1 ms), (b) the coarsest timer granularity of the peers (wrk2's
 * and autocannon's 1 ms) — a tool that is late by more than that is visibly reshaping the
 * load — and (c) it stays meaningful at any rate: at 1,000 req/s it is one inter-arrival gap.
 */
export const LATE_BOUND_MS = 1

export interface OpenSample {
  /** seconds since the start, at the end of the interval */
  t: number
  /** answers completed per second in the interval */
  rps: number
  /** requests sent per second in the interval */
  sentRps: number
  /** the schedule's average rate over the interval */
  targetRps: number
  p50: number
  p95: number
  p99: number
  errors: number
  late: number
  dropped: number
  connections: number
}

export interface ArrivalRateOptions {
  endpoint: Endpoint
  /** the requests, sent in turn; or a `scenario` (weights, templates, checks) */
  requests?: readonly EncodedRequest[]
  scenario?: ScenarioRunner
  schedule: Schedule
  maxConnections: number
  timeoutMs: number
  signal?: AbortSignal
  /** `interval`: the interval's latency histogram, valid only during the call (threads merge it) */
  onSample?: (s: OpenSample, interval: hdr.Histogram) => void
  /**
   * Resolves with the schedule's start on this thread's performance.now() clock, once the
   * first connections are open: generator threads start one schedule together. Default: now.
   */
  start?: () => Promise<number>
  sampleEveryMs?: number
  lateBoundMs?: number
}

export interface StatusCounts {
  '1xx': number
  '2xx': number
  '3xx': number
  '4xx': number
  '5xx': number
}

export interface ArrivalRateMeasurement {
  /** the start of the schedule on the system's monotonic clock (process.hrtime), in ms */
  startHrMs: number
  /** how long the schedule ran (shorter than planned when cancelled) */
  elapsedSec: number
  /** from the start to the last answer (the drain included): the span throughput is measured over */
  spanSec: number
  /** requests the schedule made due while it ran */
  due: number
  /** arrivals sent: requests, or (flow) walks started */
  sent: number
  /** flow: the walks' following steps sent (their first steps are in `sent`) */
  stepsSent: number
  /** answers received (any status) */
  completed: number
  /** answers with status ≥ 400 */
  httpErrors: number
  /** sent, then the connection failed before the answer */
  transportErrors: number
  /** a connection could not be opened for a due request */
  connectErrors: number
  timeouts: number
  /** sent more than the lateness bound after the intended time */
  late: number
  /** of those, the ones that had to wait for a free connection */
  lateForConnection: number
  /** never sent: no connection was free before the run ended or the request timed out waiting */
  dropped: number
  /** sent but not answered when a cancel stopped the run */
  abandoned: number
  statusCodes: StatusCounts
  bytesIn: number
  /** µs from intended send time to the end of the answer */
  latency: hdr.Histogram
  /** the same, for 2xx/3xx answers only (Apdex counts failures on their own) */
  success: hdr.Histogram
  /** µs from the actual send to the end of the answer */
  service: hdr.Histogram
  /** µs from intended to actual send */
  sendLag: hdr.Histogram
  samples: OpenSample[]
  cancelled: boolean
  peakConnections: number
  errorMessages: Record<string, number>
  /** the longest the scheduler loop was late: a spinning turn's gap, or a late alarm */
  maxLoopGapMs: number
  /** CPU time of this process during the run (all threads), ms */
  cpuMs: number
  lateBoundMs: number
}
