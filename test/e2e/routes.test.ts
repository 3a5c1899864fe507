import { describe, expect, it } from 'vitest'
import { fillInputs, useServedApp } from './harness'

describe('every screen has an address', () => {
  const s = useServedApp()

  it('routes every screen; Back and Forward move between them; a fresh tab opens the route', async () => {
    const older = await s.runOnce('Route run A')
    const newer = await s.runOnce('Route run B')
    const { page, context, errors } = s
    await page.goto(s.app.serve.url)
    await expect.poll(() => page.locator('.conn').textContent()).toBe('connected')
    await expect.poll(() => s.hash(page)).toBe('#/run')

    await page.locator('[data-nav="targets"]').click()
    await expect.poll(() => s.hash(page)).toBe('#/targets')
    await page.locator('[data-target-id="api"]').click()
    await expect.poll(() => s.hash(page)).toBe('#/targets/api')

    await page.locator('[data-nav="history"]').click()
    await expect.poll(() => s.hash(page)).toBe('#/history')
    await page.locator(`[data-run-id="${older}"]`).click()
    await expect.poll(() => s.hash(page)).toBe(`#/runs/${older}`)
    await page.getByRole('heading', { name: 'Route run A' }).waitFor()
    expect(await page.title()).toContain('Route run A')

    await page.getByRole('button', { name: '← All runs' }).click()
    await expect.poll(() => s.hash(page)).toBe('#/history')
    await page.getByLabel(`compare run ${older}`).check()
    await page.getByLabel(`compare run ${newer}`).check()
    await page.getByRole('button', { name: /^Compare/ }).click()
    await expect.poll(() => s.hash(page)).toBe(`#/compare/${older}/${newer}`)
    await page.getByTestId('compare-run-A').waitFor({ timeout: 15_000 })

    // Back: the list, then the run, then the list again; Forward the other way
    await page.goBack()
    await expect.poll(() => s.hash(page)).toBe('#/history')
    await page.locator('[data-testid="history"]').waitFor()
    await page.goBack()
    await expect.poll(() => s.hash(page)).toBe(`#/runs/${older}`)
    await page.getByRole('heading', { name: 'Route run A' }).waitFor()
    await page.goForward()
    await page.goForward()
    await expect.poll(() => s.hash(page)).toBe(`#/compare/${older}/${newer}`)
    await page.getByTestId('compare-run-A').waitFor({ timeout: 15_000 })
    // one Back at a time, each once its screen has shown (as a person clicks Back)
    const steps: [string, () => Promise<void>][] = [
      ['#/history', () => page.locator('[data-testid="history"]').waitFor()],
      [`#/runs/${older}`, () => page.getByRole('heading', { name: 'Route run A' }).waitFor()],
      ['#/history', () => page.locator('[data-testid="history"]').waitFor()],
      ['#/targets/api', () => page.locator('[data-target-id="api"]').first().waitFor()],
      ['#/targets', async () => {}],
    ]
    for (const [expected, shown] of steps) {
      await page.goBack()
      await expect.poll(() => s.hash(page)).toBe(expected)
      await shown()
    }
    await page.getByText('Choose a target to edit it, or add one.').waitFor()
    // the first Back after the app opened stays in the app
    await page.goBack()
    await expect.poll(() => s.hash(page)).toBe('#/run')
    await page.getByRole('button', { name: 'Start run' }).waitFor()

    // each route in a fresh tab
    const tab = await context.newPage()
    await tab.goto(`${s.app.serve.url}#/compare/${older}/${newer}`)
    expect(await tab.getByTestId('compare-run-A').textContent({ timeout: 15_000 })).toContain(older)
    expect(await tab.getByTestId('compare-run-B').textContent()).toContain(newer)
    await tab.goto(`${s.app.serve.url}#/runs/${newer}`)
    await tab.reload()
    await tab.getByRole('heading', { name: 'Route run B' }).waitFor()
    expect(await s.hash(tab)).toBe(`#/runs/${newer}`)
    await tab.goto(`${s.app.serve.url}#/targets/api`)
    await tab.reload()
    await tab.getByRole('heading', { name: 'Edit Local API' }).waitFor()
    // an address without the token (copied from the bar after a click): the session cookie serves
    await tab.goto(`${new URL(s.app.serve.url).origin}/#/history`)
    await tab.reload()
    await expect.poll(() => tab.locator('.conn').textContent()).toBe('connected')
    await tab.locator(`[data-testid="history"] [data-run-id="${older}"]`).waitFor()
    await tab.close()
    expect(errors).toEqual([])
  })

  it('a reload mid-run keeps the form, the run name and the title', async () => {
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await fillInputs(page, { runName: 'Checkout path', connections: '2', durationSec: '6' })
    await page.getByRole('button', { name: 'Start run' }).click()
    await expect.poll(() => s.runStatus(page), { timeout: 15_000 }).toBe('running')
    await page.reload()
    await expect.poll(() => s.runStatus(page), { timeout: 15_000 }).toBe('running')
    expect(await page.locator('input[name="runName"]').inputValue()).toBe('Checkout path')
    expect(await page.locator('input[name="durationSec"]').inputValue()).toBe('6')
    expect(await page.locator('input[name="connections"]').inputValue()).toBe('2')
    await page.getByRole('heading', { name: 'Checkout path' }).waitFor()
    expect(await page.title()).toContain('Checkout path')
    await expect.poll(() => s.runStatus(page), { timeout: 30_000 }).not.toBe('running')
    expect(errors).toEqual([])
  })
})

describe('in-tab navigation after a live run', () => {
  const s = useServedApp()

  it('the finished run at its address, then fast Back and Forward end on the screen the address names', async () => {
    const older = await s.runOnce('Nav run A')
    const newer = await s.runOnce('Nav run B')
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await fillInputs(page, { runName: 'Nav live', connections: '2', durationSec: '1' })
    await page.getByRole('button', { name: 'Start run' }).click()
    await expect.poll(() => s.runStatus(page), { timeout: 15_000 }).toBe('running')
    await expect.poll(() => s.runStatus(page), { timeout: 30_000 }).not.toBe('running')
    const live = s.app.store.listRuns()[0]!.id

    // the same tab, straight from the live view to the stored run's address
    await page.evaluate((id) => (location.hash = `#/runs/${id}`), live)
    await page.getByRole('heading', { name: 'Nav live' }).waitFor({ timeout: 15_000 })
    await page.getByRole('button', { name: /Use as baseline/ }).waitFor({ timeout: 15_000 })

    // then two comparisons and an older run, each by its address
    for (const hash of [
      `#/compare/${older}/${live}`,
      `#/compare/${newer}/${live}`,
      `#/runs/${older}`,
    ])
      await page.evaluate((h) => (location.hash = h), hash)
    await page.getByRole('heading', { name: 'Nav run A' }).waitFor({ timeout: 15_000 })

    // Back three times without waiting for any screen, then Forward twice
    for (let i = 0; i < 3; i++) await page.goBack({ waitUntil: 'commit' })
    await expect.poll(() => s.hash(page)).toBe(`#/runs/${live}`)
    await page.getByRole('heading', { name: 'Nav live' }).waitFor({ timeout: 15_000 })
    for (let i = 0; i < 2; i++) await page.goForward({ waitUntil: 'commit' })
    await expect.poll(() => s.hash(page)).toBe(`#/compare/${newer}/${live}`)
    // the comparison shown is the one the address names, not a late answer for the other pair
    const runA = page.getByTestId('compare-run-A')
    await expect.poll(() => runA.textContent(), { timeout: 15_000 }).toContain(newer)
    // and it stays so once every answer is in
    await page.waitForTimeout(1000)
    expect(await runA.textContent()).toContain(newer)
    expect(await page.getByTestId('compare-run-B').textContent()).toContain(live)
    expect(errors).toEqual([])
  }, 120_000)
})
