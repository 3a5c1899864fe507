import type { Histogram } from 'hdr-histogram-js'
import type {
  Finding,
  HttpLoadMetrics,
  HttpSample,
  HttpThresholds,
  LatencySummary,
  ThresholdCheck,
} from '@shared/index'
import { apdex, summarize } from '../common/latency'
import { allPass, checkThresholds } from '../common/thresholds'
import type { ThresholdRule } from '../common/thresholds'

/**
 * Turns what an HTTP load run counted into metrics, threshold checks and findings. Shared by
 * the closed model (autocannon) and the open model (arrival rate): both hand over histograms
 * and counts, and get the same arithmetic.
 */

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx'
export type StatusClassCounts = Record<StatusClass, number>

export const emptyStatusCounts = (): StatusClassCounts => ({
  '1xx': 0,
  '2xx': 0,
  '3xx': 0,
  '4xx': 0,
  '5xx': 0,
})

/** The class of a status code; anything outside 100–599 is reported as 5xx (a broken answer). */
export function statusClass(status: number): StatusClass {
  const c = Math.floor(status / 100)
  return c === 1 ? '1xx' : c === 2 ? '2xx' : c === 3 ? '3xx' : c === 4 ? '4xx' : '5xx'
}

export const isSuccessStatus = (status: number): boolean => status >= 200 && status < 400

export interface HttpCounts {
  statusCodes: StatusClassCounts
  /** requests lost to socket errors (refused, reset, …), timeouts not included */
  errors: number
  /** requests that got no answer within timeoutSec */
  timeouts: number
  /** response bytes received */
  bytes: number
  /** elapsed seconds of the measurement */
  durationSec: number
}

export const emptyHttpCounts = (): HttpCounts => ({
  statusCodes: emptyStatusCounts(),
  errors: 0,
  timeouts: 0,
  bytes: 0,
  durationSec: 0,
})

/** Adds the request counts of `c` into `into`; durationSec is the caller's (sum or longest). */
export function addHttpCounts(into: HttpCounts, c: HttpCounts): void {
  for (const k of Object.keys(into.statusCodes) as StatusClass[])
    into.statusCodes[k] += c.statusCodes[k]
  into.errors += c.errors
  into.timeouts += c.timeouts
  into.bytes += c.bytes
}

/** The counts of measurements made one after another (sweep steps): durations add up too. */
export function sumHttpCounts(parts: readonly HttpCounts[]): HttpCounts {
  const total = emptyHttpCounts()
  for (const p of parts) {
    addHttpCounts(total, p)
    total.durationSec += p.durationSec
  }
  return total
}

/** Completed requests: every response, whatever its status. */
export const completedOf = (c: HttpCounts): number =>
  c.statusCodes['1xx'] +
  c.statusCodes['2xx'] +
  c.statusCodes['3xx'] +
  c.statusCodes['4xx'] +
  c.statusCodes['5xx']

/** Requests that did not succeed: non-2xx/3xx answers, socket errors and timeouts. */
export const failedOf = (c: HttpCounts): number =>
  c.statusCodes['1xx'] + c.statusCodes['4xx'] + c.statusCodes['5xx'] + c.errors + c.timeouts

/** failed / all attempts, where attempts = responses + errors + timeouts; 0 when nothing was tried. */
export function errorRateOf(c: HttpCounts): number {
  const attempts = completedOf(c) + c.errors + c.timeouts
  return attempts === 0 ? 0 : failedOf(c) / attempts
}

export const HTTP_THRESHOLD_RULES: readonly ThresholdRule[] = [
  { key: 'p50Ms', label: 'p50 latency', op: '<=', unit: 'ms' },
  { key: 'p95Ms', label: 'p95 latency', op: '<=', unit: 'ms' },
  { key: 'p99Ms', label: 'p99 latency', op: '<=', unit: 'ms' },
  { key: 'maxMs', label: 'max latency', op: '<=', unit: 'ms' },
  { key: 'errorRate', label: 'error rate', op: '<=', unit: 'ratio' },
  { key: 'minRps', label: 'throughput', op: '>=', unit: 'req/s' },
  { key: 'minApdex', label: 'Apdex', op: '>=', unit: 'score' },
]

/** Threshold checks for HTTP metrics; latency checks fail (value null) when nothing completed. */
export function checkHttpThresholds(
  thresholds: HttpThresholds,
  m: HttpLoadMetrics | null,
): ThresholdCheck[] {
  const hasLatency = m !== null && m.requests > 0
  const lat = (v: number | undefined): number | null => (hasLatency && v !== undefined ? v : null)
  return checkThresholds(thresholds, HTTP_THRESHOLD_RULES, {
    p50Ms: lat(m?.latencyMs.p50),
    p95Ms: lat(m?.latencyMs.p95),
    p99Ms: lat(m?.latencyMs.p99),
    maxMs: lat(m?.latencyMs.max),
    errorRate: m ? m.errorRate : null,
    minRps: m ? m.rps : null,
    minApdex: m ? m.apdex : null,
  })
}

const round = (v: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
const pct = (v: number): string => `${round(v * 100, 2)} %`

export interface AnalyseHttpInput {
  /** latency of every completed response (any status), in µs */
  histogram: Histogram
  /** latency of the 2xx/3xx responses only: Apdex counts failures as frustrated on their own */
  successHistogram: Histogram
  counts: HttpCounts
  thresholds: HttpThresholds
  apdexTMs: number
  /** the per-request timeout, for the timeouts finding */
  timeoutSec?: number
  series: readonly HttpSample[]
  latencyBasis: HttpLoadMetrics['latencyBasis']
  /** open model only */
  openModel?: { targetRps: number; late: number; dropped: number; serviceTime?: Histogram }
}

export interface HttpAnalysis {
  metrics: HttpLoadMetrics
  checks: ThresholdCheck[]
  findings: Finding[]
  /** from the checks alone; the caller turns it into 'cancelled' or 'error' when it must */
  status: 'passed' | 'failed'
}

export function httpMetrics(input: AnalyseHttpInput): HttpLoadMetrics {
  const { counts } = input
  const requests = completedOf(counts)
  const secs = counts.durationSec > 0 ? counts.durationSec : 0
  const metrics: HttpLoadMetrics = {
    requests,
    rps: secs > 0 ? round(requests / secs, 2) : 0,
    throughputBytesPerSec: secs > 0 ? Math.round(counts.bytes / secs) : 0,
    latencyMs: summarize(input.histogram),
    statusCodes: { ...counts.statusCodes },
    errors: counts.errors,
    timeouts: counts.timeouts,
    errorRate: round(errorRateOf(counts), 6),
    apdex: apdex(input.successHistogram, input.apdexTMs, failedOf(counts)),
    durationSec: round(secs, 3),
    latencyBasis: input.latencyBasis,
  }
  if (input.openModel) {
    metrics.targetRps = input.openModel.targetRps
    metrics.late = input.openModel.late
    metrics.dropped = input.openModel.dropped
    if (input.openModel.serviceTime) metrics.serviceTimeMs = summarize(input.openModel.serviceTime)
  }
  return metrics
}

export function analyseHttp(input: AnalyseHttpInput): HttpAnalysis {
  const metrics = httpMetrics(input)
  const checks = checkHttpThresholds(input.thresholds, metrics)
  const findings = httpFindings(metrics, input.series, {
    apdexTMs: input.apdexTMs,
    timeoutSec: input.timeoutSec,
  })
  return { metrics, checks, findings, status: allPass(checks) ? 'passed' : 'failed' }
}

/** Mean of `rps` over the first and last third of the full-second samples. */
export function throughputThirds(
  series: readonly HttpSample[],
): { first: number; last: number } | null {
  // the last sample may cover a fraction of a second: leave it out when it is partial
  const whole = series.filter((s, i) => i < series.length - 1 || Number.isInteger(s.t))
  if (whole.length < 6) return null
  const third = Math.floor(whole.length / 3)
  const mean = (xs: readonly HttpSample[]): number => xs.reduce((a, s) => a + s.rps, 0) / xs.length
  return { first: mean(whole.slice(0, third)), last: mean(whole.slice(whole.length - third)) }
}

export function httpFindings(
  m: HttpLoadMetrics,
  series: readonly HttpSample[],
  opts: { apdexTMs: number; timeoutSec?: number },
): Finding[] {
  const findings: Finding[] = []
  const sc = m.statusCodes
  const attempts = m.requests + m.errors + m.timeouts

  if (attempts > 0 && m.requests === 0) {
    findings.push({
      id: 'http.no-responses',
      severity: 'critical',
      title: 'No request got an answer',
      detail: `${attempts} requests were sent and none completed: ${m.errors} failed at the socket, ${m.timeouts} timed out.`,
      evidence: [
        { label: 'socket errors', value: m.errors },
        { label: 'timeouts', value: m.timeouts },
      ],
      recommendation:
        'Check that the server is running and reachable from this machine, that the URL and port are right, and that it answers within the timeout.',
    })
  }

  if (m.errorRate > 0.01) {
    const parts: [string, number][] = [
      ['5xx answers', sc['5xx']],
      ['4xx answers', sc['4xx']],
      ['1xx answers', sc['1xx']],
      ['socket errors', m.errors],
      ['timeouts', m.timeouts],
    ]
    const present = parts.filter(([, n]) => n > 0)
    const top = [...present].sort((a, b) => b[1] - a[1])[0]
    const recommendation =
      top?.[0] === '5xx answers'
        ? 'The server reports errors under this load: read its logs for the failing requests, and look for exhausted pools, memory or upstream limits.'
        : top?.[0] === '4xx answers'
          ? 'The server rejects the requests themselves: check the paths, the method, the body and the credentials (401/403), or a rate limiter (429).'
          : top?.[0] === 'timeouts'
            ? 'Requests get no answer in time: the server is saturated or stalled; lower the load or raise its capacity, and check for locks and slow dependencies.'
            : 'Connections fail at the socket: check connection limits (listen backlog, ulimit -n, proxy max connections) and keep-alive settings.'
    findings.push({
      id: 'http.errors',
      severity: m.errorRate > 0.05 ? 'critical' : 'warning',
      title: `Error rate ${pct(m.errorRate)}`,
      detail: `${present.map(([k, n]) => `${n} ${k}`).join(', ')} out of ${attempts} requests.`,
      evidence: [
        { label: 'error rate', value: round(m.errorRate, 4), unit: 'ratio' },
        ...present.map(([label, value]) => ({ label, value })),
        { label: 'requests attempted', value: attempts },
      ],
      recommendation,
    })
  }

  if (m.timeouts > 0) {
    findings.push({
      id: 'http.timeouts',
      severity: 'warning',
      title: `${m.timeouts} requests timed out`,
      detail:
        `${m.timeouts} requests got no answer within ${opts.timeoutSec ?? '?'} s. Their latency is not in the ` +
        'percentiles, which therefore look better than what users saw.',
      evidence: [
        { label: 'timeouts', value: m.timeouts },
        { label: 'timeout', value: opts.timeoutSec ?? null, unit: 's' },
        { label: 'max latency of answered requests', value: m.latencyMs.max, unit: 'ms' },
      ],
      recommendation:
        'Find what stalls: long GC pauses, lock waits, an exhausted connection pool or a slow dependency. Lower the load to find where timeouts start.',
    })
  }

  const l = m.latencyMs
  // a sub-millisecond p50 makes any ratio look large: require a tail of at least 2 ms as well
  if (m.requests >= 100 && l.p50 > 0 && l.p99 > 4 * l.p50 && l.p99 - l.p50 >= 2) {
    findings.push({
      id: 'http.tail',
      severity: l.p99 > 10 * l.p50 ? 'warning' : 'info',
      title: `Long latency tail: p99 is ${round(l.p99 / l.p50, 1)}× p50`,
      detail: `Half of the requests took ${l.p50} ms or less, but 1 in 100 took more than ${l.p99} ms (max ${l.max} ms).`,
      evidence: [
        { label: 'p50', value: l.p50, unit: 'ms' },
        { label: 'p95', value: l.p95, unit: 'ms' },
        { label: 'p99', value: l.p99, unit: 'ms' },
        { label: 'p99.9', value: l.p999, unit: 'ms' },
        { label: 'max', value: l.max, unit: 'ms' },
      ],
      recommendation:
        'A tail this long usually comes from queueing or pauses rather than from the work itself: look at GC pauses, pool waits, lock contention and cache misses on the slow requests.',
    })
  }

  const thirds = throughputThirds(series)
  if (thirds && thirds.first > 0 && thirds.last < 0.8 * thirds.first) {
    const drop = 1 - thirds.last / thirds.first
    findings.push({
      id: 'http.throughput-drop',
      severity: drop > 0.5 ? 'critical' : 'warning',
      title: `Throughput fell by ${pct(drop)} during the run`,
      detail: `The first third of the run averaged ${round(thirds.first, 1)} req/s, the last third ${round(thirds.last, 1)} req/s, with the same load.`,
      evidence: [
        { label: 'first third', value: round(thirds.first, 1), unit: 'req/s' },
        { label: 'last third', value: round(thirds.last, 1), unit: 'req/s' },
        { label: 'samples', value: series.length },
      ],
      recommendation:
        'The server degrades under sustained load: look for growing memory (leaks, GC), filling queues or caches, connection leaks, or throttling. Run longer to see whether it settles.',
    })
  }

  if (m.requests > 0 && m.apdex < 0.7) {
    findings.push({
      id: 'http.apdex',
      severity: m.apdex < 0.5 ? 'critical' : 'warning',
      title: `Apdex ${m.apdex} (${m.apdex < 0.5 ? 'unacceptable' : 'poor'}) at T = ${opts.apdexTMs} ms`,
      detail:
        `Apdex counts requests within ${opts.apdexTMs} ms as satisfied, within ${4 * opts.apdexTMs} ms as ` +
        'tolerating (half), slower or failed ones as frustrated.',
      evidence: [
        { label: 'Apdex', value: m.apdex, unit: 'score' },
        { label: 'T', value: opts.apdexTMs, unit: 'ms' },
        { label: 'p50', value: l.p50, unit: 'ms' },
        { label: 'p95', value: l.p95, unit: 'ms' },
        { label: 'error rate', value: round(m.errorRate, 4), unit: 'ratio' },
      ],
      recommendation:
        'Users would find this slow. Reduce latency at p50–p95 (or the error rate), or, if T does not match what your users expect, set apdexTMs in the plan.',
    })
  }

  return findings
}

/** A latency summary with every field at zero, for results where nothing completed. */
export const zeroLatency = (): LatencySummary => ({
  min: 0,
  mean: 0,
  stdev: 0,
  p50: 0,
  p75: 0,
  p90: 0,
  p95: 0,
  p99: 0,
  p999: 0,
  max: 0,
})
