import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../helpers/http-servers'
import { fillInputs, chartPixelsNear, fullShot, SHOTS_DIR, useServedApp } from './harness'
import { httpTarget } from '../fixtures/targets'

const shot = (page: Page, name: string): Promise<void> => fullShot(page, name, { maxHeight: 3000 })

const BLUE_A: [number, number, number] = [0x4f, 0xa3, 0xff]
const AMBER_B: [number, number, number] = [0xf5, 0xb9, 0x45]

describe('compare, baseline, score and the open model in the browser', () => {
  /** what the server waits before answering; the test changes it between runs */
  let delayMs = 5
  const s = useServedApp({
    server: { delayMs: () => delayMs },
    targets: (server) => [
      { kind: 'http', id: 'local-api', name: 'Local API', baseUrl: server!.url },
    ],
  })
  beforeAll(() => mkdirSync(SHOTS_DIR, { recursive: true }))

  /**
   * A 3 s closed-model run from the Run form, to its end; answers its status. Three seconds, not
   * two: the significance tests work on per-second samples, and with two a side a 5× slowdown
   * can still come out "within noise" after Holm's correction (it did, in one of our runs).
   */
  async function runFromForm(page: Page): Promise<string | null> {
    await page.locator('[data-nav="run"]').click()
    await page.locator('input[name="connections"]').fill('4')
    await page.locator('input[name="durationSec"]').fill('3')
    await page.getByRole('button', { name: 'Start run' }).click()
    await expect.poll(() => s.runStatus(page), { timeout: 15_000 }).toBe('running')
    await expect.poll(() => s.runStatus(page), { timeout: 30_000 }).not.toBe('running')
    await page.getByTestId('checks').waitFor()
    return s.runStatus(page)
  }

  it('compares a 5 ms run with a 60 ms run, marks a baseline and explains the score', async () => {
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await expect.poll(() => page.locator('.conn').textContent()).toBe('connected')

    // a p95 limit the 5 ms server meets and the 60 ms one cannot
    await page.locator('[data-nav="run"]').click()
    await page.locator('input[name="p99Ms"]').fill('')
    delayMs = 5
    await page.locator('input[name="p95Ms"]').fill('20')
    await runFromForm(page)
    // 12× slower: clear beyond the noise a busy machine adds to the in-process server
    delayMs = 60
    expect(await runFromForm(page)).toBe('failed')
    const [newer, older] = s.app.store.listRuns()
    expect(older && newer).toBeTruthy()

    // History: tick both, compare
    await page.locator('[data-nav="history"]').click()
    const rows = page.locator('[data-testid="history"] tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    const compareButton = page.getByRole('button', { name: /^Compare/ })
    expect(await compareButton.isDisabled()).toBe(true)
    await page.getByLabel(`compare run ${newer!.id}`).check()
    expect(await compareButton.isDisabled()).toBe(true)
    await page.getByLabel(`compare run ${older!.id}`).check()
    await shot(page, 'compare-pick')
    await compareButton.click()

    const verdict = page.getByTestId('compare-verdict')
    await verdict.waitFor({ timeout: 15_000 })
    // A is the older (5 ms) run, B the newer (60 ms) one
    expect(await page.getByTestId('compare-run-A').textContent()).toContain(older!.id)
    expect(await page.getByTestId('compare-run-B').textContent()).toContain(newer!.id)
    expect(await verdict.getAttribute('data-verdict')).toBe('regression')
    expect(await verdict.textContent()).toContain('p50 latency')
    const p50Row = page.locator('[data-testid="compare-suite-0"] tr[data-metric="p50Ms"]')
    expect(await p50Row.getAttribute('data-verdict')).toBe('regression')
    const cells = await p50Row.locator('td').allTextContents()
    // A about 5 ms, B about 60 ms, delta positive, % well over the tolerance
    expect(parseFloat(cells[1]!)).toBeGreaterThanOrEqual(4.5)
    expect(parseFloat(cells[2]!)).toBeGreaterThanOrEqual(54)
    expect(cells[3]).toMatch(/^\+/)
    expect(parseFloat(cells[4]!.replace(/[^\d.]/g, ''))).toBeGreaterThan(100)
    // both runs are drawn on each overlaid chart, in their own colours, named in the legend
    for (const chart of ['compare-0-rate', 'compare-0-latency']) {
      expect(await chartPixelsNear(page, chart, BLUE_A)).toBeGreaterThan(20)
      expect(await chartPixelsNear(page, chart, AMBER_B)).toBeGreaterThan(20)
      const legend = await page.locator(`[data-chart="${chart}"] .u-legend`).textContent()
      expect(legend).toContain('A · ')
      expect(legend).toContain('B · ')
    }
    await shot(page, 'compare')

    // swapped, the same difference is an improvement
    await page.getByRole('button', { name: 'Swap A ↔ B' }).click()
    await expect.poll(() => page.getByTestId('compare-run-A').textContent()).toContain(newer!.id)
    await expect.poll(() => verdict.getAttribute('data-verdict')).toBe('ok')
    expect(await p50Row.getAttribute('data-verdict')).toBe('improvement')

    // the older run becomes the baseline
    await page.getByRole('button', { name: '← All runs' }).click()
    await page.locator(`[data-run-id="${older!.id}"] td:nth-child(2)`).click()
    await page.getByRole('button', { name: /Use as baseline/ }).click()
    await page.getByTestId('run-view').getByTestId('baseline-badge').waitFor()
    expect(s.app.store.listRuns().find((r) => r.id === older!.id)?.baseline).toBe(true)
    // the baseline has no deltas of its own
    expect(await page.getByTestId('baseline-deltas').count()).toBe(0)
    await page.getByRole('button', { name: '← All runs' }).click()
    await page.locator(`[data-run-id="${older!.id}"] [data-testid="baseline-badge"]`).waitFor()
    expect(
      await page.locator('[data-testid="history"] [data-testid="baseline-badge"]').count(),
    ).toBe(1)
    await shot(page, 'history-baseline')

    // the later run shows its deltas against the baseline
    await page.locator(`[data-run-id="${newer!.id}"] td:nth-child(2)`).click()
    const deltas = page.getByTestId('baseline-deltas')
    await deltas.waitFor({ timeout: 10_000 })
    expect(await deltas.getByTestId('compare-verdict').getAttribute('data-verdict')).toBe(
      'regression',
    )
    await shot(page, 'run-baseline-deltas')

    // the score tile explains itself, and the items add up to the score
    const run = s.app.store.getRun(newer!.id)!
    // the failed p95 check cost points: there is something to explain
    expect(run.score!.value).toBeLessThan(100)
    expect(run.score!.items.length).toBeGreaterThan(0)
    await page.getByTestId('score-tile').click()
    const pop = page.locator('.popover [data-testid="score-breakdown"]')
    await pop.waitFor()
    expect(await pop.locator('[data-score-item]').count()).toBe(run.score!.items.length)
    expect(Number(await pop.getByTestId('score-sum').textContent())).toBe(run.score!.value)
    await shot(page, 'score-popover')
    await page.keyboard.press('Escape')
    await expect.poll(() => pop.count()).toBe(0)

    // and in the history list, from the score cell
    await page.getByRole('button', { name: '← All runs' }).click()
    await page.locator(`[data-run-id="${newer!.id}"] .score-cell button`).click()
    const cellPop = page.locator(`[data-run-id="${newer!.id}"] [data-testid="score-breakdown"]`)
    await cellPop.waitFor()
    expect(Number(await cellPop.getByTestId('score-sum').textContent())).toBe(run.score!.value)
    // opening the explanation does not open the run
    expect(await page.getByTestId('run-view').count()).toBe(0)
    await shot(page, 'history-score')

    expect(errors).toEqual([])
  })

  it('runs 200 req/s for 2 s from the form: the load shape, then target against delivered', async () => {
    const { page, errors } = s
    delayMs = 5
    await page.goto(s.app.serve.url)
    await expect.poll(() => page.locator('.conn').textContent()).toBe('connected')
    await page.locator('[data-nav="run"]').click()
    await page.getByRole('button', { name: 'Arrival rate' }).click()
    await page.locator('input[name="rate"]').fill('200')
    await page.locator('input[name="durationSec"]').fill('2')
    const preview = page.getByTestId('load-shape')
    await expect.poll(() => preview.getAttribute('data-requests')).toBe('400')
    expect(await preview.getAttribute('data-peak')).toBe('200')
    await shot(page, 'open-model-form')

    // stages: the preview follows every edit
    await page.getByRole('button', { name: 'Stages' }).click()
    await page.getByLabel('stage 1 duration').fill('2')
    await page.getByLabel('stage 1 rate').fill('300')
    await page.getByLabel('stage 2 duration').fill('3')
    await page.getByLabel('stage 2 rate').fill('50')
    await expect.poll(() => preview.getAttribute('data-peak')).toBe('300')
    // 0→300 over 2 s is 300 requests, 300→50 over 3 s is 525
    expect(await preview.getAttribute('data-requests')).toBe('825')
    expect(await preview.getAttribute('data-duration')).toBe('5')
    await page.getByRole('button', { name: '+ Add stage' }).click()
    await expect.poll(() => preview.getAttribute('data-duration')).toBe('15')
    await shot(page, 'open-model-stages')
    await page.getByRole('button', { name: 'Constant' }).click()
    await expect.poll(() => preview.getAttribute('data-requests')).toBe('400')

    await page.getByRole('button', { name: 'Start run' }).click()
    await expect.poll(() => s.runStatus(page), { timeout: 15_000 }).toBe('running')
    await expect.poll(() => s.runStatus(page), { timeout: 30_000 }).not.toBe('running')
    const stats = page.getByTestId('open-model-stats')
    await stats.waitFor()
    const [run] = s.app.store.listRuns()
    const result = s.app.store.getRun(run!.id)!
    const suite = result.suites[0]!
    if (suite.kind !== 'http-load' || !suite.metrics) throw new Error('no http-load metrics')
    expect(suite.config.model).toBe('arrival-rate')
    expect(suite.config.rate).toBe(200)
    expect(suite.metrics.targetRps).toBe(200)
    // a 5 ms server takes 200 req/s easily: what was delivered is close to what was asked
    expect(suite.metrics.rps).toBeGreaterThan(150)
    expect(suite.metrics.rps).toBeLessThan(230)
    const text = await stats.textContent()
    expect(text).toMatch(/Target rate\s*200\s*req\/s/)
    expect(text).toMatch(/Delivered\s*\d{3}\s*req\/s/)
    expect(text).toContain('of target')
    // the notes say how the open model measures
    expect(await page.locator('.notes').first().textContent()).toMatch(/intended/i)
    // late and dropped have their own series; the target rate is drawn against delivered
    expect(await page.locator('[data-chart="errors"] .u-legend').textContent()).toMatch(
      /late\/s.*dropped\/s/,
    )
    expect(await chartPixelsNear(page, 'rps', [0xa9, 0xb4, 0xc6])).toBeGreaterThan(20)
    expect(await chartPixelsNear(page, 'rps', BLUE_A)).toBeGreaterThan(20)
    await shot(page, 'open-model-result')
    expect(errors).toEqual([])
  })

  it('sweeps rates against a server that saturates: the curve, its knee and the max sustainable load', async () => {
    const { page, errors } = s
    // two requests at a time, 10 ms each: about 200 req/s at most
    const saturating = await startServer({ delayMs: 10, concurrencyLimit: 2 })
    try {
      s.app.store.saveTarget(httpTarget('small', 'Small API', saturating.url))
      await page.goto(s.app.serve.url)
      await expect.poll(() => page.locator('.conn').textContent()).toBe('connected')
      await page.locator('[data-nav="run"]').click()
      await page.locator('select[name="target"]').selectOption('small')
      await page.getByRole('button', { name: 'Arrival rate' }).click()
      await page.locator('input[name="sweepOn"]').check()
      await fillInputs(page, {
        sweepLevels: '50, 100, 150, 300',
        durationSec: '1.5',
        p95Ms: '60',
        timeoutSec: '2',
      })
      await expect.poll(() => page.getByTestId('load-shape').getAttribute('data-peak')).toBe('300')
      await page.getByRole('button', { name: 'Start run' }).click()
      await expect.poll(() => s.runStatus(page), { timeout: 15_000 }).toBe('running')
      await expect.poll(() => s.runStatus(page), { timeout: 60_000 }).not.toBe('running')
      const curve = page.getByTestId('sweep-curve')
      await curve.waitFor()
      const suite = s.app.store.getRun(s.app.store.listRuns()[0]!.id)!.suites[0]!
      if (suite.kind !== 'http-load' || !suite.sweep) throw new Error('no sweep in the result')
      expect(suite.sweep.steps.map((s) => s.rate)).toEqual([50, 100, 150, 300])
      expect(await page.locator('[data-testid="sweep-steps"] tbody tr').count()).toBe(4)
      expect(await page.locator('[data-chart="sweep"]').getAttribute('data-points')).toBe('4')
      const max = await page.getByTestId('max-sustainable').textContent()
      if (suite.sweep.maxSustainable) {
        expect(max).toContain(`Max sustainable load: ${suite.sweep.maxSustainable.load} req/s`)
        // 300 req/s is beyond what two 10 ms slots can serve
        expect(suite.sweep.maxSustainable.load).toBeLessThan(300)
      } else {
        expect(max).toContain('No level was sustainable')
      }
      await curve.scrollIntoViewIfNeeded()
      await shot(page, 'open-model-sweep')
      expect(errors).toEqual([])
    } finally {
      await saturating.close()
    }
  })
})
