import { performance } from 'node:perf_hooks'
import { newHistogram, toMicros } from '../../common/latency'
import { startAlarm, type Alarm } from './alarm'
import { IntervalCounts } from './interval'
import { Connection, type ConnectionEvents, type WireCounters } from './connection'
import { ScenarioRunner, type Answer } from '../scenario/runner'
import { LATE_BOUND_MS, type ArrivalRateMeasurement, type ArrivalRateOptions } from './measurement'

export {
  LATE_BOUND_MS,
  type ArrivalRateMeasurement,
  type ArrivalRateOptions,
  type OpenSample,
  type StatusCounts,
} from './measurement'

const SCAN_EVERY_MS = 50
const MAX_OPEN_PER_TICK = 64

const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6

/**
 * Runs one open-model schedule: every request leaves at its precomputed time on a free
 * keep-alive connection (opening more, up to maxConnections, when none is free), whatever
 * the server is doing. Waiting for a connection is part of the measured latency, because
 * the schedule — not the server — decides when a request is due.
 *
 * In a flow each arrival starts one walk of the steps instead, which holds its connection to
 * the end: step 1 leaves at the arrival's time, each following step when the previous answer
 * came plus its thinkMs. Lateness and drops are counted per arrival; latency per step.
 */
export async function runArrivalRate(o: ArrivalRateOptions): Promise<ArrivalRateMeasurement> {
  const { schedule, endpoint } = o
  const scenario = o.scenario ?? ScenarioRunner.plain(o.requests ?? [])
  // a mix shares one user (no state); in a flow each arrival starts a walk with a user of its own
  const flow = scenario.flow
  const user = scenario.newUser()
  const answer: Answer = { status: 0, latencyMs: 0, body: null, head: null }
  const lateBound = o.lateBoundMs ?? LATE_BOUND_MS
  const sampleEvery = o.sampleEveryMs ?? 1000
  const counters: WireCounters = { bytesIn: 0 }
  const latency = newHistogram()
  const service = newHistogram()
  const success = newHistogram()
  const sendLag = newHistogram()
  const m: ArrivalRateMeasurement = {
    startHrMs: 0,
    elapsedSec: 0,
    spanSec: 0,
    due: 0,
    sent: 0,
    stepsSent: 0,
    completed: 0,
    httpErrors: 0,
    transportErrors: 0,
    connectErrors: 0,
    timeouts: 0,
    late: 0,
    lateForConnection: 0,
    dropped: 0,
    abandoned: 0,
    statusCodes: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    bytesIn: 0,
    latency,
    success,
    service,
    sendLag,
    samples: [],
    cancelled: false,
    peakConnections: 0,
    errorMessages: {},
    maxLoopGapMs: 0,
    cpuMs: 0,
    lateBoundMs: lateBound,
  }

  const idle: Connection[] = []
  /** set while the first connections are being opened */
  let onWarm: (() => void) | null = null
  let firstConnectError: string | null = null
  const live = new Set<Connection>()
  let connecting = 0
  let running = false
  let t0 = 0
  let dueIndex = 0
  let sendIndex = 0
  /** requests below this index were already due when the current pass began */
  let observed = 0
  let inFlight = 0
  let lastAnswerAt = 0
  /** flow: walks started and not ended (on the wire, thinking, or waiting for a new connection) */
  let walking = 0
  const pauses = new Set<NodeJS.Timeout>()
  const iv = new IntervalCounts()

  const noteError = (msg: string): void => {
    m.errorMessages[msg] = (m.errorMessages[msg] ?? 0) + 1
  }

  const intendedOf = (i: number): number => t0 + schedule.timeOf(i) * 1000

  const sendNext = (c: Connection, waited: boolean): void => {
    const i = sendIndex++
    const now = performance.now()
    const intended = intendedOf(i)
    c.intendedAt = intended
    c.sentAt = now
    const lag = now - intended
    if (lag > lateBound) {
      m.late++
      iv.late++
      if (waited) m.lateForConnection++
    }
    sendLag.recordValue(toMicros(lag > 0 ? lag : 0))
    m.sent++
    iv.sent++
    inFlight++
    if (flow) {
      c.user = scenario.newUser()
      walking++
    }
    c.send(scenario.next(c.user!))
  }

  /**
   * A walk's following step, on the connection the walk holds. Its latency counts from its
   * intended time (the previous answer plus thinkMs), so a late timer shows, the pause does not.
   */
  const sendStep = (c: Connection, intended: number): void => {
    c.intendedAt = intended
    c.sentAt = performance.now()
    inFlight++
    m.stepsSent++
    c.send(scenario.next(c.user!))
  }

  const nextStep = (c: Connection, intended: number): void => {
    if (!c.dead) return sendStep(c, intended)
    // the server closed the walk's connection after an answer: the walk goes on over a new one
    const n = open()
    n.user = c.user
    n.resumeAt = intended
  }

  /** After a flow's answer: the walk's next step (after its think time), or its end. */
  const walkOn = (c: Connection, think: number, now: number): void => {
    if (c.user!.step === 0) {
      walking--
      if (!c.dead) offer(c)
      return
    }
    if (think <= 0) return nextStep(c, now)
    const t = setTimeout(() => {
      pauses.delete(t)
      nextStep(c, now + think)
    }, think)
    pauses.add(t)
  }

  /** Request `index` of `c`'s user got no answer: in a flow, the walk ends there. */
  const unanswered = (c: Connection, index: number): void => {
    scenario.failed(index, flow ? c.user : null)
    if (flow) walking--
  }

  const popIdle = (): Connection | undefined => {
    for (;;) {
      const c = idle.pop()
      if (c === undefined || !c.dead) return c
    }
  }

  /** A freed or new connection takes the oldest waiting request, if any. */
  const offer = (c: Connection): void => {
    if (running && sendIndex < dueIndex) sendNext(c, true)
    else idle.push(c)
  }

  const lost = (c: Connection, msg: string, inFlightReq: boolean): void => {
    if (!live.delete(c)) return
    // an idle keep-alive connection closed by the server is no failure: it is just replaced
    if (!c.connected || inFlightReq) noteError(msg)
    if (!c.connected) {
      connecting--
      m.connectErrors++
      firstConnectError ??= msg
      onWarm?.()
      // The walk that waited for this connection ends; else the due request it was opened
      // for fails with it.
      if (c.resumeAt >= 0) {
        unanswered(c, c.user!.step)
        iv.errors++
      } else if (running && sendIndex < dueIndex) {
        sendIndex++
        iv.errors++
      }
    } else if (inFlightReq) {
      unanswered(c, c.index)
      m.transportErrors++
      iv.errors++
      inFlight--
    }
  }

  const events: ConnectionEvents = {
    onReady(c) {
      connecting--
      if (c.resumeAt >= 0) {
        const at = c.resumeAt
        c.resumeAt = -1
        sendStep(c, at)
      } else offer(c)
      onWarm?.()
    },
    onResponse(c, status, now, reusable) {
      inFlight--
      lastAnswerAt = now
      m.completed++
      iv.completed++
      const us = toMicros(now - c.intendedAt)
      latency.recordValue(us)
      iv.latency.recordValue(us)
      service.recordValue(toMicros(now - c.sentAt))
      answer.status = status
      answer.latencyMs = now - c.sentAt
      answer.body = c.lastBody
      answer.head = c.lastHead
      const think = scenario.answered(c.user!, c.index, answer, us)
      if (status >= 500) m.statusCodes['5xx']++
      else if (status >= 400) m.statusCodes['4xx']++
      else if (status >= 300) m.statusCodes['3xx']++
      else if (status >= 200) m.statusCodes['2xx']++
      else m.statusCodes['1xx']++
      if (status >= 400 || status < 200) {
        m.httpErrors++
        iv.errors++
      } else success.recordValue(us)
      if (flow) {
        if (!reusable) live.delete(c)
        walkOn(c, think, now)
      } else if (reusable) offer(c)
      else live.delete(c)
    },
    onFailure(c, err, inFlightReq) {
      lost(c, err.message, inFlightReq)
    },
  }

  const open = (): Connection => {
    const c = new Connection(endpoint, events, counters)
    if (!flow) c.user = user
    connecting++
    live.add(c)
    if (live.size > m.peakConnections) m.peakConnections = live.size
    return c
  }

  const scan = (now: number): void => {
    for (const c of live) {
      if (c.busy && now - c.sentAt > o.timeoutMs) {
        c.destroy()
        live.delete(c)
        m.timeouts++
        unanswered(c, c.index)
        iv.errors++
        inFlight--
        noteError(`no answer within ${o.timeoutMs / 1000} s`)
      } else if (!c.connected && now - c.openedAt > o.timeoutMs) {
        c.destroy()
        lost(c, `connect timed out after ${o.timeoutMs / 1000} s`, false)
      }
    }
  }

  // Open a few connections before the clock starts, so that the first requests do not pay
  // for the handshakes, and so that an unreachable target fails clearly and at once.
  // (a flow's walks also hold theirs through their pauses)
  const holdSec = flow ? scenario.walkBoundMs(0) / 1000 : 0
  const warm = Math.min(
    o.maxConnections,
    64,
    Math.max(2, Math.ceil(schedule.peakRate / 100 + schedule.peakRate * holdSec)),
  )
  await new Promise<void>((resolve, reject) => {
    let pending = warm
    const timer = setTimeout(() => {
      for (const c of [...live]) {
        if (c.connected) continue
        c.destroy()
        lost(c, `connect timed out after ${o.timeoutMs / 1000} s`, false)
      }
    }, o.timeoutMs)
    onWarm = () => {
      if (--pending > 0) return
      onWarm = null
      clearTimeout(timer)
      if (idle.length === 0) {
        reject(
          new Error(`cannot connect to ${endpoint.url}: ${firstConnectError ?? 'no connection'}`),
        )
      } else resolve()
    }
    for (let i = 0; i < warm; i++) open()
  })
  m.peakConnections = live.size

  let tickRef: () => void = () => {}
  const alarm: Alarm = await startAlarm((late) => {
    if (late > m.maxLoopGapMs) m.maxLoopGapMs = late
    tickRef()
  })

  let aborted = o.signal?.aborted ?? false
  const onAbort = (): void => {
    aborted = true
  }
  o.signal?.addEventListener('abort', onAbort)
  const start = o.start ? await o.start() : performance.now()

  return await new Promise<ArrivalRateMeasurement>((resolve) => {
    const cpu0 = process.cpuUsage()
    t0 = start
    m.startHrMs = hrMs() - (performance.now() - t0)
    running = true
    const tEnd = t0 + schedule.durationSec * 1000
    let nextSample = t0 + sampleEvery
    let lastSampleAt = t0
    let nextScan = t0 + SCAN_EVERY_MS
    let lastTick = t0
    let spinning = false
    let drainDeadline = 0

    const emitSample = (now: number): void => {
      const secs = (now - lastSampleAt) / 1000
      if (secs <= 0) return
      const s = iv.toSample((now - t0) / 1000, secs, live.size)
      m.samples.push(s)
      o.onSample?.(s, iv.latency)
      iv.latency.reset()
      iv.reset()
      lastSampleAt = now
    }

    const finish = (): void => {
      o.signal?.removeEventListener('abort', onAbort)
      alarm.close()
      for (const t of pauses) clearTimeout(t)
      const now = performance.now()
      const prev = m.samples[m.samples.length - 1]
      const restSec = (now - lastSampleAt) / 1000
      // the drain after the last send is a fraction of a second: it joins the last full second
      if (prev && restSec < 0.5) {
        const prevSec = prev.t - (m.samples[m.samples.length - 2]?.t ?? 0)
        iv.foldInto(prev, prevSec, restSec, (now - t0) / 1000)
      } else if (now - lastSampleAt > 50 || iv.completed > 0 || iv.errors > 0) emitSample(now)
      if (m.cancelled) m.abandoned = inFlight
      else if (inFlight > 0) {
        // still unanswered at the end of the drain: they timed out
        m.timeouts += inFlight
        noteError('no answer before the run ended')
      }
      for (const c of live) c.destroy()
      live.clear()
      iv.latency.destroy()
      m.due = dueIndex
      m.spanSec = Math.max(m.elapsedSec, (lastAnswerAt - t0) / 1000)
      m.bytesIn = counters.bytesIn
      const cpu = process.cpuUsage(cpu0)
      m.cpuMs = (cpu.user + cpu.system) / 1000
      resolve(m)
    }

    const stopSending = (now: number): void => {
      running = false
      alarm.clear()
      m.elapsedSec = (Math.min(now, tEnd) - t0) / 1000
      // Whatever is still waiting for a connection was never sent within the run.
      const left = dueIndex - sendIndex
      if (left > 0 && !aborted) {
        m.dropped += left
        iv.dropped += left
      }
      sendIndex = dueIndex
      // a flow's walks under way go on to their end (each step answers or times out)
      drainDeadline =
        now + (aborted ? 0 : o.timeoutMs + (flow ? scenario.walkBoundMs(o.timeoutMs) : 0))
    }

    const drain = (): void => {
      const now = performance.now()
      if (now >= nextSample) {
        emitSample(now)
        nextSample += sampleEvery
      }
      if (now >= nextScan) {
        scan(now)
        nextScan = now + SCAN_EVERY_MS
      }
      if (aborted) m.cancelled = true
      if ((inFlight <= 0 && walking <= 0) || aborted || now >= drainDeadline) finish()
      else setTimeout(drain, 2)
    }

    const tick = (): void => {
      const now = performance.now()
      if (spinning && now - lastTick > m.maxLoopGapMs) m.maxLoopGapMs = now - lastTick
      lastTick = now
      if (aborted) {
        m.cancelled = true
        stopSending(now)
        drain()
        return
      }
      const due = Math.min(schedule.total, schedule.countAt((now - t0) / 1000))
      if (due > dueIndex) {
        iv.due += due - dueIndex
        dueIndex = due
      }
      while (sendIndex < dueIndex) {
        const c = popIdle()
        if (c === undefined) break
        sendNext(c, sendIndex < observed)
      }
      observed = dueIndex
      // A request that waited longer than the timeout for a connection would only have timed out.
      while (sendIndex < dueIndex && now - intendedOf(sendIndex) > o.timeoutMs) {
        sendIndex++
        m.dropped++
        iv.dropped++
      }
      const backlog = dueIndex - sendIndex
      if (backlog > connecting) {
        const n = Math.min(backlog - connecting, o.maxConnections - live.size, MAX_OPEN_PER_TICK)
        for (let k = 0; k < n; k++) open()
      }
      if (now >= nextScan) {
        scan(now)
        nextScan = now + SCAN_EVERY_MS
      }
      if (now >= nextSample) {
        emitSample(now)
        nextSample += sampleEvery
        if (nextSample < now) nextSample = now + sampleEvery
      }
      if (dueIndex >= schedule.total && now >= tEnd) {
        stopSending(now)
        drain()
        return
      }
      const nextDue = dueIndex < schedule.total ? intendedOf(dueIndex) : tEnd
      const wake = Math.min(nextDue, nextSample, nextScan, tEnd)
      // Sleep (the loop still handles every answer as it arrives) until the alarm's lead
      // before the next due time, then spin on setImmediate up to it. Requests waiting for a
      // connection need no spinning: a freed or new connection takes them at once (offer).
      const lead = alarm.lead
      if (wake - performance.now() > lead) {
        spinning = false
        alarm.set(wake - lead)
      } else {
        spinning = true
        setImmediate(tick)
      }
    }
    tickRef = tick
    tick()
  })
}
