import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildEndpointsRun } from '../fixtures/suite-results'
import { seriousViolations } from './axe'
import { SHOTS_DIR, useServedApp } from './harness'

/**
 * A stored run of a three-endpoint mix, opened from History: the per-endpoint table and bars
 * show each request's own numbers, the checks figure stands apart from the errors, and axe-core
 * finds nothing serious on the screen.
 */
describe('result screen: per-endpoint view of a multi-request run', () => {
  const s = useServedApp({ per: 'all', server: false, targets: () => [], bypassCSP: true })
  beforeAll(() => {
    s.app.store.importRun(buildEndpointsRun({ id: 'endpoints-e2e' }))
    s.app.store.trust.setUntrusted('run', 'endpoints-e2e', false)
  })

  it('shows the per-endpoint table, the bars and the checks apart from errors', async () => {
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await page.locator('[data-nav="history"]').click()
    await page.locator('[data-testid="history"] tbody tr[data-run-id="endpoints-e2e"]').click()
    const table = page.getByTestId('endpoint-table')
    await table.waitFor()
    const rows = table.locator('tbody tr')
    expect(await rows.count()).toBe(3)
    const texts = await rows.allTextContents()
    expect(texts[0]).toContain('GET /items?page={{page}}')
    expect(texts[1]).toContain('/orders/{{id}}')
    expect(texts[1]).toContain('FAIL 1/2')
    expect(texts[2]).toContain('add to cart')
    expect(texts[2]).toContain('POST')
    // three bars (p50, p95, p99) for each endpoint, named for screen readers
    const bars = page.locator('[data-chart="endpoints"]')
    expect(await bars.locator('.bar').count()).toBe(9)
    const widest = await bars.locator('[data-request="GET /orders/{{id}}"] .bar[data-key="p99"]')
    const narrow = await bars.locator('[data-request="add to cart"] .bar[data-key="p99"]')
    // bars are drawn to scale: the slow endpoint's p99 is the widest
    expect((await widest.boundingBox())!.width).toBeGreaterThan(
      2 * (await narrow.boundingBox())!.width,
    )
    expect(await bars.locator('[role="img"]').getAttribute('aria-label')).toContain(
      'Latency per endpoint',
    )
    const stats = (await page.locator('.stats').first().textContent()) ?? ''
    expect(stats).toContain('Checks failed')
    expect(stats).toContain('75 of 39,000')
    expect(await page.locator('body').textContent()).toContain(
      "GET /orders/{{id}} p95 is 4.1× the others'",
    )
    mkdirSync(SHOTS_DIR, { recursive: true })
    await page.getByTestId('endpoints').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS_DIR, 'endpoints-result.png'), fullPage: true })
    expect(await seriousViolations(page)).toEqual([])
    expect(errors.filter((e) => !/WebSocket|favicon/.test(e))).toEqual([])
  })
})
