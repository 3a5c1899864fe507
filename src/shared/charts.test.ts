import { describe, expect, it } from 'vitest'
import { paperCharts } from '../main/analysis/chart-spec'
import { partialSamples } from './charts'
import { postgresCharts } from './index'

describe('partial samples on rate charts', () => {
  it('finds a 0.02 s tail among whole seconds, and nothing in a regular series', () => {
    expect([...partialSamples([1, 2, 3, 4, 4.02, 5, 6])]).toEqual([4])
    expect([...partialSamples([1, 2, 3, 4, 5])]).toEqual([])
    // half-second sampling is regular too
    expect([...partialSamples([0.5, 1, 1.5, 2, 2.5])]).toEqual([])
  })

  it('the reports leave the tail out of throughput and keep it in latency', () => {
    const series = [1, 2, 3, 3.02, 4, 5].map((t) => ({
      t,
      tps: t === 3.02 ? 341 : 1000,
      p50: 1,
      p95: 2,
      p99: 3,
      waitMs: 0.1,
      errors: 0,
      poolSize: 5,
    }))
    const charts = paperCharts(postgresCharts, { index: 0, series })
    const tps = charts.find((c) => c.id === 's0-tps')!
    expect(tps.xs).toEqual([1, 2, 3, 4, 5])
    expect(tps.series[0]!.values).not.toContain(341)
    expect(charts.find((c) => c.id === 's0-latency')!.xs).toContain(3.02)
  })
})
