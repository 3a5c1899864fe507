import { describe, expect, it } from 'vitest'
import { runOpenModel } from './index'
import { useServerProcess } from './testing/use-server'
import { testContext } from './testing/context'

describe('open model: the end of a run', () => {
  const server = useServerProcess({ delayMs: 5 })

  it('folds the drain after the last send into the last second: no spike in the series', async () => {
    const { ctx } = testContext(server().url, {
      model: 'arrival-rate',
      rate: 200,
      durationSec: 2.2,
    })
    const out = await runOpenModel(ctx)
    expect(out.status).toBe('passed')
    const rates = out.series.map((s) => s.rps)
    expect(rates.length).toBeGreaterThanOrEqual(2)
    for (const rps of rates) expect(Math.abs(rps - 200)).toBeLessThan(60)
    const counted = out.series.reduce(
      (n, s, i) => n + s.rps * (s.t - (out.series[i - 1]?.t ?? 0)),
      0,
    )
    expect(Math.abs(counted - (out.metrics?.requests ?? 0))).toBeLessThan(5)
  })
})
