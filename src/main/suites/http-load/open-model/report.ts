import type { Finding, HttpLoadConfig, HttpSample, ThresholdCheck } from '@shared/index'
import { summarize } from '../../common/latency'
import { analyseHttp, type HttpAnalysis, type HttpCounts } from '../analysis'
import type { ArrivalRateMeasurement, OpenSample } from './arrival-rate'

/**
 * Open-model analysis: the shared HTTP arithmetic (../analysis) plus what only an open model
 * can say — whether the promised load was delivered, how late the sends were and why, and
 * how much a closed-loop tool would have hidden.
 */

export const OPEN_MODEL_NOTE =
  'Open model: requests leave on a schedule fixed in advance, whatever the server does, and ' +
  'latency is measured from each request\u2019s intended send time (wrk2-style), so a stall ' +
  'counts for every request it delayed. serviceTimeMs keeps the uncorrected send-to-answer time.'

export const OPEN_FLOW_NOTE =
  'Flow on the open model: the rate is walks started per second; each arrival walks every ' +
  'step on one connection. Step 1 counts from the arrival\u2019s intended time; each following ' +
  'step from the previous answer plus its thinkMs (when it was due), so think time is not ' +
  'latency. Late and dropped count arrivals (walks); requests and rps count every step.'

/** The model's notes: the open model's, and a flow's latency basis. */
export const openModelNotes = (config: Pick<HttpLoadConfig, 'scenario'>): string[] =>
  config.scenario === 'flow' ? [OPEN_MODEL_NOTE, OPEN_FLOW_NOTE] : [OPEN_MODEL_NOTE]

/** What the open model's rate counts: requests, or a flow's walks. */
export const rateUnitOf = (config: Pick<HttpLoadConfig, 'scenario'>): string =>
  config.scenario === 'flow' ? 'walks/s' : 'req/s'

/** What the open model's schedule sends: requests, or a flow's walks. */
const arrivalsOf = (config: Pick<HttpLoadConfig, 'scenario'>): string =>
  config.scenario === 'flow' ? 'walks' : 'requests'

/** How long one arrival holds its connection besides its answers: a flow's pauses, ms. */
const pausesMsOf = (config: Pick<HttpLoadConfig, 'scenario' | 'requests'>): number =>
  config.scenario === 'flow' ? config.requests.reduce((sum, q) => sum + (q.thinkMs ?? 0), 0) : 0

/** The share of the target rate below which the run says the load was not delivered. */
export const DELIVERED_TOLERANCE = 0.98

const r = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d

export interface OpenFigures {
  targetRps: number
  sentRps: number
  /** latency, service and send lag summaries (ms) */
  analysis: HttpAnalysis
  delivered: boolean
}

export const toHttpSample = (s: OpenSample, tOffset = 0, step?: number): HttpSample => ({
  t: r(s.t + tOffset, 3),
  rps: s.rps,
  p50: s.p50,
  p95: s.p95,
  p99: s.p99,
  errors: s.errors,
  late: s.late,
  dropped: s.dropped,
  ...(step !== undefined ? { step } : {}),
})

export function countsOf(m: ArrivalRateMeasurement): HttpCounts {
  return {
    statusCodes: { ...m.statusCodes },
    errors: m.transportErrors + m.connectErrors,
    timeouts: m.timeouts,
    bytes: m.bytesIn,
    // completions over the span they happened in: a step past capacity finishes its queue
    // after the schedule ends, and counting those answers in the schedule's seconds would
    // overstate what the server can do
    durationSec: m.cancelled ? m.elapsedSec : m.spanSec,
  }
}

/** The rate the schedule asked for over the part of it that ran. */
export const targetRpsOf = (m: ArrivalRateMeasurement): number =>
  m.elapsedSec > 0 ? m.due / m.elapsedSec : 0

export function analyseOpen(
  config: HttpLoadConfig,
  m: ArrivalRateMeasurement,
  series: readonly HttpSample[],
): HttpAnalysis & { delivered: boolean; sentRps: number; targetRps: number } {
  const targetRps = r(targetRpsOf(m))
  const sentRps = m.elapsedSec > 0 ? r(m.sent / m.elapsedSec) : 0
  const a = analyseHttp({
    histogram: m.latency,
    successHistogram: m.success,
    counts: countsOf(m),
    thresholds: config.thresholds,
    apdexTMs: config.apdexTMs,
    timeoutSec: config.timeoutSec,
    series,
    latencyBasis: 'intended-time',
    openModel: { targetRps, late: m.late, dropped: m.dropped, serviceTime: m.service },
  })
  const delivered = m.dropped === 0 && sentRps >= DELIVERED_TOLERANCE * targetRps
  const unit = rateUnitOf(config)
  const check: ThresholdCheck = {
    metric: 'deliveredRps',
    label:
      config.scenario === 'flow'
        ? 'delivered rate (walks started on schedule)'
        : 'delivered rate (requests sent on schedule)',
    op: '>=',
    limit: r(DELIVERED_TOLERANCE * targetRps),
    value:
      m.dropped === 0
        ? sentRps
        : Math.min(sentRps, r((m.due - m.dropped) / Math.max(m.elapsedSec, 1e-9))),
    unit,
    pass: delivered,
  }
  const findings = [...openFindings(config, m, { targetRps, sentRps, delivered }), ...a.findings]
  const checks = m.due > 0 ? [...a.checks, check] : a.checks
  const status = checks.every((c) => c.pass) ? 'passed' : 'failed'
  return { ...a, checks, findings, status, delivered, sentRps, targetRps }
}

/** Late or undelivered requests that waited for a connection: the limit was connections, not CPU. */
const connectionBound = (m: ArrivalRateMeasurement): boolean =>
  m.lateForConnection >= m.late / 2 || m.dropped > 0

/**
 * Why the open model's own scheduler fell behind — the target rate not delivered although
 * connections were to spare (the case the rate-not-reached finding blames on the generator)
 * — or null. Feeds the suite's generator `clientBound`. Late sends alone do not: on a busy
 * machine a few per cent leave late while the rate is still delivered in full.
 */
export function generatorFellBehind(
  config: HttpLoadConfig,
  m: ArrivalRateMeasurement,
  delivered: boolean,
): string | null {
  if (delivered || m.due === 0 || connectionBound(m)) return null
  if (m.peakConnections >= maxConnectionsOf(config)) return null
  return (
    `the scheduler fell behind: ${m.sent} of ${m.due} due ${arrivalsOf(config)} sent with connections to ` +
    `spare (longest scheduler gap ${r(m.maxLoopGapMs, 1)} ms)`
  )
}

function openFindings(
  config: HttpLoadConfig,
  m: ArrivalRateMeasurement,
  f: { targetRps: number; sentRps: number; delivered: boolean },
): Finding[] {
  const out: Finding[] = []
  const maxConn = maxConnectionsOf(config)
  const service = summarize(m.service)
  const lag = summarize(m.sendLag)
  const completedRps = m.spanSec > 0 ? r(m.completed / m.spanSec) : 0
  const lateShare = m.sent > 0 ? m.late / m.sent : 0
  const connBound = connectionBound(m)
  const flow = config.scenario === 'flow'
  const unit = rateUnitOf(config)
  const what = arrivalsOf(config)
  // how long an arrival holds its connection: a flow's walk, all its steps and pauses
  const holdMs = flow ? config.requests.length * service.mean + pausesMsOf(config) : service.mean
  // Little's law: connections needed to carry the target rate at that holding time
  const needed = Math.ceil((f.targetRps * holdMs) / 1000)

  if (!f.delivered && m.due > 0) {
    const generatorBound = !connBound && m.peakConnections < maxConn
    out.push({
      id: 'http.rate-not-reached',
      severity: 'critical',
      title: `Target rate not reached: ${f.sentRps} of ${f.targetRps} ${unit} sent`,
      detail:
        `The schedule asked for ${m.due} ${what} in ${r(m.elapsedSec, 1)} s; ${m.sent} were sent ` +
        `(${m.late} of them more than ${m.lateBoundMs} ms late) and ${m.dropped} never left because no ` +
        `connection was free in time (limit maxConnections = ${maxConn}, ${m.peakConnections} used). ` +
        `The server completed ${completedRps} req/s with a mean service time of ${service.mean} ms` +
        (needed > 0
          ? `; carrying ${f.targetRps} ${unit} at that ${flow ? 'walk length' : 'service time'} takes about ${needed} connections.`
          : '.'),
      evidence: [
        { label: 'target rate', value: f.targetRps, unit },
        { label: 'sent rate', value: f.sentRps, unit },
        { label: 'completed rate', value: completedRps, unit: 'req/s' },
        { label: 'dropped', value: m.dropped },
        { label: 'late', value: m.late },
        { label: 'peak connections', value: m.peakConnections },
        { label: 'maxConnections', value: maxConn },
        { label: 'mean service time', value: service.mean, unit: 'ms' },
        { label: 'send lag p99', value: lag.p99, unit: 'ms' },
      ],
      recommendation: generatorBound
        ? 'The load generator itself fell behind (its scheduler loop was starved of CPU, longest gap ' +
          `${r(m.maxLoopGapMs, 1)} ms): lower the rate, stop other work on this machine, or split the load over several machines.`
        : needed > maxConn
          ? `Each ${flow ? 'walk' : 'request'} holds its connection ${r(holdMs, 1)} ms on average, so ${f.targetRps} ${unit} needs ~${needed} ` +
            `concurrent connections. If the server should cope, raise maxConnections; if service time grew with ` +
            `the load, the server is saturated near ${completedRps} req/s — that is its capacity at this latency.`
          : `The server is saturated near ${completedRps} req/s: requests queue faster than it answers. ` +
            'Treat that as its capacity, or find what limits it (a worker pool, a lock, a downstream dependency).',
    })
  } else if (lateShare > 0.01) {
    out.push({
      id: 'http.late-sends',
      severity: 'warning',
      title: `${r(lateShare * 100, 1)} % of ${what} left more than ${m.lateBoundMs} ms late`,
      detail:
        `${m.late} of ${m.sent} ${what} were sent late (p99 send lag ${lag.p99} ms); ` +
        `${m.lateForConnection} of them waited for a free connection. Their latency still counts from the ` +
        'intended time, but the server saw a burstier load than planned.',
      evidence: [
        { label: 'late', value: m.late },
        { label: 'waited for a connection', value: m.lateForConnection },
        { label: 'send lag p99', value: lag.p99, unit: 'ms' },
        { label: 'longest scheduler gap', value: r(m.maxLoopGapMs, 2), unit: 'ms' },
      ],
      recommendation: connBound
        ? 'Connections were the bottleneck: raise maxConnections, or expect queueing at this rate.'
        : 'The load generator was short of CPU: run it on a quieter machine or lower the rate.',
    })
  }

  const lat = summarize(m.latency)
  if (m.completed >= 100 && lat.p99 >= 1.5 * service.p99 && lat.p99 - service.p99 >= 1) {
    out.push({
      id: 'http.coordinated-omission',
      severity: 'info',
      title: `Queueing hidden from service time: p99 ${lat.p99} ms from the intended send, ${service.p99} ms from the actual send`,
      detail:
        'Some requests could not leave on time because the server (or the connection limit) held the ' +
        'previous ones. A closed-loop tool measures only the send-to-answer time and would have reported ' +
        `p99 ${service.p99} ms; users arriving on this schedule waited ${lat.p99} ms.`,
      evidence: [
        { label: 'p99 from intended time', value: lat.p99, unit: 'ms' },
        { label: 'p99 service time', value: service.p99, unit: 'ms' },
        { label: 'max from intended time', value: lat.max, unit: 'ms' },
      ],
      recommendation:
        'Look for stalls on the server (GC pauses, lock waits, blocking I/O on the event loop): they delay every request that arrives while they last.',
    })
  }
  return out
}

/**
 * The connection limit of an open-model run: enough for 100 ms of latency at the peak rate (a
 * flow: 100 ms per step plus its pauses, as a walk holds its connection throughout).
 */
export function maxConnectionsOf(config: HttpLoadConfig, peakRate?: number): number {
  if (config.maxConnections !== undefined) return config.maxConnections
  const peak =
    peakRate ??
    Math.max(
      config.rate ?? 0,
      ...(config.stages ?? []).map((s) => s.rate),
      ...(config.sweep?.rates ?? []),
    )
  const steps = config.scenario === 'flow' ? config.requests.length : 1
  const holdMs = 100 * steps + pausesMsOf(config)
  return Math.min(10_000, Math.max(100, Math.ceil((peak * holdMs) / 1000)))
}

export function openNotes(
  config: Pick<HttpLoadConfig, 'scenario'>,
  m: ArrivalRateMeasurement,
  delivered: boolean,
  targetRps: number,
  sentRps: number,
): string[] {
  const lag = summarize(m.sendLag)
  const unit = rateUnitOf(config)
  const notes = [
    ...openModelNotes(config),
    `A request is late when it leaves more than ${m.lateBoundMs} ms after its intended time; dropped ` +
      'requests never left because no connection was free before the run ended or before they had waited ' +
      'timeoutSec.',
    `Send lag (actual − intended send time): p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms; ` +
      `${m.peakConnections} connections at most.`,
  ]
  if (!delivered) {
    notes.push(
      `The target rate was NOT reached: ${sentRps} of ${targetRps} ${unit} sent, ${m.dropped} arrivals dropped, ` +
        `${m.late} late. The latency figures describe the load that was actually delivered.`,
    )
  }
  if (m.cancelled)
    notes.push(
      `Cancelled after ${r(m.elapsedSec, 1)} s; ${m.abandoned} requests were still unanswered.`,
    )
  return notes
}
