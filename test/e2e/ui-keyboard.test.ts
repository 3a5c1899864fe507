import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useServedApp } from './harness'

/** Presses Tab until `match` says the focused element is the one wanted. */
async function tabTo(page: Page, match: (el: Element) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab')
    const found = await page.evaluate((src) => {
      const el = document.activeElement
      return el ? (new Function('el', `return (${src})(el)`) as (e: Element) => boolean)(el) : false
    }, match.toString())
    if (found) return
  }
  throw new Error(`Tab never reached ${what}`)
}

describe('keyboard only: the run form and the history', () => {
  const s = useServedApp()

  it('fills and starts a run, then opens it from History, with the keyboard alone', async () => {
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await page.getByRole('button', { name: 'Start run' }).waitFor()
    await tabTo(page, (el) => el.getAttribute('name') === 'runName', 'the run name')
    await page.keyboard.type('Keyboard run')
    await tabTo(page, (el) => el.getAttribute('name') === 'connections', 'connections')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('0')
    await page.keyboard.press('Enter')
    // refused: the focus lands on the field to fix
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('connections')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('2')
    await tabTo(page, (el) => el.getAttribute('name') === 'durationSec', 'duration')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('1')
    await page.keyboard.press('Enter')
    await expect.poll(() => s.runStatus(page), { timeout: 15_000 }).not.toBeNull()
    await expect.poll(() => s.runStatus(page), { timeout: 30_000 }).not.toBe('running')
    const [run] = s.app.store.listRuns()
    expect(run!.planName).toBe('Keyboard run')

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await tabTo(page, (el) => el.getAttribute('data-nav') === 'history', 'History')
    await page.keyboard.press('Enter')
    await expect.poll(() => s.hash(page)).toBe('#/history')
    await page.locator(`[data-run-id="${run!.id}"]`).waitFor()
    await tabTo(page, (el) => el.getAttribute('data-run-id') !== null, 'a history row')
    await page.keyboard.press('Enter')
    await expect.poll(() => s.hash(page)).toBe(`#/runs/${run!.id}`)
    await page.getByRole('heading', { name: 'Keyboard run' }).waitFor()
    expect(errors).toEqual([])
  })

  it('switching suites empties the run name typed for the other one', async () => {
    const { page } = s
    await page.goto(s.app.serve.url)
    await page.locator('input[name="runName"]').fill('HTTP checkout')
    await page.locator('select[name="suite"]').selectOption('redis')
    expect(await page.locator('input[name="runName"]').inputValue()).toBe('')
  })
})
