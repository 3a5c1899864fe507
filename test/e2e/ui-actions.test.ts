import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useServedApp } from './harness'

describe('every click does what it says', () => {
  const s = useServedApp()

  it('"Add a Redis target first" opens the new Redis target form', async () => {
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await page.locator('select[name="suite"]').selectOption('redis')
    await page.getByRole('button', { name: /^Add a Redis target first/ }).click()
    await page.getByRole('heading', { name: 'New Redis target' }).waitFor()
    expect(await s.hash(page)).toBe('#/targets/new')
    expect(errors).toEqual([])
  })

  it('connection test details are named in words, never cut off, and the time is said once', async () => {
    s.app.store.saveTarget({
      kind: 'postgres',
      id: 'db',
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'test',
    })
    const { page, errors } = s
    for (const [id, label] of [
      ['db', 'May create in the database'],
      ['api', 'First byte (ms)'],
    ] as const) {
      await page.goto(`${s.app.serve.url}#/targets/${id}`)
      await page.reload()
      await page.getByRole('button', { name: 'Test connection' }).click()
      const result = page.getByTestId('test-result')
      await result.waitFor({ timeout: 15_000 })
      const text = (await result.textContent()) ?? ''
      expect(text).toContain('connected')
      expect(await result.locator('dt').allTextContents()).toContain(label)
      // no raw identifiers: every name has a space or is one plain word
      for (const dt of await result.locator('dt').allTextContents())
        expect(dt).not.toMatch(/^[a-z]+[A-Z]\w*$/)
      expect(text.match(/\d ms(?![a-z])/g)?.length, text).toBe(1)
      const cut = await result
        .locator('dd')
        .evaluateAll((dds) => dds.filter((d) => d.scrollWidth > d.clientWidth + 1).length)
      expect(cut).toBe(0)
    }
    expect(errors).toEqual([])
  })

  it('an open tab whose server went away says what to do, not only "disconnected"', async () => {
    const { page } = s
    await page.goto(s.app.serve.url)
    await expect.poll(() => page.locator('.conn').textContent()).toBe('connected')
    await s.app.serve.close()
    const banner = page.getByTestId('disconnected')
    expect(await banner.textContent({ timeout: 15_000 })).toContain('open the new address')
  })

  it('exports from the Run screen, names every export the same way and puts the run id in the file name; a deleted run leaves the Run screen', async () => {
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await page.locator('input[name="connections"]').fill('2')
    await page.locator('input[name="durationSec"]').fill('1')
    await page.getByRole('button', { name: 'Start run' }).click()
    await expect.poll(() => s.runStatus(page), { timeout: 15_000 }).toBe('running')
    await expect.poll(() => s.runStatus(page), { timeout: 30_000 }).not.toBe('running')
    const [run] = s.app.store.listRuns()
    for (const name of ['Export JSON', 'Export PDF', 'Export HTML'])
      await page.getByRole('button', { name, exact: true }).waitFor()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export HTML', exact: true }).click(),
    ])
    expect(download.suggestedFilename()).toContain(run!.id)
    expect(readFileSync(await download.path(), 'utf8')).toContain(run!.id)

    // deleted from History: the Run screen no longer shows it
    await page.goto(`${s.app.serve.url}#/runs/${run!.id}`)
    await page.getByRole('button', { name: 'Delete…' }).click()
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await expect.poll(() => s.app.store.getRun(run!.id)).toBeNull()
    await page.locator('[data-nav="run"]').click()
    await page.getByText('Nothing running').waitFor()
    expect(await page.getByTestId('run-view').count()).toBe(0)
    expect(errors).toEqual([])
  })
})
