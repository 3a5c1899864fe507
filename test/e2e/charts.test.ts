import { describe, expect, it } from 'vitest'
import type { PostgresSuiteResult } from '../../src/shared/index'
import { buildRunResult } from '../fixtures/run-result'
import { useServedApp } from './harness'

/**
 * Issue 12 point 3: charts run on seconds since the suite began, and a partial sample (the
 * 0.02 s tail of a pool step) is not plotted as a rate: it was a dip, TPS 341 among ~2,000.
 */
describe('charts in seconds, without partial-sample dips', () => {
  const s = useServedApp({ server: false })

  it('leaves a 0.02 s tail out of the throughput chart and keeps it in the latency chart', async () => {
    const run = buildRunResult({ id: 'pg-tail', withPostgres: true })
    const pg = run.suites[1] as PostgresSuiteResult
    const last = pg.series[9]!
    expect(last.t).toBe(10)
    // the tail of pool step 0: 7 transactions in 0.02 s, read as "per second" by the old chart
    pg.series.splice(10, 0, { ...last, t: 10.02, tps: 341 })
    s.app.store.importRun(run)

    const { page, errors } = s
    await page.goto(`${s.app.serve.url}#/runs/pg-tail`)
    const tps = page.locator('[data-chart="tps"]')
    await tps.waitFor({ timeout: 15_000 })
    expect(await tps.getAttribute('data-points')).toBe('20')
    await tps.locator('.chart-table summary').click()
    // the table is built once unfolded
    const tpsRows = tps.locator('.chart-table tbody tr')
    await expect.poll(() => tpsRows.count()).toBe(20)
    const rows = await tpsRows.allTextContents()
    // x is time: the rows go 1 s … 20 s, not sample numbers 0 … 19
    expect(rows[0]).toMatch(/^1 s/)
    expect(rows.at(-1)).toMatch(/^20 s/)
    expect(rows.join('\n')).not.toContain('341')
    expect(Math.min(...pg.series.filter((p) => p.t !== 10.02).map((p) => p.tps))).toBeGreaterThan(
      1000,
    )

    // latency is not a rate: the tail's percentiles are real numbers and stay, at 10.02 s
    const latency = page.locator('[data-chart="latency"]').last()
    expect(await latency.getAttribute('data-points')).toBe('21')
    await latency.locator('.chart-table summary').click()
    const latencyRows = latency.locator('.chart-table tbody tr')
    await expect.poll(() => latencyRows.count()).toBe(21)
    expect((await latencyRows.allTextContents()).join('\n')).toContain('10.02 s')
    expect(errors).toEqual([])
  })
})
