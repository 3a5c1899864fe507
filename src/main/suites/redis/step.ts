import type { Histogram } from 'hdr-histogram-js'
import type { RedisMatrixCell, RedisSample, RedisTarget } from '@shared/index'
import { mergeHistogramList, mergeIntervals, sumCounts } from '../../analysis/hdr-merge'
import { judgeGenerator, runGeneratorThreads, splitEvenly } from '../common/generator'
import { decodeHistogram, encodeHistogram, summarize } from '../common/latency'
import type { MatrixStep } from './config'
import type { StepInterval, StepPart, StepPayload } from './generator-task'
import { operations, type StepKeys } from './operations'
import { CancelledError, RedisLostError } from './run-control'

export interface StepEnv {
  target: RedisTarget
  clients: number
  threads: number
  engine: StepPayload['engine']
  timeoutMs: number
  signal: AbortSignal
  /** seconds since the suite started */
  elapsed(): number
  emit(sample: RedisSample, label: string): void
}

export interface StepOutcome {
  cell: RedisMatrixCell
  histogram: Histogram
  /** CancelledError, or the error that lost the server */
  error?: Error
}

const round2 = (v: number): number => Math.round(v * 100) / 100

/**
 * One step: the clients, split over the generator threads, each send batches of `pipeline`
 * commands back to back for `durationMs`. A pipelined command's latency is its batch's round
 * trip (recorded once per command): that is when the application gets its answer. The
 * threads' histograms, counters and per-second intervals are merged exactly.
 */
export async function runStep(
  env: StepEnv,
  step: MatrixStep,
  keys: StepKeys,
  durationMs: number,
  warmupMs: number,
): Promise<StepOutcome> {
  const op = operations[step.operation]
  const shares = splitEvenly(env.clients, env.threads)
  const bases = shares.map((_, i) => shares.slice(0, i).reduce((a, b) => a + b, 0))
  const originMs = Date.now()
  const payload = new Uint8Array(keys.payload.buffer, keys.payload.byteOffset, keys.payload.length)

  // per-second samples: a second is shown once every thread has reported it (or at the end)
  const pending: StepInterval[] = []
  const latest = shares.map(() => -1)
  const flush = (upTo: number): void => {
    const ready = pending.filter((p) => p.second <= upTo)
    if (ready.length === 0) return
    for (const m of mergeIntervals(ready)) {
      const secs = m.counts.ms / m.sources / 1000
      env.emit(
        {
          t: round2(env.elapsed()),
          step: step.index,
          opsPerSec: secs > 0 ? Math.round(m.count / secs) : 0,
          p50: m.latency.p50,
          p99: m.latency.p99,
          errors: m.counts.errors,
        },
        step.label,
      )
    }
    const rest = pending.filter((p) => p.second > upTo)
    pending.length = 0
    pending.push(...rest)
  }

  const run = await runGeneratorThreads<StepPayload, StepInterval, StepPart>({
    kind: 'redis',
    threads: shares.length,
    signal: env.signal,
    payload: (i) => ({
      target: env.target,
      operation: step.operation,
      pipeline: step.pipeline,
      keys: { ...keys, payload },
      clients: shares[i]!,
      clientBase: bases[i]!,
      durationMs,
      warmupMs,
      timeoutMs: env.timeoutMs,
      originMs,
      engine: env.engine,
    }),
    onInterval: (thread, data) => {
      pending.push(data)
      latest[thread] = Math.max(latest[thread]!, data.second)
      flush(Math.min(...latest))
    },
  })
  flush(Number.POSITIVE_INFINITY)

  const parts = run.parts
  const decoded = parts.map((p) => decodeHistogram(p.histogram))
  const histogram = mergeHistogramList(decoded)
  for (const h of decoded) h.destroy()
  const counts = sumCounts(parts.map((p) => p.counts))
  // del re-creates its keys between batches: its rate counts only the timed part, per connection
  const opsPerSec = parts.reduce((sum, p) => {
    const basis = op.untimedSetup ? p.counts.timedUs / 1e6 / Math.max(1, p.clients) : p.wallSec
    return sum + (basis > 0 ? p.counts.commands / basis : 0)
  }, 0)
  const fatal = parts.find((p) => p.fatal)?.fatal
  const threadError = run.errors[0]
  const error = env.signal.aborted
    ? new CancelledError()
    : fatal
      ? fatal.kind === 'cancelled'
        ? new CancelledError()
        : new RedisLostError(fatal.message)
      : threadError
        ? new Error(threadError)
        : undefined
  const firstError = parts.find((p) => p.firstError)?.firstError
  const cell: RedisMatrixCell = {
    operation: step.operation,
    payloadBytes: step.payloadBytes,
    pipeline: step.pipeline,
    opsPerSec: Math.round(opsPerSec),
    latencyMs: summarize(histogram),
    errors: counts.errors,
    commands: counts.commands,
    durationSec: round2(Math.max(0, ...parts.map((p) => p.wallSec))),
    ...(firstError !== undefined ? { firstError } : {}),
    histogram: encodeHistogram(histogram),
    ...(error ? { partial: true } : {}),
    // each thread's own readings over the measured seconds (not its start-up, connect, warm-up)
    generator: judgeGenerator(
      run.meters.map((m, i) => {
        const part = parts[i]
        return part ? { ...m, busy: part.busy, eventLoopDelayP99Ms: part.delayP99Ms } : m
      }),
      {
        cpuSec: parts.reduce((s, p) => s + p.cpuSec, 0),
        operations: counts.commands,
      },
    ),
  }
  return { cell, histogram, ...(error ? { error } : {}) }
}
