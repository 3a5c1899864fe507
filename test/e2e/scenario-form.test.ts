import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startRoutedServer,
  type RoutedServer,
} from '../../src/main/suites/http-load/scenario/testing/routed-server'
import { seriousViolations } from './axe'
import { buildRenderer, launchBrowser, SHOTS_DIR, startApp, type App } from './harness'

/**
 * A login flow built by clicking in the run form: the problems found on the way land on the
 * fields they are about (a check's row from the schema, an undefined variable from the main
 * side), then the flow runs against a server that issues tokens per connection and refuses
 * requests without one: every /orders request carried the token the login step extracted.
 */
describe('http-load run form: a flow with extracts and checks, by pointing and clicking', () => {
  let server: RoutedServer
  let staticDir: string
  let app: App
  beforeAll(async () => {
    server = await startRoutedServer()
    staticDir = await buildRenderer()
    app = await startApp(staticDir)
    app.store.saveTarget({ kind: 'http', id: 'shop', baseUrl: server.url })
    mkdirSync(SHOTS_DIR, { recursive: true })
  })
  afterAll(async () => {
    await app?.close()
    await server?.close()
    if (staticDir) rmSync(staticDir, { recursive: true, force: true })
  })

  it('builds login → orders, shows each problem at its field, and runs with the token', async () => {
    const browser = await launchBrowser({ bypassCSP: true })
    try {
      const { page } = browser
      const start = page.getByRole('button', { name: 'Start run' })
      await page.goto(app.serve.url)
      await page.locator('select[name="suite"]').selectOption('http-load')
      await page.getByRole('button', { name: 'Flow (steps in order)' }).click()
      // a flow's list reads as steps, without weights
      expect(await page.getByTestId('request-0').locator('.step-label').textContent()).toBe(
        'Step 1',
      )
      expect(await page.getByLabel('step 1 weight').count()).toBe(0)

      await page.getByLabel('step 1 method').selectOption('POST')
      await page.getByLabel('step 1 path').fill('/login')
      await page.getByRole('button', { name: '+ Add step' }).click()
      await page.getByLabel('step 2 path').fill('/orders')
      await page.getByLabel('step 2 headers').fill('Authorization: Bearer {{token}}')
      // a check on step 2, picked by kind: first a JSON path without its "$"
      const checks = page.getByTestId('step-2-checks')
      await checks.locator('summary').click()
      await checks.getByRole('button', { name: '+ Add check' }).click()
      await page.getByLabel('step 2 check 1 kind').selectOption('jsonExists')
      await page.getByLabel('step 2 check 1 JSON path').fill('orders')
      await page.locator('input[name="durationSec"]').fill('2')
      await page.locator('input[name="connections"]').fill('2')

      // the schema's problem at requests[1].checks[0].jsonPath lands on that row, focused
      await start.click()
      const jsonPath = page.getByLabel('step 2 check 1 JSON path')
      await expect.poll(() => jsonPath.getAttribute('aria-invalid')).toBe('true')
      const checkProblem = checks.getByRole('alert')
      expect(await checkProblem.textContent()).toContain('a JSONPath starts with "$"')
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.ariaLabel))
        .toBe('step 2 check 1 JSON path')

      // the check becomes a status check; now the main side finds {{token}} defined nowhere
      await page.getByLabel('step 2 check 1 kind').selectOption('status')
      expect(await page.getByLabel('step 2 check 1 status codes').inputValue()).toBe('200')
      await start.click()
      const headers = page.getByLabel('step 2 headers')
      await expect.poll(() => headers.getAttribute('aria-invalid')).toBe('true')
      const headerProblem = page.locator(`#${await headers.getAttribute('aria-describedby')}`)
      expect(await headerProblem.getAttribute('role')).toBe('alert')
      expect(await headerProblem.textContent()).toMatch(
        /\{\{token\}\} is defined nowhere .*extract it in an earlier step/,
      )
      expect(app.store.listRuns()).toEqual([])

      // step 1 extracts the token from the login answer
      const extract = page.getByTestId('step-1-extract')
      await extract.locator('summary').click()
      await extract.getByRole('button', { name: '+ Add extract' }).click()
      await page.getByLabel('step 1 extract 1 variable').fill('token')
      await page.getByLabel('step 1 extract 1 expression').fill('$.token')
      // the hint under step 2 names the variable step 1 now extracts
      expect(await page.getByTestId('request-1').locator('.variables-hint').textContent()).toBe(
        'Variables: {{uuid}}, {{seq}}, {{randomInt 1 100}}, {{now}} · from earlier steps: {{token}}',
      )
      await page.getByTestId('test-data').locator('summary').click()
      await page.getByTestId('step-1-checks').locator('summary').click()
      await page.getByTestId('step-2-extract').locator('summary').click()
      // tall enough for the whole form, which otherwise scrolls inside its panel
      await page.setViewportSize({ width: 1440, height: 2400 })
      await page.locator('.run-config').screenshot({ path: join(SHOTS_DIR, 'scenario-form.png') })
      await page.setViewportSize({ width: 1440, height: 900 })
      expect(await seriousViolations(page)).toEqual([])
      // a data file field left empty sends no data
      await page.getByTestId('test-data').locator('summary').click()

      await start.click()
      await expect
        .poll(() => app.store.listRuns()[0]?.status, { timeout: 30_000 })
        .toMatch(/passed|failed/)
      const table = page.getByTestId('endpoint-table')
      await table.waitFor({ timeout: 15_000 })
      const rows = await table.locator('tbody tr').allTextContents()
      expect(rows).toHaveLength(2)
      expect(rows[0]).toContain('POST /login')
      expect(rows[1]).toContain('GET /orders')
      expect(server.unauthorised).toBe(0)
      expect(server.authorised).toBeGreaterThan(10)
      const run = app.store.listRuns()[0]!
      expect(run.status).toBe('passed')
      await page.screenshot({ path: join(SHOTS_DIR, 'scenario-run.png'), fullPage: true })
      expect(browser.errors.filter((e) => !/WebSocket|favicon/.test(e))).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
