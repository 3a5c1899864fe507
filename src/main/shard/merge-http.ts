import type { HttpLoadSuiteResult, HttpSample, ThresholdCheck } from '@shared/index'
import { mergeEncodedHistograms } from '../analysis/hdr-merge'
import { decodeHistogram, summarize } from '../suites/common/latency'
import { allPass } from '../suites/common/thresholds'
import { clientBoundFinding, combineGenerator } from '../suites/common/generator'
import { checkHttpThresholds, httpFindings } from '../suites/http-load/analysis'

/**
 * One http-load suite from its shards: the latency histograms added bucket by bucket (the
 * merged percentiles are the union's), every count summed, the rate taken over the union's
 * wall-clock window, the series lined up by wall-clock second, and thresholds and findings
 * judged again on the merged numbers — a p99 one slow shard breaks, or a throughput only
 * the sum meets, is decided here and not by any shard alone.
 */

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits

/** Wall-clock window of a shard's measurement: it ended at endedAt and lasted durationSec. */
function windowOf(s: HttpLoadSuiteResult): { from: number; to: number } {
  const to = Date.parse(s.endedAt ?? s.startedAt)
  const dur = s.metrics?.durationSec ?? (to - Date.parse(s.startedAt)) / 1000
  return { from: to - dur * 1000, to }
}

/**
 * Samples keyed by wall-clock second (suite start + t). Rates and counts add; a second's
 * percentiles are the highest of the shards' (results keep no per-second histograms, so this
 * is an upper bound, never an understatement).
 */
export function mergeSeriesByWallClock(
  parts: readonly { startedAt: string; series: readonly HttpSample[] }[],
): HttpSample[] {
  const origin = Math.min(...parts.map((p) => Date.parse(p.startedAt)))
  const bySecond = new Map<number, HttpSample>()
  for (const p of parts) {
    const offset = (Date.parse(p.startedAt) - origin) / 1000
    for (const s of p.series) {
      const t = Math.max(1, Math.round(offset + s.t))
      const cur = bySecond.get(t)
      if (!cur) {
        bySecond.set(t, { ...s, t })
        continue
      }
      cur.rps = round(cur.rps + s.rps, 2)
      cur.errors += s.errors
      cur.p50 = Math.max(cur.p50, s.p50)
      cur.p95 = Math.max(cur.p95, s.p95)
      cur.p99 = Math.max(cur.p99, s.p99)
      if (s.late !== undefined) cur.late = (cur.late ?? 0) + s.late
      if (s.dropped !== undefined) cur.dropped = (cur.dropped ?? 0) + s.dropped
    }
  }
  return [...bySecond.values()].sort((a, b) => a.t - b.t)
}

export function mergeHttpSuites(
  config: HttpLoadSuiteResult['config'],
  shards: readonly HttpLoadSuiteResult[],
): HttpLoadSuiteResult {
  const first = shards[0]!
  const startedAt = shards.map((s) => s.startedAt).sort()[0]!
  const endedAt = shards.map((s) => s.endedAt ?? s.startedAt).sort()[shards.length - 1]!
  const base = { ...first, config, startedAt, endedAt, score: undefined }
  const bad = shards.find((s) => s.status === 'error' || s.status === 'cancelled')
  const measured = shards.filter((s) => s.metrics)
  if (bad || measured.length < shards.length) {
    const why = bad?.error ?? 'a shard has no measurement'
    return {
      ...base,
      status: bad?.status === 'cancelled' ? 'cancelled' : 'error',
      error: `shard result not usable: ${why}`,
      metrics: null,
      histogram: null,
      checks: [],
      findings: [],
      series: [],
    }
  }
  const ms = measured.map((s) => s.metrics!)
  const sum = (f: (m: (typeof ms)[number]) => number): number => ms.reduce((a, m) => a + f(m), 0)
  const histogram = mergeEncodedHistograms(shards.map((s) => s.histogram))
  const h = decodeHistogram(histogram)
  const latencyMs = summarize(h)
  h.destroy()
  // Shards that start together measure side by side: the union's rate is the requests over
  // their mean window (the sum of the shards' rates). Windows that hardly overlap say so.
  const windows = shards.map(windowOf)
  const secs = windows.reduce((a, w) => a + (w.to - w.from), 0) / windows.length / 1000
  const skewSec =
    (Math.max(...windows.map((w) => w.from)) - Math.min(...windows.map((w) => w.from))) / 1000
  const skewNote =
    skewSec > 0.1 * secs
      ? [
          `the shards started up to ${round(skewSec, 1)} s apart (${Math.round((100 * skewSec) / secs)} % of their ` +
            'duration): the merged rate assumes they ran side by side; give them one --start-at',
        ]
      : []
  const requests = sum((m) => m.requests)
  const errors = sum((m) => m.errors)
  const timeouts = sum((m) => m.timeouts)
  const statusCodes = {
    '1xx': sum((m) => m.statusCodes['1xx']),
    '2xx': sum((m) => m.statusCodes['2xx']),
    '3xx': sum((m) => m.statusCodes['3xx']),
    '4xx': sum((m) => m.statusCodes['4xx']),
    '5xx': sum((m) => m.statusCodes['5xx']),
  }
  const failed = statusCodes['1xx'] + statusCodes['4xx'] + statusCodes['5xx'] + errors + timeouts
  const attempts = requests + errors + timeouts
  // each shard's Apdex weighs by its attempts: Σ(satisfied + tolerating/2) / Σ attempts
  const apdexWeighted = sum((m) => m.apdex * (m.requests + m.errors + m.timeouts))
  const open = ms.some((m) => m.targetRps !== undefined)
  const metrics: NonNullable<HttpLoadSuiteResult['metrics']> = {
    requests,
    rps: secs > 0 ? round(requests / secs, 2) : 0,
    throughputBytesPerSec: Math.round(sum((m) => m.throughputBytesPerSec)),
    latencyMs,
    statusCodes,
    errors,
    timeouts,
    errorRate: attempts === 0 ? 0 : round(failed / attempts, 6),
    apdex: attempts === 0 ? 0 : round(apdexWeighted / attempts, 4),
    durationSec: round(secs, 3),
    latencyBasis: first.metrics!.latencyBasis,
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
  }
  const series = mergeSeriesByWallClock(shards)
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
    checks,
    findings,
    notes: [
      ...skewNote,
      `merged from ${shards.length} shards: histograms added exactly; per-second percentiles in the series are the highest shard's`,
    ],
    ...(generator ? { generator } : {}),
  }
}
