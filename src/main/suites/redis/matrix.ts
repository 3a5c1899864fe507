import { randomBytes } from 'node:crypto'
import type { Histogram } from 'hdr-histogram-js'
import type { Redis } from 'ioredis'
import type { RedisLatencyBend, RedisMatrixCell, RedisSample } from '@shared/index'
import { encodeHistogram, newHistogram, summarize } from '../common/latency'
import { removePrefix } from './cleanup'
import type { MatrixStep } from './config'
import { keyCountFor, operations } from './operations'
import type { ClientState, StepKeys } from './operations'
import { bounded, CancelledError, errorText, isReplyError, RedisLostError } from './run-control'

export interface MatrixEnv {
  clients: Redis[]
  /** the suite's key prefix, `perfdesk:<runId>:<suite>:` */
  keyPrefix: string
  durationMs: number
  timeoutMs: number
  signal: AbortSignal
  /** seconds since the suite started */
  elapsed(): number
  /** a live sample with the step's label */
  emit(sample: RedisSample, label: string): void
  /** a live progress update with no measurement (e.g. while preparing keys) */
  mark(step: number, label: string): void
}

export interface MatrixOutcome {
  cells: RedisMatrixCell[]
  merged: Histogram
  /** set when the server was lost: the step it happened in */
  failure?: { step: MatrixStep; error: Error }
  cancelled: boolean
}

/**
 * Runs every step in order. Reads get their keys before timing; after each operation and size
 * its keys are removed so that memory stays bounded. A lost server ends the matrix; what was
 * measured so far is kept (the interrupted step as a partial cell when it measured anything).
 */
export async function runMatrix(env: MatrixEnv, steps: MatrixStep[]): Promise<MatrixOutcome> {
  const cells: RedisMatrixCell[] = []
  const merged = newHistogram()
  const control = env.clients[0]
  if (!control) throw new Error('no client')
  const payloads = new Map<number, Buffer>()
  let populated = ''
  try {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!
      const group = `${env.keyPrefix}m:${step.operation}:${step.payloadBytes}:`
      const bytes = Math.max(1, step.payloadBytes)
      if (!payloads.has(bytes)) payloads.set(bytes, randomBytes(bytes))
      const keys: StepKeys = {
        prefix: group,
        payload: payloads.get(bytes)!,
        payloadBytes: step.payloadBytes,
        keyCount: keyCountFor(bytes),
        growBudget: Math.max(4 * 1024 * 1024, Math.floor((32 * 1024 * 1024) / env.clients.length)),
      }
      const op = operations[step.operation]
      if (op.populate && populated !== group) {
        env.mark(step.index, `preparing ${step.label}`)
        await op.populate(control, keys, env.timeoutMs, env.signal)
        populated = group
      }
      if (i === 0) {
        // untimed warm-up: the first step would otherwise also measure the JIT and connection setup
        await runStep(
          { ...env, emit: () => {} },
          step,
          keys,
          Math.min(1000, Math.max(300, env.durationMs)),
        )
      }
      const out = await runStep(env, step, keys)
      merged.add(out.histogram)
      if (out.cell.commands > 0 || !out.error) cells.push(out.cell)
      if (out.error instanceof CancelledError) return { cells, merged, cancelled: true }
      if (out.error) return { cells, merged, failure: { step, error: out.error }, cancelled: false }
      const next = steps[i + 1]
      if (!next || next.operation !== step.operation || next.payloadBytes !== step.payloadBytes) {
        await removePrefix(control, group, { timeoutMs: env.timeoutMs, signal: env.signal })
        populated = ''
      }
    }
    return { cells, merged, cancelled: false }
  } catch (err) {
    if (err instanceof CancelledError || env.signal.aborted)
      return { cells, merged, cancelled: true }
    const step = steps[cells.length] ?? steps[steps.length - 1]!
    return {
      cells,
      merged,
      failure: { step, error: err instanceof Error ? err : new Error(String(err)) },
      cancelled: false,
    }
  }
}

interface StepOutcome {
  cell: RedisMatrixCell
  histogram: Histogram
  /** CancelledError, or the error that lost the server */
  error?: Error
}

/**
 * One step: every connection sends batches of `pipeline` commands back to back for the step's
 * duration. A pipelined command's latency is its batch's round trip (recorded once per
 * command): that is when the application gets its answer. Error replies are counted; a
 * timeout or a closed connection ends the step.
 */
async function runStep(
  env: MatrixEnv,
  step: MatrixStep,
  keys: StepKeys,
  durationMs = env.durationMs,
): Promise<StepOutcome> {
  const op = operations[step.operation]
  const histogram = newHistogram()
  let interval = newHistogram()
  let intervalErrors = 0
  let intervalStart = performance.now()
  let lastEmit = intervalStart
  let errors = 0
  let firstError: string | undefined
  let commands = 0
  let timedUs = 0
  let next = 0
  let stop = false
  let fatal: Error | undefined
  const started = performance.now()
  const deadline = started + durationMs

  const emitInterval = (): void => {
    const now = performance.now()
    const secs = (now - intervalStart) / 1000
    const s = summarize(interval)
    env.emit(
      {
        t: round2(env.elapsed()),
        step: step.index,
        opsPerSec: secs > 0 ? Math.round(interval.totalCount / secs) : 0,
        p50: s.p50,
        p99: s.p99,
        errors: intervalErrors,
      },
      step.label,
    )
    interval = newHistogram()
    intervalErrors = 0
    intervalStart = now
    lastEmit = now
  }
  const ticker = setInterval(() => {
    if (performance.now() - lastEmit >= 1000) emitInterval()
  }, 250)

  const countError = (err: unknown): void => {
    errors++
    intervalErrors++
    firstError ??= errorText(err)
  }

  const loop = async (client: Redis, index: number): Promise<void> => {
    const state: ClientState = { index, bytesSinceReset: 0 }
    while (!stop) {
      const first = next
      next += step.pipeline
      const setup = op.prepare?.(client, keys, state, first, step.pipeline)
      if (setup) await bounded(setup, env.timeoutMs, env.signal)
      const t0 = process.hrtime.bigint()
      let ok = 0
      if (step.pipeline === 1) {
        const [name, args] = op.command(keys, state, first)
        try {
          await bounded(client.callBuffer(name, args), env.timeoutMs, env.signal)
          ok = 1
        } catch (err) {
          if (!isReplyError(err)) throw err
          countError(err)
        }
      } else {
        const p = client.pipeline()
        for (let n = first; n < first + step.pipeline; n++) {
          const [name, args] = op.command(keys, state, n)
          p.callBuffer(name, args)
        }
        const replies = await bounded(p.exec(), env.timeoutMs, env.signal)
        if (!replies) throw new RedisLostError('the pipeline was discarded')
        for (const [err] of replies) {
          if (!err) ok++
          else if (isReplyError(err)) countError(err)
          else throw new RedisLostError(errorText(err))
        }
      }
      const us = Number(process.hrtime.bigint() - t0) / 1000
      timedUs += us
      if (ok > 0) {
        const v = Math.max(1, Math.round(us))
        histogram.recordValueWithCount(v, ok)
        interval.recordValueWithCount(v, ok)
        commands += ok
      }
      if (performance.now() >= deadline) break
    }
  }

  const loops = env.clients.map((c, i) =>
    loop(c, i).catch((err: unknown) => {
      stop = true
      fatal ??= err instanceof Error ? err : new Error(String(err))
    }),
  )
  await Promise.all(loops)
  clearInterval(ticker)
  emitInterval()

  const wallSec = (performance.now() - started) / 1000
  // del re-creates its keys between batches: count only the timed part, per connection
  const busySec = timedUs / 1e6 / env.clients.length
  const basisSec = op.untimedSetup ? busySec : wallSec
  const cell: RedisMatrixCell = {
    operation: step.operation,
    payloadBytes: step.payloadBytes,
    pipeline: step.pipeline,
    opsPerSec: basisSec > 0 ? Math.round(commands / basisSec) : 0,
    latencyMs: summarize(histogram),
    errors,
    commands,
    durationSec: round2(wallSec),
    ...(firstError !== undefined ? { firstError } : {}),
    histogram: encodeHistogram(histogram),
    ...(fatal ? { partial: true } : {}),
  }
  return {
    cell,
    histogram,
    ...(fatal ? { error: env.signal.aborted ? new CancelledError() : fatal } : {}),
  }
}

const round2 = (v: number): number => Math.round(v * 100) / 100

/**
 * Where latency bends: per operation and depth, the first payload size whose p99 reaches twice
 * the smallest size's p99 — the point past which size, not the round trip, dominates.
 */
export function latencyBends(cells: RedisMatrixCell[]): RedisLatencyBend[] {
  const groups = new Map<string, RedisMatrixCell[]>()
  for (const c of cells) {
    if (c.payloadBytes === 0 || c.commands === 0 || c.partial) continue
    const k = `${c.operation}|${c.pipeline}`
    groups.set(k, [...(groups.get(k) ?? []), c])
  }
  const out: RedisLatencyBend[] = []
  for (const group of groups.values()) {
    if (group.length < 2) continue
    group.sort((a, b) => a.payloadBytes - b.payloadBytes)
    const base = group[0]!
    const last = group[group.length - 1]!
    const bend = group
      .slice(1)
      .find((c) => base.latencyMs.p99 > 0 && c.latencyMs.p99 >= 2 * base.latencyMs.p99)
    out.push({
      operation: base.operation,
      pipeline: base.pipeline,
      baselineBytes: base.payloadBytes,
      baselineP99Ms: base.latencyMs.p99,
      bendBytes: bend?.payloadBytes ?? null,
      bendP99Ms: bend?.latencyMs.p99 ?? null,
      growth: base.latencyMs.p99 > 0 ? round2(last.latencyMs.p99 / base.latencyMs.p99) : 0,
    })
  }
  return out
}
