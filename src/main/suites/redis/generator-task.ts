import type { Redis } from 'ioredis'
import type { RedisOperation, RedisTarget } from '@shared/index'
import type { IntervalPart } from '../../analysis/hdr-merge'
import { connectRedis } from '../../targets/redis'
import { ThreadMeter } from '../common/generator/meter'
import type { GeneratorIO, GeneratorTask } from '../common/generator/task'
import { encodeHistogram, newHistogram } from '../common/latency'
import { runIoredisLoop } from './hot-loop-ioredis'
import { rawConnections, runRawLoop, type LoopPlan, type LoopStats } from './hot-loop'
import { operations } from './operations'
import { connectResp, respEndpoint, type RespSocket } from './resp'
import { CancelledError, errorText, RedisLostError } from './run-control'

/** One matrix step for one generator thread: its share of the clients. Structured-cloneable. */
export interface StepPayload {
  target: RedisTarget
  operation: RedisOperation
  pipeline: number
  keys: {
    prefix: string
    payload: Uint8Array
    payloadBytes: number
    keyCount: number
    growBudget: number
    ttlSec: number
  }
  clients: number
  /** index of this thread's first client over all threads (per-connection keys stay distinct) */
  clientBase: number
  durationMs: number
  /** untimed run before measuring (JIT, connection warm-up) */
  warmupMs: number
  timeoutMs: number
  /** Date.now() the step's seconds are counted from, the same for every thread */
  originMs: number
  /** 'resp': the hand-written RESP loop; 'ioredis': the fallback for TLS targets */
  engine: 'resp' | 'ioredis'
}

export type StepCounts = { errors: number; ms: number }
export type StepInterval = IntervalPart<StepCounts>

/** What one thread measured in one step; the coordinator merges parts exactly. */
export interface StepPart {
  histogram: string
  counts: { commands: number; errors: number; timedUs: number }
  /** seconds measured (after the warm-up) */
  wallSec: number
  clients: number
  /** CPU seconds this thread spent over the measured seconds (the process's where unknown) */
  cpuSec: number
  /**
   * 0–1 over the measured seconds only (no connect, no warm-up): the larger of the event-loop
   * utilization and the share of the CPU it could have that it used or waited for (ThreadMeter)
   */
  busy: number
  /** p99 event-loop delay over the measured seconds, ms (a fresh thread's start-up left out) */
  delayP99Ms: number
  firstError?: string
  /** why the thread stopped early */
  fatal?: { kind: 'cancelled' | 'lost'; message: string }
}

function freshStats(): LoopStats {
  return {
    histogram: newHistogram(),
    interval: newHistogram(),
    recording: false,
    commands: 0,
    errors: 0,
    intervalErrors: 0,
    firstError: undefined,
    timedUs: 0,
  }
}

/** Posts one interval per second of the step (seconds counted from the shared origin). */
function intervalReporter(stats: LoopStats, origin: number, post: (i: StepInterval) => void) {
  let second = Math.floor((Date.now() - origin) / 1000)
  let started = performance.now()
  const flush = (): void => {
    const now = performance.now()
    post({
      second,
      histogram: encodeHistogram(stats.interval),
      counts: { errors: stats.intervalErrors, ms: now - started },
    })
    stats.interval.reset()
    stats.intervalErrors = 0
    started = now
  }
  const timer = setInterval(() => {
    const current = Math.floor((Date.now() - origin) / 1000)
    if (current > second) {
      flush()
      second = current
    }
  }, 100)
  return {
    stop(): void {
      clearInterval(timer)
      flush()
    },
  }
}

export const redisStepTask: GeneratorTask<StepPayload, StepInterval, StepPart> = {
  async run(p: StepPayload, io: GeneratorIO<StepInterval>): Promise<StepPart> {
    const op = operations[p.operation]
    const payload = Buffer.from(
      p.keys.payload.buffer,
      p.keys.payload.byteOffset,
      p.keys.payload.byteLength,
    )
    const plan: LoopPlan = {
      op,
      keys: { ...p.keys, payload },
      pipeline: p.pipeline,
      timeoutMs: p.timeoutMs,
      signal: io.signal,
    }
    const stats = freshStats()
    const sockets: RespSocket[] = []
    const clients: Redis[] = []
    let wallSec = 0
    let cpuSec = 0
    let busy = 0
    let delayP99Ms = 0
    let fatal: Error | undefined
    try {
      if (p.engine === 'resp') {
        const ep = respEndpoint(p.target)
        const connected = await Promise.allSettled(
          Array.from({ length: p.clients }, (_, i) =>
            connectResp(ep, p.timeoutMs, `perfdesk-load-${p.clientBase + i}`),
          ),
        )
        for (const c of connected) if (c.status === 'fulfilled') sockets.push(c.value)
        const failed = connected.find((c) => c.status === 'rejected')
        if (failed) throw new RedisLostError(errorText(failed.reason))
      } else {
        for (let i = 0; i < p.clients; i++)
          clients.push(
            await connectRedis(p.target, {
              commandTimeoutMs: p.timeoutMs,
              name: `perfdesk-load-${p.clientBase + i}`,
            }),
          )
      }
      const raw = p.engine === 'resp' ? rawConnections(sockets, plan, p.clientBase) : null
      const run = (ms: number): Promise<Error | undefined> =>
        raw
          ? runRawLoop(raw, plan, stats, ms)
          : runIoredisLoop(clients, plan, stats, ms, p.clientBase)
      if (p.warmupMs > 0) fatal = await run(p.warmupMs)
      if (!fatal) {
        stats.recording = true
        stats.interval.reset()
        const reporter = intervalReporter(stats, p.originMs, io.interval)
        const meter = new ThreadMeter()
        fatal = await run(p.durationMs)
        const used = meter.stop()
        delayP99Ms = used.eventLoopDelayP99Ms
        wallSec = used.wallMs / 1000
        cpuSec = used.cpuSec
        busy = Math.max(used.busy, used.cpuShare)
        reporter.stop()
      }
    } catch (err) {
      fatal = err instanceof Error ? err : new Error(String(err))
    } finally {
      for (const s of sockets) s.socket.destroy()
      for (const c of clients) c.disconnect()
    }
    if (io.signal.aborted) fatal = new CancelledError()
    const part: StepPart = {
      histogram: encodeHistogram(stats.histogram),
      counts: { commands: stats.commands, errors: stats.errors, timedUs: stats.timedUs },
      wallSec,
      clients: p.clients,
      cpuSec,
      busy,
      delayP99Ms,
      ...(stats.firstError !== undefined ? { firstError: stats.firstError } : {}),
      ...(fatal
        ? {
            fatal: {
              kind: fatal instanceof CancelledError ? ('cancelled' as const) : ('lost' as const),
              message: fatal.message,
            },
          }
        : {}),
    }
    stats.histogram.destroy()
    stats.interval.destroy()
    return part
  },
}
