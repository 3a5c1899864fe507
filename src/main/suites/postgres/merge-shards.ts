import type {
  PgQueryStats,
  PostgresConfig,
  PostgresMetrics,
  PostgresSample,
  PostgresStep,
  PostgresSuiteResult,
} from '@shared/index'
import { clientBoundFinding, combineGenerator } from '../common/generator'
import {
  PER_SECOND_NOTE,
  addKeys,
  maxKeys,
  mergeSeriesByWallClock,
  mergeSummaries,
  mergedFindings,
  round,
  spanOf,
  sumOf,
  unusableShard,
  type SummaryPart,
} from '../common/shard-merge'
import { poolFindings, queryFindings, recommendPool, stepChecks } from './analysis'
import { headlineMetrics } from './step-result'

/**
 * One postgres suite from its shards. Every shard ran the same pool-size steps in the same
 * order with its share of the clients and of each pool, side by side: step k of the union is
 * step k of every shard added — transactions and errors summed, tps summed, latency, pool wait
 * and execution merged from their histograms, pool size and clients the totals. Per-query
 * results merge by query the same way. The pool recommendation, the thresholds and the
 * load-dependent findings are judged again on the merged steps; query plans and server health
 * (the same server, read by each shard) are the first shard's.
 */

/** Findings recomputed on the merged numbers (the others are the first shard's). */
const RECOMPUTED = [
  'pg-pool-',
  'pg.client-bound',
  'pg-select-star-',
  'pg-unbounded-',
  'pg-query-error',
  'pg-dominant-query-',
]

const part = (
  summary: PostgresStep['latencyMs'],
  count: number,
  histogram?: string,
): SummaryPart => ({
  summary,
  count,
  histogram,
})

function mergeStep(
  steps: readonly PostgresStep[],
  config: PostgresConfig,
  inexact: Set<string>,
): PostgresStep {
  const transactions = sumOf(steps, (s) => s.transactions)
  const errors = sumOf(steps, (s) => s.errors)
  const latency = mergeSummaries(steps.map((s) => part(s.latencyMs, s.transactions, s.histogram)))
  const wait = mergeSummaries(steps.map((s) => part(s.waitMs, s.transactions, s.waitHistogram)))
  const exec = mergeSummaries(steps.map((s) => part(s.execMs, s.transactions, s.execHistogram)))
  if (!wait.exact || !exec.exact) inexact.add('pool wait and execution percentiles of the steps')
  // shards ran side by side: the union's rate is the sum of theirs
  const tps = round(
    sumOf(steps, (s) => s.tps),
    1,
  )
  const errorRate = round(errors / Math.max(1, transactions + errors), 3)
  const generator = combineGenerator(steps.flatMap((s) => (s.generator ? [s.generator] : [])))
  return {
    poolSize: sumOf(steps, (s) => s.poolSize),
    clients: sumOf(steps, (s) => s.clients),
    durationSec: round(sumOf(steps, (s) => s.durationSec) / steps.length, 3),
    transactions,
    tps,
    latencyMs: latency.summary,
    waitMs: wait.summary,
    execMs: exec.summary,
    waitShare: latency.summary.mean > 0 ? round(wait.summary.mean / latency.summary.mean, 3) : 0,
    errors,
    errorRate,
    meetsThresholds: stepChecks(
      { latencyMs: latency.summary, tps, errorRate },
      config.thresholds,
    ).every((c) => c.pass),
    partial: steps.some((s) => s.partial),
    histogram: latency.histogram ?? '',
    ...(wait.histogram ? { waitHistogram: wait.histogram } : {}),
    ...(exec.histogram ? { execHistogram: exec.histogram } : {}),
    ...(generator ? { generator } : {}),
  }
}

function mergeQueries(lists: readonly PgQueryStats[][], inexact: Set<string>): PgQueryStats[] {
  const merged = lists[0]!.map((q) => {
    const parts = lists.flatMap((l) => l.filter((x) => x.index === q.index))
    const exec = mergeSummaries(parts.map((p) => part(p.execMs, p.executions, p.histogram)))
    if (!exec.exact) inexact.add('per-query execution percentiles')
    const error = parts.find((p) => p.error)?.error
    return {
      name: q.name,
      index: q.index,
      excluded: parts.some((p) => p.excluded),
      ...(error ? { error } : {}),
      executions: sumOf(parts, (p) => p.executions),
      errors: sumOf(parts, (p) => p.errors),
      execMs: exec.summary,
      shareOfExecTime: 0,
      ...(exec.histogram ? { histogram: exec.histogram } : {}),
    }
  })
  const totalMs = sumOf(merged, (q) => q.execMs.mean * q.executions)
  return merged.map((q) => ({
    ...q,
    shareOfExecTime: totalMs > 0 ? round((q.execMs.mean * q.executions) / totalMs, 3) : 0,
  }))
}

function combineSample(into: PostgresSample, s: PostgresSample): void {
  // the second's mean pool wait, weighted by each shard's transactions in it
  const tx = into.tps + s.tps
  into.waitMs = tx > 0 ? round((into.waitMs * into.tps + s.waitMs * s.tps) / tx, 3) : into.waitMs
  addKeys(into, s, ['tps', 'errors', 'poolSize'])
  maxKeys(into, s, ['p50', 'p95', 'p99'])
}

export function mergePostgresShards(
  config: PostgresConfig,
  shards: readonly PostgresSuiteResult[],
): PostgresSuiteResult {
  const first = shards[0]!
  const base = { ...first, config, ...spanOf(shards), score: undefined }
  // a shard without its pool-size steps has nothing to merge either
  const unusable = unusableShard(
    shards.map((s) => ({ ...s, metrics: s.details ? s.metrics : null })),
  )
  if (unusable) return { ...base, ...unusable, details: undefined }
  const details = shards.map((s) => s.details)
  const ds = details.map((d) => d!)
  const notes: string[] = []
  const inexact = new Set<string>()
  const stepCount = Math.min(...ds.map((d) => d.steps.length))
  if (ds.some((d) => d.steps.length !== stepCount))
    notes.push(
      `the shards measured different numbers of pool sizes (${ds.map((d) => d.steps.length).join(', ')}): only the first ${stepCount} are merged`,
    )
  const steps = Array.from({ length: stepCount }, (_, k) =>
    mergeStep(
      ds.map((d) => d.steps[k]!),
      config,
      inexact,
    ),
  )
  const rec = recommendPool(steps)
  const head = rec.headline !== null ? steps[rec.headline] : undefined
  const checks = head ? stepChecks(head, config.thresholds) : []
  const queries = mergeQueries(
    ds.map((d) => d.queries),
    inexact,
  )
  const plans = ds[0]!.plans
  const generator = combineGenerator(steps.flatMap((s) => (s.generator ? [s.generator] : [])))
  const bound = generator
    ? clientBoundFinding('pg', generator, {
        where: steps.filter((s) => s.generator?.clientBound).map((s) => `pool ${s.poolSize}`),
      })
    : null
  const fresh = [
    ...(bound ? [bound] : []),
    ...poolFindings(steps, rec),
    ...queryFindings(
      config.queries.map((q, index) => ({ index, name: q.name, sql: q.sql })),
      plans,
      queries,
    ),
  ]
  const metrics: PostgresMetrics | null = head ? headlineMetrics(head, rec) : null
  return {
    ...base,
    status: !head ? 'error' : checks.every((c) => c.pass) ? 'passed' : 'failed',
    ...(!head ? { error: 'no merged step completed a transaction' } : {}),
    checks,
    findings: mergedFindings(first.findings, RECOMPUTED, fresh, first.index),
    metrics,
    histogram: head?.histogram ?? null,
    series: mergeSeriesByWallClock(shards, combineSample),
    details: {
      ...ds[0]!,
      steps,
      recommendedPoolSize: rec.poolSize,
      reason: rec.reason,
      queries,
    },
    notes: [
      ...notes,
      `merged from ${shards.length} shards: pool sizes and clients are the totals over the shards (each shard had its own pool of its share); histograms added exactly; query plans and server health are shard 1's`,
      ...[...inexact].map(
        (what) =>
          `${what}: a shard kept no histogram for them, so they are the highest shard's (upper bounds)`,
      ),
      PER_SECOND_NOTE,
    ],
    ...(generator ? { generator } : { generator: undefined }),
  }
}
