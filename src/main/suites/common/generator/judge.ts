import type { Finding, GeneratorStats } from '@shared/index'
import type { ThreadMeterReading } from './meter'

/**
 * A generator thread whose event loop was busy this share of the time had no slack left: the
 * load it made was limited by PerfDesk, not by the target. Against a slow target the loop
 * mostly waits for answers (a 30 ms server with 10 connections keeps it under 5 % busy).
 */
export const CLIENT_BOUND_BUSY = 0.85
/**
 * A generator whose CPU quota (a container limit, a cgroup) throttled it this share of the
 * time wanted more CPU than it was allowed: it was the limit. Its event loop can look idle
 * meanwhile, since a throttled wait for I/O counts as idle. Measured here: 15 % of the time
 * under a 25 %-of-a-core quota against a fast server on a machine at load 16 (it would be
 * ~75 % on a quiet one); a generator against a slow server never reaches its quota.
 */
export const CLIENT_BOUND_THROTTLED = 0.05
/**
 * ...or that used this share of its quota on average: it runs into the quota in bursts (on a
 * busy machine other processes take the CPU before the quota is reached, so throttling alone
 * under-reports). Measured at load 15–18: 54–64 % under the 25 % quota above against a fast
 * server; a generator against a 30 ms server needs ~0.03 cores, 13 % of such a quota.
 */
export const CLIENT_BOUND_QUOTA_USE = 0.35
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
  const throttled = readings.reduce(
    (m, r) =>
      r.cpuThrottledMs !== undefined && r.wallMs > 0 ? Math.max(m, r.cpuThrottledMs / r.wallMs) : m,
    0,
  )
  const starved = busy >= CLIENT_BOUND_BUSY
  const late = delay >= CLIENT_BOUND_DELAY_MS && busy >= 0.5
  const quotaCores = readings.reduce<number | null>(
    (m, r) => (r.cpuQuotaCores !== undefined ? Math.min(m ?? Infinity, r.cpuQuotaCores) : m),
    null,
  )
  const wallSec = readings.reduce((m, r) => Math.max(m, r.wallMs), 0) / 1000
  const quotaUse = quotaCores && wallSec > 0 ? cpuSec / (wallSec * quotaCores) : 0
  const quota = throttled >= CLIENT_BOUND_THROTTLED || quotaUse >= CLIENT_BOUND_QUOTA_USE
  const clientBound = starved || late || quota
  const reason = starved
    ? `a generator thread was busy ${Math.round(busy * 100)} % of the time (limit ${Math.round(CLIENT_BOUND_BUSY * 100)} %)`
    : late
      ? `generator timers ran ${r3(delay)} ms late at p99 while busy ${Math.round(busy * 100)} %`
      : quota
        ? `the generator used ${Math.round(quotaUse * 100)} % of its CPU quota (${r3(quotaCores ?? 0)} cores) and was throttled ${Math.round(throttled * 100)} % of the time: it wanted more CPU than it may use`
        : `generator threads busy at most ${Math.round(busy * 100)} %, timers ${r3(delay)} ms late at p99`
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
