import { describe, expect, it } from 'vitest'
import {
  HttpLoadConfigSchema,
  RunResultSchema,
  type HttpLoadSuiteResult,
  type HttpRequestResult,
  type RunResult,
} from '@shared/index'
import { buildRunResult } from '../../../test/fixtures/run-result'
import { mergeEncodedHistograms } from '../analysis/hdr-merge'
import { decodeHistogram, encodeHistogram, newHistogram, summarize } from '../suites/common/latency'
import { recordedValues } from '../suites/common/testing/histogram-values'
import { MergeError, mergeShards } from './merge-run'

/**
 * requests[] of http-load shards (per request or flow step, with its own histogram) merge by
 * name exactly. Shard results are built here from known latencies (the engine that fills
 * requests[] lands separately), so every merged number can be checked against the union.
 */

const config = HttpLoadConfigSchema.parse({
  kind: 'http-load',
  target: 'api',
  requests: [
    { name: 'list', path: '/items', checks: [{ status: [200] }] },
    { name: 'buy', method: 'POST', path: '/buy', body: '{}', thresholds: { p99Ms: 50 } },
  ],
  connections: 10,
  durationSec: 5,
})

/** `n` latencies of `fastMs` and `slow` of `slowMs`, as one request's histogram. */
function latencies(n: number, fastMs: number, slow: number, slowMs: number): string {
  const h = newHistogram()
  h.recordValueWithCount(fastMs * 1000, n - slow)
  if (slow > 0) h.recordValueWithCount(slowMs * 1000, slow)
  const out = encodeHistogram(h)
  h.destroy()
  return out
}

function request(
  name: string,
  histogram: string,
  o: { errors?: number; s5xx?: number; passed?: number; failed?: number },
): HttpRequestResult {
  const h = decodeHistogram(histogram)
  const count = h.totalCount
  const latencyMs = summarize(h)
  h.destroy()
  const s5xx = o.s5xx ?? 0
  return {
    name,
    method: name === 'buy' ? 'POST' : 'GET',
    path: name === 'buy' ? '/buy' : '/items',
    count,
    rps: count / 5,
    latencyMs,
    statusCodes: { '1xx': 0, '2xx': count - s5xx, '3xx': 0, '4xx': 0, '5xx': s5xx },
    errors: o.errors ?? 0,
    checksPassed: o.passed ?? 0,
    checksFailed: o.failed ?? 0,
    histogram,
  }
}

/** Shard `index` of 2 with the given per-request results (and the suite's metrics.checks). */
function shard(index: number, requests: HttpRequestResult[]): { source: string; run: RunResult } {
  const run = buildRunResult({ id: `shard-${index}`, thresholds: {} })
  const suite = run.suites[0] as HttpLoadSuiteResult
  const passed = requests.reduce((a, r) => a + r.checksPassed, 0)
  const failed = requests.reduce((a, r) => a + r.checksFailed, 0)
  suite.config = config
  suite.requests = requests
  suite.metrics!.checks = { passed, failed }
  suite.metrics!.checkFailureRate = failed / (passed + failed)
  run.plan.suites = [config]
  run.shard = { index, count: 2, startAt: null, planHash: 'plan-a' }
  return { source: `shard-${index}.json`, run: RunResultSchema.parse(run) }
}

describe('merging requests[] of http-load shards', () => {
  // shard 2's "buy" alone misses its p99 ≤ 50 ms (15 of 1000 at 200 ms: p99 = 200 ms); in the
  // union they are 15 of 2000 (0.75 %), so the union's exact p99 is 5 ms and the merge passes
  const a = [
    request('list', latencies(3000, 2, 30, 40), { s5xx: 4, passed: 2996, failed: 4 }),
    request('buy', latencies(1000, 5, 0, 0), { errors: 1 }),
  ]
  const b = [
    // a shard lists its requests in its own order: the merge matches them by name
    request('buy', latencies(1000, 5, 15, 200), { errors: 2 }),
    request('list', latencies(2500, 3, 10, 40), { s5xx: 1, passed: 2499, failed: 1 }),
  ]

  it('sums counts, status classes, errors and checks by name; the histograms are the union', () => {
    const merged = mergeShards([shard(0, a), shard(1, b)])
    const suite = merged.suites[0] as HttpLoadSuiteResult
    expect(suite.requests!.map((r) => r.name)).toEqual(['list', 'buy'])
    const [list, buy] = suite.requests!
    expect(list).toMatchObject({
      count: 5500,
      errors: 0,
      checksPassed: 2996 + 2499,
      checksFailed: 5,
      statusCodes: { '2xx': 5495, '5xx': 5 },
    })
    expect(buy).toMatchObject({ count: 2000, errors: 3, method: 'POST', path: '/buy' })
    for (const [r, parts] of [
      [list!, [a[0]!, b[1]!]],
      [buy!, [a[1]!, b[0]!]],
    ] as const) {
      const union = decodeHistogram(mergeEncodedHistograms(parts.map((p) => p.histogram)))
      const got = decodeHistogram(r.histogram!)
      expect(recordedValues(got)).toEqual(recordedValues(union))
      expect(r.latencyMs).toEqual(summarize(union))
      union.destroy()
      got.destroy()
    }
    // the union's p99, not the highest shard's
    expect(b[0]!.latencyMs.p99).toBeGreaterThan(150)
    expect(buy!.latencyMs.p99).toBeLessThan(6)
    expect(buy!.thresholds).toEqual([
      expect.objectContaining({ metric: 'requests[buy].p99Ms', pass: true }),
    ])
    expect(suite.metrics!.checks).toEqual({ passed: 5495, failed: 5 })
    expect(suite.metrics!.checkFailureRate).toBeCloseTo(5 / 5500, 6)
    expect(suite.status).toBe('passed')
    expect(RunResultSchema.safeParse(merged).success).toBe(true)
  })

  it('a per-request threshold the union misses fails the merged suite', () => {
    const slow = [request('buy', latencies(1000, 5, 30, 200), {}), a[0]!]
    const merged = mergeShards([shard(0, a), shard(1, slow)])
    const buy = (merged.suites[0] as HttpLoadSuiteResult).requests!.find((r) => r.name === 'buy')!
    expect(buy.latencyMs.p99).toBeGreaterThan(150) // 30 of 2000 = 1.5 % at 200 ms
    expect(buy.thresholds).toEqual([
      expect.objectContaining({ metric: 'requests[buy].p99Ms', pass: false }),
    ])
    expect(merged.suites[0]!.status).toBe('failed')
    expect(merged.status).toBe('failed')
  })

  it('still refuses a sweep, naming the suite', () => {
    const s0 = shard(0, a)
    const s1 = shard(1, b)
    for (const s of [s0, s1])
      (s.run.suites[0] as HttpLoadSuiteResult).sweep = {
        steps: [],
        knee: null,
        maxSustainable: null,
      }
    expect(() => mergeShards([s0, s1])).toThrow(MergeError)
    expect(() => mergeShards([s0, s1])).toThrow(/suite 1: it is a sweep/)
  })
})
