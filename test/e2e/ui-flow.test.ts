import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { RunResultSchema } from '../../src/shared/result'
import { fillInputs, chartPixelsNear, SHOTS_DIR, useServedApp } from './harness'

const DELAY_MS = 20

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: false })
}

const points = (page: Page, chart: string): Promise<number> =>
  page
    .locator(`[data-chart="${chart}"]`)
    .first()
    .evaluate((el) => Number(el.getAttribute('data-points')))

const RPS_BLUE: [number, number, number] = [0x4f, 0xa3, 0xff]
const P50_GREEN: [number, number, number] = [0x3e, 0xcf, 0x8e]

describe('the UI in a browser through perfdesk serve', () => {
  const s = useServedApp({ server: { delayMs: DELAY_MS }, targets: () => [] })
  beforeAll(() => mkdirSync(SHOTS_DIR, { recursive: true }))

  it('adds a target, runs a 3 s load with live charts, finds it in History and exports JSON', async () => {
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await page.getByText('Nothing running').waitFor()
    await expect.poll(() => page.locator('.conn').textContent()).toBe('connected')

    // Targets: the schema's messages appear at the field
    await page.locator('[data-nav="targets"]').click()
    await page.getByRole('button', { name: '+ Add target' }).click()
    await page.locator('input[name="name"]').fill('Local API')
    await page.locator('input[name="baseUrl"]').fill('localhost:8080')
    await page.getByRole('button', { name: 'Save target' }).click()
    const urlProblem = page.locator('.field.has-problem', {
      has: page.locator('input[name="baseUrl"]'),
    })
    await expect.poll(() => urlProblem.locator('.field-problem').textContent()).toContain('http://')
    await shot(page, 'targets-validation')

    await page.locator('input[name="baseUrl"]').fill(s.server.url)
    await page.locator('textarea[name="headers"]').fill('X-PerfDesk-Test: yes')
    await page.getByRole('button', { name: 'Test connection' }).click()
    const testResult = page.getByTestId('test-result')
    await testResult.waitFor()
    expect(await testResult.textContent()).toContain('connected')
    await page.getByRole('button', { name: 'Save target' }).click()
    await page.locator('[data-target-id="local-api"]').waitFor()
    expect(s.app.store.listTargets().map((t) => t.id)).toEqual(['local-api'])
    await shot(page, 'targets')

    // Run: 3 s, 4 connections, thresholds the server meets
    await page.locator('[data-nav="run"]').click()
    expect(await page.locator('select[name="target"]').inputValue()).toBe('local-api')
    // form problems show at their field, from the form and from the schema
    await page.locator('input[name="connections"]').fill('four')
    await page.getByLabel('request 1 path').fill('items')
    await page.getByRole('button', { name: 'Start run' }).click()
    const problemAt = (name: string) =>
      page
        .locator('.field', { has: page.locator(`input[name="${name}"]`) })
        .locator('.field-problem')
    await expect
      .poll(() => problemAt('connections').textContent())
      .toBe('Connections: enter a number, e.g. 10')
    await expect
      .poll(() => page.locator('[data-testid="request-0"] .field-problem').textContent())
      .toContain('a path starts with "/"')
    expect(s.app.store.listRuns()).toEqual([])
    await shot(page, 'run-validation')
    await page.getByLabel('request 1 path').fill('/')
    await fillInputs(page, { connections: '4', durationSec: '3', p95Ms: '1000', errorRate: '1' })
    await page.getByRole('button', { name: 'Start run' }).click()

    // The charts draw while it runs: the plot has ink and the series gains points
    await expect.poll(() => points(page, 'rps'), { timeout: 15_000 }).toBeGreaterThanOrEqual(1)
    const first = await points(page, 'rps')
    expect(await page.getByTestId('run-view').getAttribute('data-status')).toBe('running')
    expect(await page.getByTestId('time-left').textContent()).toMatch(/left|running/)
    await shot(page, 'run-live')
    await expect.poll(() => points(page, 'rps'), { timeout: 5_000 }).toBeGreaterThan(first)
    expect(await chartPixelsNear(page, 'rps', RPS_BLUE)).toBeGreaterThan(30)
    expect(await chartPixelsNear(page, 'latency', P50_GREEN)).toBeGreaterThan(30)

    await expect
      .poll(() => page.getByTestId('run-view').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('passed')
    await page.getByTestId('checks').waitFor()
    await shot(page, 'run-finished')

    // History lists it; it opens offline and exports as JSON
    await page.locator('[data-nav="history"]').click()
    const row = page.locator('[data-testid="history"] tbody tr').first()
    await row.waitFor()
    const runId = await row.getAttribute('data-run-id')
    expect(runId).toBeTruthy()
    await shot(page, 'history')
    await row.click()
    await page.getByTestId('checks').waitFor()
    expect(await page.getByTestId('run-view').getAttribute('data-status')).toBe('passed')
    expect(await chartPixelsNear(page, 'rps', RPS_BLUE)).toBeGreaterThan(30)
    await shot(page, 'history-run')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^perfdesk-.+-${runId}\\.json$`))
    const file = await download.path()
    const run = RunResultSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    expect(run.id).toBe(runId)
    expect(run.status).toBe('passed')
    const suite = run.suites[0]!
    expect(suite.kind).toBe('http-load')
    if (suite.kind !== 'http-load' || !suite.metrics) throw new Error('no http-load metrics')
    expect(suite.metrics.requests).toBeGreaterThan(50)
    // the server waits DELAY_MS before answering: no request can be faster
    expect(suite.metrics.latencyMs.p50).toBeGreaterThanOrEqual(DELAY_MS * 0.9)
    expect(suite.metrics.latencyMs.p50).toBeLessThan(1000)
    expect(suite.series.length).toBeGreaterThanOrEqual(2)
    expect(suite.checks.map((c) => c.pass)).toEqual([true, true])
    expect(s.server.stats().lastHeaders?.['x-perfdesk-test']).toBe('yes')

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export PDF' }).click(),
    ])
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/)
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')

    // run again: the same plan, live on the Run screen, then a second row in History
    await page.getByRole('button', { name: 'Run again' }).click()
    await expect
      .poll(() => page.getByTestId('run-view').getAttribute('data-status'))
      .toBe('running')
    await expect
      .poll(() => page.getByTestId('run-view').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('passed')
    await page.locator('[data-nav="history"]').click()
    await expect.poll(() => page.locator('[data-testid="history"] tbody tr').count()).toBe(2)

    // delete asks first
    await page.locator(`[data-run-id="${runId}"]`).click()
    await page.getByRole('button', { name: 'Delete…' }).click()
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await expect.poll(() => page.locator('[data-testid="history"] tbody tr').count()).toBe(1)
    expect(s.app.store.getRun(runId!)).toBeNull()

    expect(errors).toEqual([])
  })
})
