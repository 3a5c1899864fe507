import { describe, expect, it } from 'vitest'
import type { HttpSample } from '@shared/index'
import { apdex, fractionAtOrBelow, newHistogram, recordMs, summarize } from '../common/latency'
import {
  analyseHttp,
  checkHttpThresholds,
  emptyStatusCounts,
  errorRateOf,
  failedOf,
  statusClass,
  throughputThirds,
} from './analysis'
import type { AnalyseHttpInput, HttpCounts } from './analysis'
import { connectionKnee } from './knee'

const counts = (
  over: Partial<HttpCounts> & { codes?: Partial<HttpCounts['statusCodes']> },
): HttpCounts => ({
  statusCodes: { ...emptyStatusCounts(), ...over.codes },
  errors: over.errors ?? 0,
  timeouts: over.timeouts ?? 0,
  bytes: over.bytes ?? 0,
  durationSec: over.durationSec ?? 10,
})

/** A histogram of `n` copies of each latency in ms. */
function hist(values: [ms: number, n: number][]): ReturnType<typeof newHistogram> {
  const h = newHistogram()
  for (const [ms, n] of values) for (let i = 0; i < n; i++) recordMs(h, ms)
  return h
}

function input(over: Partial<AnalyseHttpInput> = {}): AnalyseHttpInput {
  const h = over.histogram ?? hist([[10, 1000]])
  return {
    histogram: h,
    successHistogram: over.successHistogram ?? h,
    counts: counts({ codes: { '2xx': 1000 } }),
    thresholds: {},
    apdexTMs: 500,
    timeoutSec: 10,
    series: [],
    latencyBasis: 'service-time',
    ...over,
  }
}

describe('error rate arithmetic', () => {
  it('counts non-2xx/3xx answers, socket errors and timeouts over all attempts', () => {
    const c = counts({
      codes: { '1xx': 1, '2xx': 80, '3xx': 5, '4xx': 4, '5xx': 3 },
      errors: 5,
      timeouts: 2,
    })
    expect(failedOf(c)).toBe(1 + 4 + 3 + 5 + 2)
    expect(errorRateOf(c)).toBeCloseTo(15 / 100, 10)
  })
  it('is 0 when nothing was attempted and 1 when only errors happened', () => {
    expect(errorRateOf(counts({}))).toBe(0)
    expect(errorRateOf(counts({ errors: 7 }))).toBe(1)
  })
  it('classes status codes', () => {
    expect([101, 204, 304, 429, 503, 600].map(statusClass)).toEqual([
      '1xx',
      '2xx',
      '3xx',
      '4xx',
      '5xx',
      '5xx',
    ])
  })
})

describe('apdex on a hand-built histogram', () => {
  it('counts satisfied ≤ T, tolerating ≤ 4T as half, slower and failed as frustrated', () => {
    // T = 100 ms: 60 satisfied (50 ms, and exactly 100 ms), 30 tolerating (300 ms), 10 frustrated (900 ms)
    const h = hist([
      [50, 50],
      [100, 10],
      [300, 30],
      [900, 10],
    ])
    expect(fractionAtOrBelow(h, 100)).toBeCloseTo(0.6, 10)
    expect(apdex(h, 100, 0)).toBe((60 + 30 / 2) / 100)
    // 25 failed requests are frustrated too
    expect(apdex(h, 100, 25)).toBe((60 + 15) / 125)
    expect(apdex(newHistogram(), 100, 0)).toBe(0)
  })
  it('feeds the metrics with the success histogram and the failed count', () => {
    const ok = hist([[10, 90]])
    const all = hist([
      [10, 90],
      [5, 10],
    ])
    const a = analyseHttp(
      input({
        histogram: all,
        successHistogram: ok,
        counts: counts({ codes: { '2xx': 90, '5xx': 10 } }),
      }),
    )
    expect(a.metrics.apdex).toBe(0.9)
    expect(a.metrics.requests).toBe(100)
    expect(a.metrics.errorRate).toBe(0.1)
    expect(a.metrics.latencyMs.min).toBe(5)
  })
})

describe('metrics', () => {
  it('derives rps and throughput from counts and elapsed time, latency in ms with µs resolution', () => {
    const h = hist([
      [0.3, 500],
      [0.7, 500],
    ])
    const a = analyseHttp(
      input({
        histogram: h,
        counts: counts({ codes: { '2xx': 1000 }, bytes: 50_000, durationSec: 4 }),
      }),
    )
    expect(a.metrics.rps).toBe(250)
    expect(a.metrics.throughputBytesPerSec).toBe(12_500)
    expect(a.metrics.latencyMs.p50).toBeCloseTo(0.3, 2)
    expect(a.metrics.latencyMs.p99).toBeCloseTo(0.7, 2)
    expect(a.metrics.durationSec).toBe(4)
    expect(summarize(h).mean).toBeCloseTo(0.5, 2)
  })
})

describe('threshold checks', () => {
  it('compares each threshold with its measurement and fails the suite on one miss', () => {
    const h = hist([
      [10, 98],
      [200, 2],
    ])
    const a = analyseHttp(
      input({
        histogram: h,
        counts: counts({ codes: { '2xx': 100 }, durationSec: 1 }),
        thresholds: {
          p50Ms: 20,
          p99Ms: 100,
          maxMs: 500,
          errorRate: 0.01,
          minRps: 50,
          minApdex: 0.9,
        },
      }),
    )
    const by = Object.fromEntries(a.checks.map((c) => [c.metric, c]))
    expect(by.p50Ms).toMatchObject({ op: '<=', limit: 20, pass: true, unit: 'ms' })
    // HDR buckets at 3 significant digits: 10 ms reads 10.007 ms
    expect(by.p50Ms?.value).toBeCloseTo(10, 1)
    expect(by.p99Ms?.pass).toBe(false)
    expect(by.p99Ms?.value).toBeCloseTo(200, 0)
    expect(by.maxMs?.pass).toBe(true)
    expect(by.errorRate).toMatchObject({ value: 0, pass: true })
    expect(by.minRps).toMatchObject({ op: '>=', limit: 50, value: 100, pass: true })
    expect(by.minApdex).toMatchObject({ value: 1, pass: true })
    expect(a.checks).toHaveLength(6)
    expect(a.status).toBe('failed')
  })
  it('passes when every check passes, and has no checks without thresholds', () => {
    expect(analyseHttp(input({ thresholds: { p95Ms: 50 } })).status).toBe('passed')
    expect(analyseHttp(input()).checks).toEqual([])
  })
  it('fails latency checks that could not be measured', () => {
    const checks = checkHttpThresholds({ p95Ms: 50, errorRate: 0.5 }, null)
    expect(checks.map((c) => [c.metric, c.value, c.pass])).toEqual([
      ['p95Ms', null, false],
      ['errorRate', null, false],
    ])
  })
})

describe('findings', () => {
  const sample = (t: number, rps: number): HttpSample => ({
    t,
    rps,
    p50: 1,
    p95: 2,
    p99: 3,
    errors: 0,
  })

  it('flags a long tail when p99 is more than 4× p50', () => {
    const tail = analyseHttp(
      input({
        histogram: hist([
          [10, 95],
          [100, 5],
        ]),
        counts: counts({ codes: { '2xx': 100 } }),
      }),
    )
    const f = tail.findings.find((x) => x.id === 'http.tail')!
    expect(f.evidence.find((e) => e.label === 'p99')?.value).toBeCloseTo(100, 0)
    expect(f.severity).toBe('info')
    const flat = analyseHttp(
      input({
        histogram: hist([
          [10, 95],
          [30, 5],
        ]),
        counts: counts({ codes: { '2xx': 100 } }),
      }),
    )
    expect(flat.findings.map((x) => x.id)).not.toContain('http.tail')
  })
  it('flags errors above 1 % with the status classes, and timeouts', () => {
    const a = analyseHttp(
      input({ counts: counts({ codes: { '2xx': 970, '4xx': 20 }, timeouts: 10 }) }),
    )
    const errors = a.findings.find((f) => f.id === 'http.errors')!
    expect(errors.severity).toBe('warning')
    expect(errors.detail).toContain('20 4xx answers')
    expect(errors.recommendation).toMatch(/paths|credentials/)
    expect(a.findings.find((f) => f.id === 'http.timeouts')?.evidence[0]?.value).toBe(10)
    const fine = analyseHttp(input({ counts: counts({ codes: { '2xx': 995, '5xx': 5 } }) }))
    expect(fine.findings.map((f) => f.id)).toEqual([])
  })
  it('flags throughput that falls between the first and the last third', () => {
    const falling = [500, 500, 480, 400, 350, 330, 300, 310, 290].map((r, i) => sample(i + 1, r))
    const t = throughputThirds(falling)!
    expect(t.first).toBeCloseTo(493.3, 1)
    expect(t.last).toBeCloseTo(300, 1)
    const a = analyseHttp(input({ series: falling }))
    expect(a.findings.find((f) => f.id === 'http.throughput-drop')?.severity).toBe('warning')
    const steady = [500, 510, 490, 505, 495, 500].map((r, i) => sample(i + 1, r))
    expect(analyseHttp(input({ series: steady })).findings).toEqual([])
    // a partial last second is left out
    expect(throughputThirds([...steady, sample(6.3, 10)])).toEqual(throughputThirds(steady))
  })
  it('flags a poor Apdex', () => {
    const h = hist([[600, 100]])
    const a = analyseHttp(input({ histogram: h, counts: counts({ codes: { '2xx': 100 } }) }))
    expect(a.metrics.apdex).toBe(0.5)
    expect(a.findings.find((f) => f.id === 'http.apdex')?.severity).toBe('warning')
  })
  it('says so when nothing answered', () => {
    const a = analyseHttp(input({ histogram: newHistogram(), counts: counts({ errors: 40 }) }))
    expect(a.findings.map((f) => f.id)).toEqual(['http.no-responses', 'http.errors'])
    expect(a.metrics.latencyMs.p50).toBe(0)
  })
})

describe('connection knee', () => {
  it('lands on K for a server that serves K at a time (a hockey-stick curve)', () => {
    // K = 8 requests at a time, 20 ms each: X(N) = min(N, 8) / 0.020
    const steps = [1, 2, 4, 8, 16, 32, 64].map((connections) => ({
      connections,
      rps: Math.min(connections, 8) / 0.02,
    }))
    const knee = connectionKnee(steps)!
    expect(knee.model).toBe('usl')
    expect(knee.load).toBeGreaterThanOrEqual(6)
    expect(knee.load).toBeLessThanOrEqual(10)
    expect(knee.rps).toBeGreaterThan(300)
  })
  it('finds no knee in a linear curve', () => {
    expect(
      connectionKnee([1, 2, 4, 8].map((connections) => ({ connections, rps: 100 * connections }))),
    ).toBeNull()
  })
})
