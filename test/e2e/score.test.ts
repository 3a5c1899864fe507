import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setRunBaseline } from '../../src/main/api/compare'
import { demoPlan } from '../../src/main/demo/plan'
import { startDemoServer, type DemoServer } from '../../src/main/demo/server'
import { useServedApp } from './harness'

describe('the score in the browser', () => {
  const s = useServedApp({ server: false })
  let demo: DemoServer
  beforeAll(async () => {
    demo = await startDemoServer()
  })
  afterAll(async () => {
    await demo?.close()
  })

  it('counts the findings: the demo run with server errors and a long tail does not score 99', async () => {
    const started = s.app.engine.start(demoPlan(demo.url, 3))
    const run = await started.done
    const warnings = run.findings.filter((f) => f.severity === 'warning')
    // the demo's flaky endpoint and slow tail: at least the error-rate and tail warnings
    expect(warnings.length).toBeGreaterThanOrEqual(2)
    const { page, errors } = s
    await page.goto(`${s.app.serve.url}#/runs/${started.runId}`)
    const tile = page.getByTestId('score-tile')
    await tile.waitFor({ timeout: 15_000 })
    const value = run.score!.value
    // each warning without an estimated impact costs 8 of its 15 points
    expect(value).toBeLessThanOrEqual(100 - 8 * warnings.length)
    expect(await tile.textContent()).toContain(String(value))
    await tile.click()
    const pop = page.locator('.popover [data-testid="score-breakdown"]')
    await pop.waitFor()
    const items = await pop.locator('[data-score-item]').allTextContents()
    expect(items.join('\n')).toContain(`warning: ${warnings[0]!.title}`)
    expect(Number(await pop.getByTestId('score-sum').textContent())).toBe(value)
    expect(errors).toEqual([])
  })
})

describe('a cancelled run', () => {
  const s = useServedApp()

  it('is not scored 100 and is not offered as a baseline', { timeout: 120_000 }, async () => {
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await page.locator('input[name="connections"]').fill('2')
    await page.locator('input[name="durationSec"]').fill('30')
    await page.getByRole('button', { name: 'Start run' }).click()
    await expect
      .poll(() => page.locator('[data-chart="rps"]').first().getAttribute('data-points'), {
        timeout: 30_000,
      })
      .toMatch(/^[1-9]/)
    await page.getByRole('button', { name: 'Stop' }).click()
    const view = page.getByTestId('run-view')
    await expect.poll(() => view.getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled')
    const [summary] = s.app.store.listRuns()
    const run = s.app.store.getRun(summary!.id)!
    expect(run.status).toBe('cancelled')
    expect(run.score!.value).toBe(0)
    expect(run.score!.items.map((i) => i.reason).join('\n')).toContain('cancelled')

    // the stored run, opened at its address in a fresh tab (not the live view's score tile)
    const detail = await page.context().newPage()
    await detail.goto(`${s.app.serve.url}#/runs/${run.id}`)
    const mark = detail.getByRole('button', { name: /baseline/ })
    await mark.waitFor({ timeout: 30_000 })
    expect(await detail.getByTestId('score-tile').textContent()).toContain('0')
    expect(await mark.isDisabled()).toBe(true)
    expect(await mark.getAttribute('title')).toContain('cannot be a baseline')
    // and the API refuses it too
    expect(() => setRunBaseline(s.app.store, run.id, true, [])).toThrow(/cancelled/)
    expect(errors).toEqual([])
  })
})
