/**
 * Takes the README screenshot and one of every screen: a longer run than the tests make,
 * against a local server with a latency tail. Run with `npx tsx test/e2e/screenshots.ts`;
 * writes /tmp/perfdesk-shots/readme-*.png.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { startServer } from '../helpers/http-servers'
import { buildRenderer, launchBrowser, SHOTS_DIR, startApp } from './harness'

const staticDir = await buildRenderer()
// 1 request in 40 stalls for 60 ms: a visible p99, as real services have
const server = await startServer({
  delayMs: (n) => 8 + (n % 40 === 0 ? 60 : 0) + (n % 7),
  bodyBytes: 512,
})
const app = await startApp(staticDir)
const browser = await launchBrowser()
const { page } = browser
mkdirSync(SHOTS_DIR, { recursive: true })
const shot = (name: string) => page.screenshot({ path: join(SHOTS_DIR, `readme-${name}.png`) })
try {
  app.store.saveTarget({
    kind: 'http',
    id: 'orders-api',
    name: 'Orders API (local)',
    baseUrl: server.url,
  })
  app.store.saveTarget({
    kind: 'http',
    id: 'catalog',
    name: 'Catalog service',
    baseUrl: 'http://127.0.0.1:9/',
    headers: { Accept: 'application/json' },
  })
  await page.goto(app.serve.url)
  await page.locator('[data-nav="run"]').click()
  await page.locator('select[name="target"]').selectOption('orders-api')
  await page.locator('input[name="runName"]').fill('Orders API · checkout path')
  await page.getByLabel('request 1 path').fill('/orders?limit=20')
  await page.locator('input[name="connections"]').fill('16')
  await page.locator('input[name="durationSec"]').fill('12')
  await page.locator('input[name="p95Ms"]').fill('40')
  await page.locator('input[name="p99Ms"]').fill('120')
  await page.locator('input[name="errorRate"]').fill('0.5')
  await page.getByRole('button', { name: 'Start run' }).click()
  await page.waitForFunction(
    () => Number(document.querySelector('[data-chart="rps"]')?.getAttribute('data-points')) >= 7,
    undefined,
    { timeout: 30_000 },
  )
  await shot('live')
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="run-view"]')?.getAttribute('data-status') !== 'running',
    undefined,
    { timeout: 60_000 },
  )
  await page.getByTestId('checks').waitFor()
  await shot('finished')
  await page.locator('[data-nav="history"]').click()
  await page.locator('[data-testid="history"] tbody tr').first().click()
  await page.getByTestId('checks').waitFor()
  await shot('history-run')
  await page.locator('[data-nav="history"]').click()
  await shot('history')
  await page.locator('[data-nav="targets"]').click()
  await page.locator('[data-target-id="orders-api"]').click()
  await page.getByRole('button', { name: 'Test connection' }).click()
  await page.getByTestId('test-result').waitFor()
  await shot('targets')
} catch (err) {
  await shot('error')
  throw err
} finally {
  await browser.close()
  await app.close()
  await server.close()
  rmSync(staticDir, { recursive: true, force: true })
}
