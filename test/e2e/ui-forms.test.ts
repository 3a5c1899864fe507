import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useServedApp } from './harness'

/** The field (by its input's name) and what the page says about it. */
const fieldOf = (page: Page, name: string) =>
  page.locator('.field', { has: page.locator(`[name="${name}"]`) })

async function startAndExpectProblem(
  page: Page,
  input: string,
  value: string,
  message: string,
): Promise<void> {
  await page.locator(`input[name="${input}"]`).fill(value)
  await page.getByRole('button', { name: 'Start run' }).click()
  const field = fieldOf(page, input)
  await expect
    .poll(() => field.locator('.field-problem').textContent({ timeout: 2000 }), { timeout: 5000 })
    .toBe(message)
  const el = page.locator(`input[name="${input}"]`)
  expect(await el.getAttribute('aria-invalid')).toBe('true')
  const describedBy = await el.getAttribute('aria-describedby')
  expect(describedBy).toBeTruthy()
  expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(message)
  // focus moves to the first field with a problem
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
    .toBe(input)
}

describe('run form: every invalid field says so, in words, at the field', () => {
  const s = useServedApp({
    server: false,
    targets: () => [
      { kind: 'redis', id: 'cache', url: 'redis://127.0.0.1:6379' },
      { kind: 'postgres', id: 'db', host: '127.0.0.1', database: 'test' },
      { kind: 'http', id: 'api', baseUrl: 'http://127.0.0.1:9/' },
    ],
  })

  it('names the list item that is out of range (Redis pipeline, payload; PostgreSQL pools)', async () => {
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await page.locator('select[name="suite"]').selectOption('redis')
    await page.locator('select[name="target"]').selectOption('cache')

    await startAndExpectProblem(
      page,
      'pipeline',
      '0',
      'Pipeline depths: item 1 (0) must be at least 1',
    )
    await startAndExpectProblem(
      page,
      'pipeline',
      '1, 2000',
      'Pipeline depths: item 2 (2000) must be at most 1024',
    )
    await page.locator('input[name="pipeline"]').fill('1')
    await startAndExpectProblem(
      page,
      'payloadBytes',
      '0, 100',
      'Payload sizes: item 1 (0) must be at least 1',
    )
    await page.locator('input[name="payloadBytes"]').fill('100')
    // a schema bound in words, with the field's label
    await startAndExpectProblem(page, 'durationSec', '0', 'Seconds per step: must be more than 0')

    await page.locator('select[name="suite"]').selectOption('postgres')
    await page.locator('select[name="target"]').selectOption('db')
    await startAndExpectProblem(
      page,
      'poolSizes',
      '5, 5000',
      'Pool sizes: item 2 (5000) must be at most 1000',
    )
    expect(s.app.store.listRuns()).toEqual([])
    expect(errors).toEqual([])
  })
})
