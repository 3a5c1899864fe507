import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
import { useServedApp } from './harness'

describe('accessibility: every screen, navigation names, charts', () => {
  const s = useServedApp({ bypassCSP: true })

  async function runOnce(connections: number): Promise<string> {
    const started = s.app.engine.start({
      name: 'A11y run',
      targets: s.app.store.listTargets(),
      suites: [
        {
          kind: 'http-load',
          target: 'api',
          connections,
          durationSec: 2,
          requests: [{ path: '/' }],
        },
      ],
    })
    await started.done
    return started.runId
  }

  it('nav items are named without their icons and the current one says so', async () => {
    const { page } = s
    await page.goto(s.app.serve.url)
    const nav = page.getByRole('navigation')
    for (const name of ['Run', 'Targets', 'History'])
      await nav.getByRole('link', { name, exact: true }).waitFor()
    expect(
      await nav.getByRole('link', { name: 'Run', exact: true }).getAttribute('aria-current'),
    ).toBe('page')
    await nav.getByRole('link', { name: 'History', exact: true }).click()
    await expect
      .poll(() =>
        nav.getByRole('link', { name: 'History', exact: true }).getAttribute('aria-current'),
      )
      .toBe('page')
    expect(
      await nav.getByRole('link', { name: 'Run', exact: true }).getAttribute('aria-current'),
    ).toBeNull()
  })

  it('charts have a name and their numbers as a table', async () => {
    const id = await runOnce(2)
    const { page } = s
    await page.goto(`${s.app.serve.url}#/runs/${id}`)
    const chart = page.locator('[data-chart="rps"]').first()
    await chart.waitFor({ timeout: 15_000 })
    const img = chart.getByRole('img')
    expect(await img.getAttribute('aria-label')).toMatch(/^Chart: .*req\/s/i)
    await chart.getByText('Numbers as a table').click()
    const rows = chart.locator('.chart-table tbody tr')
    const shown = Number(await chart.getAttribute('data-points'))
    expect(shown).toBeGreaterThanOrEqual(2)
    await expect.poll(() => rows.count()).toBe(shown)
    expect(await rows.first().locator('td').first().textContent()).toMatch(/\d/)
  })

  it('axe-core finds no serious or critical violation on any screen', async () => {
    const a = await runOnce(2)
    const b = await runOnce(4)
    const { page, errors } = s
    const found: Record<string, string[]> = {}
    const check = async (screen: string): Promise<void> => {
      found[screen] = await seriousViolations(page)
    }
    await page.goto(s.app.serve.url)
    await page.getByRole('button', { name: 'Start run' }).waitFor()
    await check('run')
    await page.locator('input[name="connections"]').fill('0')
    await page.getByRole('button', { name: 'Start run' }).click()
    await page.locator('.field-problem').first().waitFor()
    await check('run with problems')
    await page.goto(`${s.app.serve.url}#/targets`)
    await page.locator('[data-target-id="api"]').waitFor()
    await check('targets')
    await page.goto(`${s.app.serve.url}#/targets/api`)
    await page.getByRole('button', { name: 'Save target' }).waitFor()
    await check('target editor')
    await page.goto(`${s.app.serve.url}#/history`)
    await page.locator(`[data-run-id="${a}"]`).waitFor()
    await check('history')
    await page.goto(`${s.app.serve.url}#/runs/${a}`)
    await page.getByTestId('score-tile').waitFor({ timeout: 15_000 })
    await check('run detail')
    await page.goto(`${s.app.serve.url}#/compare/${a}/${b}`)
    await page.getByTestId('compare-run-A').waitFor({ timeout: 15_000 })
    await check('compare')
    expect(found).toEqual({
      run: [],
      'run with problems': [],
      targets: [],
      'target editor': [],
      history: [],
      'run detail': [],
      compare: [],
    })
    expect(errors).toEqual([])
  })
})
