import { describe, expect, it } from 'vitest'
import { runHeadline, suiteHeadline } from '../../src/main/store/index'
import { buildPostgresSuiteResult } from '../fixtures/postgres-suite'
import { buildHttpLoadSuiteResult } from '../fixtures/run-result'
import { buildRedisSuiteResult, clientBound } from '../fixtures/suite-results'
import type { HttpLoadSuiteResult } from '@shared/index'

/** An http-load result with exactly these headline numbers. */
function http(rps: number, p95: number, errorRate: number): HttpLoadSuiteResult {
  const s = buildHttpLoadSuiteResult()
  const m = s.metrics!
  return { ...s, metrics: { ...m, rps, errorRate, latencyMs: { ...m.latencyMs, p95 } } }
}

/** As the store keeps it: the series apart. */
const stored = (s: object): object => {
  const { series: _series, ...rest } = s as { series?: unknown }
  return rest
}

describe('headlines', () => {
  it('http-load: rate, p95 and error rate', () => {
    expect(suiteHeadline(stored(http(1234.4, 12.34, 0.005)))).toBe(
      '1,234 req/s · p95 12.3 ms · 0.50 % errors',
    )
    expect(suiteHeadline(http(3.25, 1520, 0))).toBe('3.3 req/s · p95 1,520 ms · 0.00 % errors')
    expect(suiteHeadline(http(90000, 0.412, 1))).toBe(
      '90,000 req/s · p95 0.412 ms · 100.00 % errors',
    )
  })

  it('postgres: tx/s, p95 and errors, from the suite definition', () => {
    const pg = buildPostgresSuiteResult(0)
    const m = pg.metrics!
    const s = {
      ...pg,
      metrics: { ...m, tps: 5321.7, errorRate: 0.0001, latencyMs: { ...m.latencyMs, p95: 3.21 } },
    }
    expect(suiteHeadline(stored(s))).toBe('5,322 tx/s · p95 3.21 ms · 0.01 % errors')
  })

  it('redis: ops/s, p99 (its medians are all tiny), its error rate, hit rate', () => {
    const r = buildRedisSuiteResult({
      opsPerSec: 81234,
      p99Ms: 0.95,
      commands: 1000,
      errors: 5,
      hitRate: 0.9312,
    })
    expect(suiteHeadline(stored(r))).toBe(
      '81,234 ops/s · p99 0.950 ms · 0.50 % errors · 93.12 % hits',
    )
    // a result from before RedisMetrics had errorRate: the same rate, computed in one place
    const old = buildRedisSuiteResult({ commands: 1000, errors: 5, withoutErrorRate: true })
    expect(old.metrics!.errorRate).toBeUndefined()
    expect(suiteHeadline(stored(old))).toContain('0.50 % errors')
  })

  it('a client-bound throughput is a lower bound, and says so', () => {
    expect(suiteHeadline(stored(clientBound(http(52300, 2.5, 0))))).toBe(
      '≥ 52,300 req/s · p95 2.50 ms · 0.00 % errors · client-bound',
    )
  })

  it('a row this version cannot parse is read by common field names', () => {
    expect(
      suiteHeadline({
        kind: 'gone',
        metrics: { rps: 1500, latencyMs: { p95: 4.5 }, errorRate: 0 },
      }),
    ).toBe('1,500 /s · p95 4.50 ms · 0.00 % errors')
  })

  it('nothing to say without metrics', () => {
    expect(suiteHeadline(stored({ ...http(1, 1, 0), metrics: null }))).toBe('')
    expect(suiteHeadline({ kind: 'redis', metrics: { details: 'x' } })).toBe('')
    expect(runHeadline([])).toBe('')
  })

  it('a run shows its first suite with metrics and counts the others', () => {
    const pg = buildPostgresSuiteResult(1)
    expect(
      runHeadline([
        stored({ ...http(1, 1, 0), metrics: null }),
        stored({ ...pg, metrics: { ...pg.metrics!, tps: 100, errorRate: 0 } }),
        stored(buildRedisSuiteResult({ index: 2 })),
      ]),
    ).toMatch(/^100 tx\/s · p95 .* ms · 0\.00 % errors \(\+1 more suite\)$/)
  })
})
