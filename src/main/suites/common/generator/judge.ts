import type { Finding, GeneratorStats } from '@shared/index'
import type { ThreadMeterReading } from './meter'

/**
 * A generator thread whose event loop was busy this share of the time had no slack left: the
 * load it made was limited by PerfDesk, not by the target. Against a slow target the loop
 * mostly waits for answers (a 30 ms server with 10 connections keeps it under 5 % busy).
 */
export const CLIENT_BOUND_BUSY = 0.85
/**
 * A thread that waited this share of the time for a CPU it was ready to use was starved: a
 * CPU quota (container limit) or other processes on its cores. Its event loop can look idle
 * meanwhile, because a throttled thread's wait for I/O counts as idle. Measured here: 46 %
 * under a 25 %-of-a-core cgroup quota against a fast server, 4.5 % against a 30 ms server on
 * a machine at load 16, 17 % for an unconfined generator driving a fast server at that load.
 */
export const CLIENT_BOUND_CPU_WAIT = 0.3
/**
 * ...but only for a thread with work to do: one that mostly waits for answers (a slow
 * target) also queues for a CPU at every wake-up on a busy machine — 45 % of the time at
 * load 20 here — without being what limits the load (its event loop was busy 3–4 %; a quota-starved
 * one against a fast target 18–28 %).
 */
export const CLIENT_BOUND_WAIT_BUSY = 0.1
/** A loop this late on its timers was starved of CPU even when it looked idle in between. */
export const CLIENT_BOUND_DELAY_MS = 50

const r3 = (v: number): number => Math.round(v * 1000) / 1000

/** Folds the per-thread readings of one measured window into the suite's generator stats. */
export function judgeGenerator(
  readings: readonly ThreadMeterReading[],
  o: { cpuSec: number; operations: number },
): GeneratorStats {
  const threads = Math.max(1, readings.length)
  const busy = readings.reduce((m, r) => Math.max(m, r.busy), 0)
  const busyMean = readings.length ? readings.reduce((s, r) => s + r.busy, 0) / readings.length : 0
  const delay = readings.reduce((m, r) => Math.max(m, r.eventLoopDelayP99Ms), 0)
  const cpuSec = Math.max(0, o.cpuSec)
  const wait = readings.reduce(
    (m, r) => (r.cpuWaitMs !== undefined && r.wallMs > 0 ? Math.max(m, r.cpuWaitMs / r.wallMs) : m),
    0,
  )
  const starved = busy >= CLIENT_BOUND_BUSY
  const late = delay >= CLIENT_BOUND_DELAY_MS && busy >= 0.5
  const waited = wait >= CLIENT_BOUND_CPU_WAIT && busy >= CLIENT_BOUND_WAIT_BUSY
  const clientBound = starved || late || waited
  const reason = starved
    ? `a generator thread was busy ${Math.round(busy * 100)} % of the time (limit ${Math.round(CLIENT_BOUND_BUSY * 100)} %)`
    : late
      ? `generator timers ran ${r3(delay)} ms late at p99 while busy ${Math.round(busy * 100)} %`
      : waited
        ? `a generator thread waited for a CPU ${Math.round(wait * 100)} % of the time (limit ${Math.round(CLIENT_BOUND_CPU_WAIT * 100)} %): a CPU quota or other processes starved it`
        : `generator threads busy at most ${Math.round(busy * 100)} %, waited for a CPU at most ${Math.round(wait * 100)} %, timers ${r3(delay)} ms late at p99`
  return {
    threads,
    busy: r3(busy),
    busyMean: r3(busyMean),
    eventLoopDelayP99Ms: r3(delay),
    cpuSec: r3(cpuSec),
    opsPerCpuSec: cpuSec > 0 ? Math.round(o.operations / cpuSec) : null,
    clientBound,
    reason,
  }
}

/** Combines the stats of several windows (sweep steps, matrix cells) into one for the suite. */
export function combineGenerator(parts: readonly GeneratorStats[]): GeneratorStats | undefined {
  if (parts.length === 0) return undefined
  const cpuSec = parts.reduce((s, p) => s + p.cpuSec, 0)
  const ops = parts.reduce((s, p) => s + (p.opsPerCpuSec ?? 0) * p.cpuSec, 0)
  const bound = parts.filter((p) => p.clientBound)
  return {
    threads: Math.max(...parts.map((p) => p.threads)),
    busy: Math.max(...parts.map((p) => p.busy)),
    busyMean: r3(parts.reduce((s, p) => s + (p.busyMean ?? p.busy), 0) / parts.length),
    eventLoopDelayP99Ms: Math.max(...parts.map((p) => p.eventLoopDelayP99Ms)),
    cpuSec: r3(cpuSec),
    opsPerCpuSec: cpuSec > 0 ? Math.round(ops / cpuSec) : null,
    clientBound: bound.length > 0,
    reason:
      bound.length > 0
        ? `client-bound in ${bound.length} of ${parts.length} measurements: ${bound[0]!.reason ?? ''}`
        : `not client-bound in any of ${parts.length} measurements`,
  }
}

export type ClientBoundPrefix = 'http' | 'pg' | 'redis'

const WHAT: Record<ClientBoundPrefix, string> = {
  http: 'requests per second',
  pg: 'transactions per second',
  redis: 'operations per second',
}

/**
 * The warning every suite carries when its generator was the limit: the throughput it reports
 * is a lower bound for the server. `where` names the step or cell ("pool 16", "GET 100 B ×16").
 */
export function clientBoundFinding(
  prefix: ClientBoundPrefix,
  g: GeneratorStats,
  o: { suiteIndex?: number; where?: string[] } = {},
): Finding | null {
  if (!g.clientBound) return null
  const where = o.where?.length ? ` (in ${o.where.join(', ')})` : ''
  return {
    id: `${prefix}.client-bound`,
    severity: 'warning',
    title: `PerfDesk's load generator was the limit${where}`,
    detail:
      `The ${WHAT[prefix]} reported are a lower bound for the server: ${g.reason ?? 'the generator had no slack'}. ` +
      'The target may well be faster than this run shows.',
    evidence: [
      { label: 'generator threads', value: g.threads },
      { label: 'busiest thread busy', value: Math.round(g.busy * 1000) / 10, unit: '%' },
      { label: 'event-loop delay p99', value: g.eventLoopDelayP99Ms, unit: 'ms' },
      { label: 'generator CPU', value: g.cpuSec, unit: 's' },
      ...(g.opsPerCpuSec != null
        ? [{ label: 'operations per CPU-second', value: g.opsPerCpuSec }]
        : []),
    ],
    recommendation:
      'Give the generator more room: raise `threads` (or "auto" for one per spare core), run ' +
      'PerfDesk on another machine than the target, or split the load over shards ' +
      '(`perfdesk run --shard i/N`). Close other CPU-heavy programs on the generating machine.',
    ...(o.suiteIndex !== undefined ? { suiteIndex: o.suiteIndex } : {}),
    impact: 0.5,
  }
}
