import { randomBytes } from 'node:crypto'
import type { Histogram } from 'hdr-histogram-js'
import type { Redis } from 'ioredis'
import type { RedisLatencyBend, RedisMatrixCell } from '@shared/index'
import { newHistogram } from '../common/latency'
import { removePrefix } from './cleanup'
import type { MatrixStep } from './config'
import { keyCountFor, operations, seedStep } from './operations'
import type { StepKeys } from './operations'
import { CancelledError } from './run-control'
import { runStep, type StepEnv } from './step'

export interface MatrixEnv extends StepEnv {
  /** the ioredis connection for untimed work: populating, seeding, removing a step's keys */
  control: Redis
  /** the suite's key prefix, `perfdesk:<runId>:<suite>:` */
  keyPrefix: string
  durationMs: number
  /** every key is written with this TTL */
  ttlSec: number
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
 * Runs every step in order. Reads get their keys before timing, writes their keys (with the
 * safety TTL); after each operation and size its keys are removed so that memory stays
 * bounded. A lost server ends the matrix; what was measured so far is kept (the interrupted
 * step as a partial cell when it measured anything).
 */
export async function runMatrix(env: MatrixEnv, steps: MatrixStep[]): Promise<MatrixOutcome> {
  const cells: RedisMatrixCell[] = []
  const merged = newHistogram()
  const control = env.control
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
        growBudget: Math.max(4 * 1024 * 1024, Math.floor((32 * 1024 * 1024) / env.clients)),
        ttlSec: env.ttlSec,
      }
      const op = operations[step.operation]
      if (op.populate && populated !== group) {
        env.mark(step.index, `preparing ${step.label}`)
        await op.populate(control, keys, env.timeoutMs, env.signal)
        populated = group
      }
      await seedStep(control, op, keys, env.clients, env.timeoutMs, env.signal)
      // untimed warm-up: the first step would otherwise also measure the JIT and connection
      // setup; fresh generator threads (more than one) warm up at every step
      const warmupMs =
        i === 0
          ? Math.min(1000, Math.max(300, env.durationMs))
          : env.threads > 1
            ? Math.min(300, env.durationMs)
            : 0
      const out = await runStep(env, step, keys, env.durationMs, warmupMs)
      merged.add(out.histogram)
      out.histogram.destroy()
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
