import type {
  RedisConfig,
  RedisDetails,
  RedisHitRate,
  RedisMatrixCell,
  RedisMetrics,
  RedisSample,
  RedisSuiteResult,
} from '@shared/index'
import { clientBoundFinding, combineGenerator } from '../common/generator'
import {
  PER_SECOND_NOTE,
  addKeys,
  maxKeys,
  mergeSeriesByWallClock,
  mergeSummaries,
  mergedLatency,
  mergedFindings,
  round,
  spanOf,
  sumOf,
  unusableShard,
} from '../common/shard-merge'
import { redisChecks } from './checks'
import { cellName, hitRateFinding, matrixFindings } from './findings'
import { latencyBends } from './matrix'

/**
 * One redis suite from its shards. Every shard ran the same matrix (operation × payload ×
 * pipeline) in the same order with its share of the clients, side by side: a merged cell is
 * that cell of every shard added — commands and errors summed, ops/s summed, latency from the
 * added histograms. Thresholds, bends and the load-dependent findings are judged again on the
 * merged cells. The hit-rate replay ran on every shard in its own key space: its counts add up
 * (N replays, not one N times as long). Compression study, TTL check and server health are
 * properties of the server, not of the load: they are the first shard's.
 */

const RECOMPUTED = ['redis.matrix.', 'redis.client-bound', 'redis.hit-rate']

const cellKey = (c: RedisMatrixCell): string => `${c.operation}|${c.payloadBytes}|${c.pipeline}`

function mergeCell(
  parts: readonly RedisMatrixCell[],
  shards: number,
  notes: string[],
): RedisMatrixCell {
  const first = parts[0]!
  const lat = mergeSummaries(
    parts.map((p) => ({ summary: p.latencyMs, count: p.commands, histogram: p.histogram })),
  )
  if (!lat.exact)
    notes.push(
      `${cellName(first)}: a shard kept no histogram, so its percentiles are the highest shard's (upper bounds)`,
    )
  if (parts.length < shards)
    notes.push(
      `${cellName(first)}: measured by ${parts.length} of ${shards} shards only (marked partial)`,
    )
  const generator = combineGenerator(parts.flatMap((p) => (p.generator ? [p.generator] : [])))
  const firstError = parts.find((p) => p.firstError)?.firstError
  const partial = parts.length < shards || parts.some((p) => p.partial)
  return {
    operation: first.operation,
    payloadBytes: first.payloadBytes,
    pipeline: first.pipeline,
    // side by side: the union's rate is the sum of the shards'
    opsPerSec: Math.round(sumOf(parts, (p) => p.opsPerSec)),
    latencyMs: lat.summary,
    errors: sumOf(parts, (p) => p.errors),
    commands: sumOf(parts, (p) => p.commands),
    durationSec: round(sumOf(parts, (p) => p.durationSec) / parts.length, 3),
    ...(firstError ? { firstError } : {}),
    ...(lat.histogram ? { histogram: lat.histogram } : {}),
    ...(partial ? { partial } : {}),
    ...(generator ? { generator } : {}),
  }
}

function mergeCells(lists: readonly RedisMatrixCell[][], notes: string[]): RedisMatrixCell[] {
  const order: string[] = []
  const byKey = new Map<string, RedisMatrixCell[]>()
  for (const list of lists) {
    for (const c of list) {
      const k = cellKey(c)
      if (!byKey.has(k)) order.push(k)
      byKey.set(k, [...(byKey.get(k) ?? []), c])
    }
  }
  return order.map((k) => mergeCell(byKey.get(k)!, lists.length, notes))
}

/** N replays in N key spaces: their hits and requests add; the model's expectation weighs by requests. */
function mergeHitRate(parts: readonly RedisHitRate[]): RedisHitRate {
  const first = parts[0]!
  const requests = sumOf(parts, (p) => p.requests)
  const hits = sumOf(parts, (p) => p.hits)
  const weighted = (f: (p: RedisHitRate) => number): number =>
    requests > 0 ? round(sumOf(parts, (p) => f(p) * p.requests) / requests, 4) : 0
  const evicted = parts.map((p) => p.evictedDuring)
  return {
    ...first,
    plannedRequests: sumOf(parts, (p) => p.plannedRequests),
    requests,
    hits,
    errors: sumOf(parts, (p) => p.errors),
    durationSec: round(Math.max(...parts.map((p) => p.durationSec)), 3),
    requestsPerSec: Math.round(sumOf(parts, (p) => p.requestsPerSec)),
    measured: requests > 0 ? round(hits / requests, 4) : 0,
    expected: weighted((p) => p.expected),
    steadyState: {
      fromRequest: first.steadyState.fromRequest,
      measured: weighted((p) => p.steadyState.measured),
      expected: weighted((p) => p.steadyState.expected),
    },
    // the server-wide counter already saw every shard's evictions: the largest reading
    evictedDuring: evicted.some((e) => e === null) ? null : Math.max(...(evicted as number[])),
  }
}

function combineSample(into: RedisSample, s: RedisSample): void {
  if (into.hitRate !== undefined && s.hitRate !== undefined) {
    const ops = into.opsPerSec + s.opsPerSec
    into.hitRate =
      ops > 0
        ? round((into.hitRate * into.opsPerSec + s.hitRate * s.opsPerSec) / ops, 4)
        : into.hitRate
  }
  addKeys(into, s, ['opsPerSec', 'errors'])
  maxKeys(into, s, ['p50', 'p99'])
}

function mergeDetails(ds: readonly (RedisDetails | undefined)[]): RedisDetails | undefined {
  const present = ds.filter((d): d is RedisDetails => !!d)
  if (present.length === 0) return undefined
  const error = present.find((d) => d.cleanup.error)?.cleanup.error
  return {
    ...present[0]!,
    cleanup: {
      done: present.every((d) => d.cleanup.done),
      removed: sumOf(present, (d) => d.cleanup.removed),
      ...(error ? { error } : {}),
    },
  }
}

export function mergeRedisShards(
  config: RedisConfig,
  shards: readonly RedisSuiteResult[],
): RedisSuiteResult {
  const first = shards[0]!
  const base = { ...first, config, ...spanOf(shards), score: undefined }
  const details = mergeDetails(shards.map((s) => s.details))
  const unusable = unusableShard(shards)
  if (unusable) return { ...base, ...unusable, details }
  const ms = shards.map((s) => s.metrics!)
  const notes: string[] = []
  const cells = mergeCells(
    ms.map((m) => m.matrix),
    notes,
  )
  const hitParts = ms.flatMap((m) => (m.hitRate ? [m.hitRate] : []))
  const hitRate = hitParts.length ? mergeHitRate(hitParts) : null
  if (hitRate)
    notes.push(
      `hit-rate replay: each of the ${hitParts.length} shards replayed ${first.config.hitRate?.requests ?? '?'} requests in its own key space; the merged hit rate is all their hits over all their requests`,
    )
  const bends = latencyBends(cells)
  const { checks, totals } = redisChecks(config.thresholds, cells, hitRate)
  const { histogram, summary: latencyMs } = mergedLatency(shards.map((s) => s.histogram))
  const metrics: RedisMetrics = {
    ...ms[0]!,
    ...totals,
    latencyMs,
    matrix: cells,
    bends,
    hitRate,
  }
  const generator = combineGenerator(cells.flatMap((c) => (c.generator ? [c.generator] : [])))
  const bound = generator
    ? clientBoundFinding('redis', generator, {
        suiteIndex: first.index,
        where: cells.filter((c) => c.generator?.clientBound).map(cellName),
      })
    : null
  const fresh = [
    ...matrixFindings(cells, bends),
    ...(bound ? [bound] : []),
    ...(hitRate && hitRate.requests > 0
      ? [hitRateFinding(hitRate, config.thresholds.minHitRate)]
      : []),
  ]
  return {
    ...base,
    status: checks.every((c) => c.pass) ? 'passed' : 'failed',
    checks,
    findings: mergedFindings(first.findings, RECOMPUTED, fresh, first.index),
    metrics,
    histogram: totals.commands > 0 ? histogram : null,
    series: mergeSeriesByWallClock(shards, combineSample),
    details,
    notes: [
      ...notes,
      `merged from ${shards.length} shards: histograms added exactly; compression study, TTL check and server health are shard 1's`,
      PER_SECOND_NOTE,
    ],
    ...(generator ? { generator } : { generator: undefined }),
  }
}
