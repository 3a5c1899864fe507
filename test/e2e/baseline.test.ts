import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { setRunBaseline } from '../../src/main/api/compare'
import { fillInputs, SHOTS_DIR, useServedApp } from './harness'

/**
 * Issue 12 point 4: the baseline is chosen per plan and target ("Use as baseline"), shown where
 * deltas are ("Baseline: <run>, <date>"), clearable, and does not depend on the run's name.
 */
describe('baselines, chosen per plan and target', () => {
  const s = useServedApp()

  it(
    'a renamed run of the same suite and target gets its deltas against the chosen run',
    {
      timeout: 120_000,
    },
    async () => {
      const { page, errors } = s
      mkdirSync(SHOTS_DIR, { recursive: true })
      const a = await s.runOnce('Checkout A')
      const other = await s.runOnce('Checkout in between')

      // the stored run A, at its address: "Use as baseline"
      await page.goto(`${s.app.serve.url}#/runs/${a}`)
      await page.getByRole('button', { name: /Use as baseline/ }).click()
      await page.getByRole('button', { name: /★ Baseline/ }).waitFor()
      expect(s.app.store.findBaseline({ plan: 'suites:http-load', target: 'api' })).toEqual({
        runId: a,
        automatic: false,
      })

      // the run form says which run the next run of this suite and target is compared with
      await page.locator('[data-nav="run"]').click()
      const formLabel = page.locator('.run-config [data-testid="baseline-label"]')
      await expect
        .poll(() => formLabel.textContent(), { timeout: 15_000 })
        .toContain('Baseline: Checkout A')
      expect(await formLabel.textContent()).not.toContain('automatic')
      await page.screenshot({ path: join(SHOTS_DIR, 'baseline-run-form.png') })

      // B: another name, the same suite and target
      await fillInputs(page, { runName: 'Checkout B, renamed', connections: '2', durationSec: '1' })
      await page.getByRole('button', { name: 'Start run' }).click()
      const deltas = page.locator('.run-output [data-testid="baseline-deltas"]')
      await deltas.waitFor({ timeout: 30_000 })
      const label = deltas.getByTestId('baseline-label')
      expect(await label.textContent()).toContain('Baseline: Checkout A')
      expect(await label.textContent()).not.toContain('automatic')
      // against A, not the later run in between
      expect(await deltas.textContent()).toContain(`run ${a}`)
      expect(await deltas.textContent()).not.toContain(other)
      await deltas.locator('.compare-table').first().waitFor()
      await page
        .locator('.baseline-panel')
        .screenshot({ path: join(SHOTS_DIR, 'baseline-deltas.png') })

      // cleared: the latest finished run before B stands in, and says it is automatic
      await label.getByRole('button', { name: 'Clear baseline' }).click()
      await expect.poll(() => label.textContent(), { timeout: 15_000 }).toContain('automatic')
      expect(await label.textContent()).toContain('Baseline: Checkout in between')
      await page.locator('.baseline-panel').screenshot({
        path: join(SHOTS_DIR, 'baseline-deltas-automatic.png'),
      })
      expect(s.app.store.getRun(a)!.baseline).toBe(false)
      expect(errors).toEqual([])
    },
  )

  it('a cancelled run cannot be made the baseline', { timeout: 60_000 }, async () => {
    const started = s.app.engine.start({
      name: 'stopped early',
      targets: s.app.store.listTargets(),
      suites: [
        {
          kind: 'http-load',
          target: 'api',
          connections: 2,
          durationSec: 30,
          requests: [{ path: '/' }],
        },
      ],
    })
    await new Promise((r) => setTimeout(r, 1500))
    s.app.engine.cancel(started.runId)
    expect((await started.done).status).toBe('cancelled')
    const { page } = s
    await page.goto(`${s.app.serve.url}#/runs/${started.runId}`)
    const use = page.getByRole('button', { name: /Use as baseline/ })
    await use.waitFor({ timeout: 15_000 })
    expect(await use.isDisabled()).toBe(true)
    expect(() => setRunBaseline(s.app.store, started.runId, true, [])).toThrow(/cancelled/)
  })
})
