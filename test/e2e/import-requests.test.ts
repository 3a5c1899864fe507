import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { SHOTS_DIR, useServedApp } from './harness'

const HAR = fileURLToPath(new URL('../fixtures/import/shop.chromium.har', import.meta.url))
const TOKEN = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2VjcmV0LXNpZ25hdHVyZQ'

/** Run form → "Import requests…": a browser HAR chosen, requests picked, they fill the form and run. */
describe('import requests in the run form', () => {
  const served = useServedApp({
    server: { delayMs: 1 },
    targets: (srv) => (srv ? [{ kind: 'http', id: 'shop', baseUrl: srv.url }] : []),
  })
  beforeAll(() => {
    mkdirSync(SHOTS_DIR, { recursive: true })
  })

  it('picks requests from a HAR, keeps the credentials in the target, and runs them', async () => {
    const { page, app, server, browser } = served
    await page.goto(app.serve.url)
    await page.locator('select[name="suite"]').selectOption('http-load')
    await page.getByRole('button', { name: 'Import requests…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import requests' })
    await dialog.waitFor()
    // the file chooser button has the focus: keyboard users start there
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Choose a file…')
    await page.getByTestId('import-file').setInputFiles(HAR)
    await dialog.locator('tbody tr').nth(5).waitFor()
    expect(await dialog.locator('tbody tr').count()).toBe(6)
    expect(await dialog.getByRole('status').textContent()).toMatch(
      /HAR · 6 requests found for https:\/\/shop\.example\.com · left out: 6 static assets .*, 1 other origins/,
    )
    // the weight of the request made three times
    const products = dialog.locator('tr', { hasText: '/api/products?page=1&sort=popular' })
    expect(await products.locator('td').last().textContent()).toBe('3')
    // leave out the page itself, with the keyboard
    await dialog.getByRole('checkbox', { name: 'import GET /', exact: true }).focus()
    await page.keyboard.press('Space')
    expect(
      await dialog.getByRole('checkbox', { name: 'import GET /', exact: true }).isChecked(),
    ).toBe(false)
    const store = dialog.getByRole('checkbox', { name: /Store Cookie and Authorization/ })
    expect(await store.isChecked()).toBe(true)
    await page.screenshot({ path: join(SHOTS_DIR, 'import-requests-dialog.png') })
    await dialog.getByRole('button', { name: 'Replace requests' }).click()
    await dialog.waitFor({ state: 'detached' })

    // the form now lists the five picked requests, with names and weights editable
    const paths = await page
      .locator('input[aria-label$=" path"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
    expect(paths).toEqual([
      '/api/session',
      '/api/products?page=1&sort=popular',
      '/api/products/42',
      '/api/cart/items',
      '/api/cart',
    ])
    expect(await page.getByLabel('request 2 weight').inputValue()).toBe('3')
    expect(await page.getByLabel('request 4 body').inputValue()).toBe(
      '{"productId":42,"quantity":2}',
    )
    // no credential in the form; sealed in the target
    const headers = await page
      .locator('textarea[aria-label$=" headers"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value).join('\n'))
    expect(headers).not.toMatch(/eyJhbGci|s3cr3t|Cookie|Authorization/)
    const target = app.store.listTargets().find((t) => t.id === 'shop')!
    expect(JSON.stringify(target)).not.toContain('eyJhbGci')
    expect(target.kind === 'http' && target.headers?.Authorization).toMatch(/^\{\{secret:sec_/)
    await page.screenshot({ path: join(SHOTS_DIR, 'import-requests-form.png') })

    // and they run against the target, with its stored credentials
    await page.locator('input[name="durationSec"]').fill('2')
    await page.getByRole('button', { name: 'Start run' }).click()
    await expect
      .poll(() => app.store.listRuns()[0]?.status, { timeout: 30_000 })
      .toMatch(/passed|failed/)
    const seen = server.stats()
    expect(Object.keys(seen.byRoute).sort()).toEqual([
      'GET /api/cart',
      'GET /api/products/42',
      'GET /api/products?page=1&sort=popular',
      'GET /api/session',
      'POST /api/cart/items',
    ])
    expect(seen.lastHeaders?.authorization).toBe(TOKEN)
    expect(browser.errors).toEqual([])
  })
})
