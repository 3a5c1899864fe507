import type {
  HttpLoadConfig,
  HttpLoadSuiteResult,
  HttpRequestResult,
  HttpSample,
  ThresholdCheck,
} from '@shared/index'
import { checkFailureRateOf } from '@shared/suites/http-requests'
import { allPass } from '../common/thresholds'
import { clientBoundFinding, combineGenerator } from '../common/generator'
import {
  PER_SECOND_NOTE,
  ShardMergeError,
  addKeys,
  maxKeys,
  mergeSeriesByWallClock,
  mergeSummaries,
  mergedLatency,
  round,
  sideBySide,
  spanOf,
  sumOf,
  unusableShard,
} from '../common/shard-merge'
import { checkHttpThresholds, httpFindings } from './analysis'

/**
 * One http-load suite from its shards: the latency histograms added bucket by bucket (the
 * merged percentiles are the union's), every count summed, the rate taken over the union's
 * wall-clock window, the series lined up by wall-clock second, `requests[]` merged by name the
 * same way, and thresholds and findings judged again on the merged numbers — a p99 one slow
 * shard breaks, or a throughput only the sum meets, is decided here and not by any shard alone.
 */

type Metrics = NonNullable<HttpLoadSuiteResult['metrics']>
const STATUS = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const

const combineSample = (into: HttpSample, s: HttpSample): void => {
  into.rps = round(into.rps + s.rps, 2)
  addKeys(into, s, ['errors', 'late', 'dropped'])
  maxKeys(into, s, ['p50', 'p95', 'p99'])
}

/**
 * `requests[]` of the shards merged by name, in the first shard's order: counts, status
 * classes, errors and checks summed, histograms added; the rate over the union's window.
 */
export function mergeRequestResults(
  shards: readonly HttpLoadSuiteResult[],
  secs: number,
): { requests: HttpRequestResult[]; notes: string[] } | null {
  const lists = shards.map((s) => s.requests ?? [])
  if (lists.every((l) => l.length === 0)) return null
  const names = [...new Set(lists.flatMap((l) => l.map((r) => r.name)))]
  const notes: string[] = []
  const requests = names.map((name) => {
    const parts = lists.flatMap((l) => l.filter((r) => r.name === name))
    const first = parts[0]!
    const lat = mergeSummaries(
      parts.map((p) => ({ summary: p.latencyMs, count: p.count, histogram: p.histogram })),
    )
    if (!lat.exact)
      notes.push(
        `request "${name}": a shard kept no histogram, so its merged percentiles are the highest shard's (upper bounds)`,
      )
    const count = sumOf(parts, (p) => p.count)
    const merged: HttpRequestResult = {
      name,
      method: first.method,
      path: first.path,
      count,
      rps: secs > 0 ? round(count / secs, 1) : 0,
      latencyMs: lat.summary,
      statusCodes: Object.fromEntries(
        STATUS.map((c) => [c, sumOf(parts, (p) => p.statusCodes[c])]),
      ) as HttpRequestResult['statusCodes'],
      errors: sumOf(parts, (p) => p.errors),
      checksPassed: sumOf(parts, (p) => p.checksPassed),
      checksFailed: sumOf(parts, (p) => p.checksFailed),
      histogram: lat.histogram,
    }
    // per-request thresholds and findings: judged by the suite's `complete` on the merged run
    return merged
  })
  return { requests, notes }
}

function mergeMetrics(ms: readonly Metrics[], secs: number): Metrics {
  const sum = (f: (m: Metrics) => number): number => sumOf(ms, f)
  const statusCodes = Object.fromEntries(
    STATUS.map((c) => [c, sum((m) => m.statusCodes[c])]),
  ) as Metrics['statusCodes']
  const requests = sum((m) => m.requests)
  const errors = sum((m) => m.errors)
  const timeouts = sum((m) => m.timeouts)
  const failed = statusCodes['1xx'] + statusCodes['4xx'] + statusCodes['5xx'] + errors + timeouts
  const attempts = requests + errors + timeouts
  // each shard's Apdex weighs by its attempts: Σ(satisfied + tolerating/2) / Σ attempts
  const apdexWeighted = sum((m) => m.apdex * (m.requests + m.errors + m.timeouts))
  const open = ms.some((m) => m.targetRps !== undefined)
  const withChecks = ms.filter((m) => m.checks)
  const passed = sumOf(withChecks, (m) => m.checks!.passed)
  const checkFailed = sumOf(withChecks, (m) => m.checks!.failed)
  return {
    requests,
    rps: secs > 0 ? round(requests / secs, 2) : 0,
    throughputBytesPerSec: Math.round(sum((m) => m.throughputBytesPerSec)),
    latencyMs: ms[0]!.latencyMs, // replaced by the merged histogram's summary
    statusCodes,
    errors,
    timeouts,
    errorRate: attempts === 0 ? 0 : round(failed / attempts, 6),
    apdex: attempts === 0 ? 0 : round(apdexWeighted / attempts, 4),
    durationSec: round(secs, 3),
    latencyBasis: ms[0]!.latencyBasis,
    ...(open
      ? {
          targetRps: round(
            sum((m) => m.targetRps ?? 0),
            1,
          ),
          late: sum((m) => m.late ?? 0),
          dropped: sum((m) => m.dropped ?? 0),
        }
      : {}),
    ...(withChecks.length
      ? {
          checks: { passed, failed: checkFailed },
          checkFailureRate: round(checkFailureRateOf(passed, checkFailed, true)!, 6),
        }
      : {}),
  }
}

export function mergeHttpShards(
  config: HttpLoadConfig,
  shards: readonly HttpLoadSuiteResult[],
): HttpLoadSuiteResult {
  const first = shards[0]!
  const sweep = shards.find((s) => s.sweep)
  if (sweep) {
    throw new ShardMergeError('it is a sweep; sweeps cannot be merged yet — shard a plain run')
  }
  const base = { ...first, config, ...spanOf(shards), score: undefined }
  const unusable = unusableShard(shards)
  if (unusable) return { ...base, ...unusable, requests: undefined }
  const { secs, notes } = sideBySide(shards, (_, i) => shards[i]!.metrics!.durationSec)
  const { histogram, summary } = mergedLatency(shards.map((s) => s.histogram))
  const metrics: Metrics = {
    ...mergeMetrics(
      shards.map((s) => s.metrics!),
      secs,
    ),
    latencyMs: summary,
  }
  const perRequest = mergeRequestResults(shards, secs)
  const series = mergeSeriesByWallClock(shards, combineSample)
  const checks: ThresholdCheck[] = checkHttpThresholds(config.thresholds, metrics)
  const generator = combineGenerator(shards.flatMap((s) => (s.generator ? [s.generator] : [])))
  const bound = generator
    ? clientBoundFinding('http', generator, { suiteIndex: first.index, where: ['a shard'] })
    : null
  const findings = [
    ...(bound ? [bound] : []),
    ...httpFindings(metrics, series, { apdexTMs: config.apdexTMs, timeoutSec: config.timeoutSec }),
  ]
  return {
    ...base,
    status: allPass(checks) ? 'passed' : 'failed',
    metrics,
    histogram,
    series,
    ...(perRequest ? { requests: perRequest.requests } : {}),
    checks,
    findings,
    notes: [
      ...notes,
      ...(perRequest?.notes ?? []),
      `merged from ${shards.length} shards: histograms added exactly; ${PER_SECOND_NOTE}`,
    ],
    ...(generator ? { generator } : {}),
  }
}
