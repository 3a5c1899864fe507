import { describe, expect, it } from 'vitest'
import { runHeadline, suiteHeadline } from '../../src/main/store/index'

const lat = (p95: number, p99: number): Record<string, number> => ({
  min: 0.1,
  mean: 1,
  stdev: 1,
  p50: 1,
  p75: 1,
  p90: 1,
  p95,
  p99,
  p999: p99,
  max: p99,
})

describe('headlines', () => {
  it('http-load: rate, p95 and error rate', () => {
    expect(
      suiteHeadline('http-load', { rps: 1234.4, latencyMs: lat(12.34, 20), errorRate: 0.005 }),
    ).toBe('1,234 req/s · p95 12.3 ms · 0.50 % errors')
    expect(
      suiteHeadline('http-load', { rps: 3.25, latencyMs: lat(1520, 2000), errorRate: 0 }),
    ).toBe('3.3 req/s · p95 1.52 s · 0.00 % errors')
    expect(suiteHeadline('http-load', { rps: 90000, latencyMs: lat(0.412, 1), errorRate: 1 })).toBe(
      '90,000 req/s · p95 0.41 ms · 100.00 % errors',
    )
  })

  it('postgres: tps, p95 and errors', () => {
    expect(
      suiteHeadline('postgres', {
        tps: 5321.7,
        latencyMs: lat(3.21, 9),
        errorRate: 0.0001,
        poolSize: 10,
      }),
    ).toBe('5,322 tps · p95 3.2 ms · 0.01 % errors')
  })

  it('redis: ops/s, p99, errors derived from commands, hit rate', () => {
    expect(
      suiteHeadline('redis', {
        opsPerSec: 81234,
        p99Ms: 2.5,
        latencyMs: lat(0.3, 0.95),
        commands: 1000,
        errors: 5,
        hitRate: { measured: 0.9312 },
      }),
    ).toBe('81,234 ops/s · p99 0.95 ms · 0.50 % errors · 93.12 % hits')
  })

  it('nothing to say without metrics', () => {
    expect(suiteHeadline('http-load', null)).toBe('')
    expect(suiteHeadline('redis', { details: 'x' })).toBe('')
    expect(runHeadline([])).toBe('')
  })

  it('a run shows its first suite with metrics and counts the others', () => {
    expect(
      runHeadline([
        { kind: 'http-load', metrics: null },
        { kind: 'postgres', metrics: { tps: 100, latencyMs: lat(5, 6), errorRate: 0 } },
        { kind: 'redis', metrics: { opsPerSec: 10 } },
      ]),
    ).toBe('100 tps · p95 5.0 ms · 0.00 % errors (+1 more suite)')
  })
})
