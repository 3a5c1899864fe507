import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BEHAVIOURS, startEdge, startOrigin } from '../../src/main/suites/http-cache/testing/origin'
import type { Running } from '../../src/main/suites/http-cache/testing/origin'
import { fillInputs, SHOTS_DIR, useServedApp } from './harness'
import { httpTarget } from '../fixtures/targets'

/**
 * The http-cache suite through the UI: the form (paths and a crawl), the run, the resources
 * table with its badges and filters, the timing chart and the findings. Writes
 * /tmp/perfdesk-shots/cache-form.png and cache-result.png.
 */
describe('http-cache in a browser through perfdesk serve', () => {
  const s = useServedApp({ per: 'all', server: false, targets: () => [] })
  let origin: Running
  let edge: Running
  beforeAll(async () => {
    mkdirSync(SHOTS_DIR, { recursive: true })
    origin = await startOrigin()
    edge = await startEdge(origin.port)
  })
  afterAll(async () => {
    await edge?.close()
    await origin?.close()
  })

  it('audits paths and a crawl, shows resources with badges, filters them and lists findings', async () => {
    const { page, errors } = s
    s.app.store.saveTarget(httpTarget('edge', 'Site behind a CDN', edge.url))
    await page.goto(s.app.serve.url)
    await page.locator('[data-nav="run"]').click()
    await page.locator('select[name="suite"]').selectOption('http-cache')
    await page.locator('select[name="target"]').selectOption('edge')
    await page.locator('input[name="runName"]').fill('Site caching audit')
    await page.getByRole('button', { name: 'Both' }).click()
    const paths = Object.values(BEHAVIOURS).join('\n')
    await page.locator('textarea[name="paths"]').fill(paths)
    await fillInputs(page, {
      crawlStart: '/site/',
      maxPages: '10',
      repeat: '4',
      minCacheableShare: '60',
    })
    await page.screenshot({ path: join(SHOTS_DIR, 'cache-form.png'), fullPage: true })
    // the invalidation fields: shown when asked for, a trigger path or "I will change it myself"
    await page.locator('input[name="invalidationOn"]').check()
    await page.locator('input[name="invTriggerPath"]').fill('/admin/publish')
    await page.screenshot({
      path: join(SHOTS_DIR, 'cache-form-invalidation.png'),
      clip: { x: 180, y: 560, width: 420, height: 420 },
    })
    await page.getByRole('button', { name: 'I will change it myself' }).click()
    await expect(page.locator('input[name="invTriggerPath"]').count()).resolves.toBe(0)
    await page.locator('input[name="invalidationOn"]').uncheck()
    await page.getByRole('button', { name: 'Start run' }).click()
    await page.waitForFunction(
      () =>
        ['passed', 'failed'].includes(
          document.querySelector('[data-testid="run-view"]')?.getAttribute('data-status') ?? '',
        ),
      undefined,
      { timeout: 60_000 },
    )
    const table = page.getByTestId('cache-resources')
    await table.waitFor()
    const rows = table.locator('tbody tr')
    // 11 behaviour paths + 8 files of the crawled site
    await expect.poll(() => rows.count()).toBe(Object.keys(BEHAVIOURS).length + 8)
    const row = (path: string) =>
      rows.filter({ has: page.locator('.cache-path', { hasText: path }) })
    await expect(
      row(BEHAVIOURS.immutable).locator('.cache-badge').allTextContents(),
    ).resolves.toEqual(
      expect.arrayContaining(['cacheable', 'immutable', '304', 'gzip', 'fingerprinted']),
    )
    await expect(
      row(BEHAVIOURS.varyStar).locator('.cache-badge').allTextContents(),
    ).resolves.toEqual(expect.arrayContaining(['not cacheable', 'Vary: *']))
    await expect(row(BEHAVIOURS.cdn).textContent()).resolves.toContain('cache 3/4')
    await page.getByRole('button', { name: /^Not cacheable/ }).click()
    const notCacheable = await rows.locator('.cache-path').allTextContents()
    expect(notCacheable.sort()).toEqual(
      [BEHAVIOURS.varyStar, BEHAVIOURS.noStore, BEHAVIOURS.bigJson].sort(),
    )
    await page.getByRole('button', { name: /^All/ }).click()
    await page.getByLabel('resource type').selectOption('html')
    await expect.poll(() => rows.count()).toBe(4)
    await page.getByLabel('resource type').selectOption('any')
    const findings = await page.getByTestId('cache-findings').textContent()
    expect(findings).toMatch(/Vary: \*/)
    expect(findings).toMatch(/Set-Cookie that a shared cache may store/)
    expect(findings).toMatch(/max-age=31536000, immutable|Cache-Control/)
    await page.locator('[data-chart="cache-timings"], .charts').first().waitFor()
    const height = await page.evaluate(() => document.querySelector('.main')?.scrollHeight ?? 900)
    await page.setViewportSize({ width: 1440, height: Math.min(8000, Math.max(900, height)) })
    await page.screenshot({ path: join(SHOTS_DIR, 'cache-result.png') })
    // the top of the result at full size: numbers, timing chart, resources table
    await page.screenshot({
      path: join(SHOTS_DIR, 'cache-result-top.png'),
      clip: { x: 580, y: 0, width: 860, height: 1100 },
    })
    await page.screenshot({
      path: join(SHOTS_DIR, 'cache-result-findings.png'),
      clip: { x: 580, y: 1900, width: 860, height: 1100 },
    })
    await page.setViewportSize({ width: 1440, height: 900 })
    // the history keeps it, with the suite's own one-line headline
    await page.locator('[data-nav="history"]').click()
    const first = page.locator('[data-testid="history"] tbody tr').first()
    await expect.poll(() => first.textContent()).toMatch(/19 resources · \d+ % cacheable/)
    // the same audit again, then the two compared side by side
    await page.locator('[data-nav="run"]').click()
    await page.getByRole('button', { name: 'Start run' }).click()
    await expect.poll(() => s.app.store.listRuns().length, { timeout: 30_000 }).toBe(2)
    await expect
      .poll(() => s.app.store.listRuns()[0]?.status, { timeout: 60_000 })
      .toMatch(/passed|failed/)
    const [newer, older] = s.app.store.listRuns()
    await page.locator('[data-nav="history"]').click()
    await page.getByLabel(`compare run ${older!.id}`).check()
    await page.getByLabel(`compare run ${newer!.id}`).check()
    await page.getByRole('button', { name: /^Compare/ }).click()
    await page.getByTestId('compare-verdict').waitFor({ timeout: 15_000 })
    const shares = page.locator('[data-testid="compare-suite-0"] tr[data-metric="cacheableShare"]')
    // the server did not change: the same share both times
    expect((await shares.locator('td').allTextContents()).slice(1, 3)).toEqual([
      '84.21 %',
      '84.21 %',
    ])
    await page.screenshot({ path: join(SHOTS_DIR, 'cache-compare.png'), fullPage: true })
    expect(errors).toEqual([])
  })
})
