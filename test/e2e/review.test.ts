import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlanSchema } from '../../src/shared/plan'
import { buildRunResult } from '../fixtures/run-result'
import { SHOTS_DIR, useServedApp } from './harness'

const ENV = 'PERFDESK_E2E_REVIEW_SECRET'
const SECRET = `e2e-review-${process.pid}`
const QUERY_TOKEN = `e2e-query-token-${process.pid}`

/** "Run again" on an imported run with a command and an env secret goes through the review screen. */
describe('the review screen in a browser through perfdesk serve', () => {
  beforeAll(() => {
    mkdirSync(SHOTS_DIR, { recursive: true })
    process.env[ENV] = SECRET
  })
  afterAll(() => {
    delete process.env[ENV]
  })
  const s = useServedApp({ per: 'all', server: {}, targets: () => [] })

  it('an imported run does not start before its review is approved', async () => {
    const marker = join(s.app.dir, 'command-ran')
    const plan = PlanSchema.parse({
      name: 'imported plan',
      targets: [
        {
          id: 'api',
          kind: 'http',
          baseUrl: s.server.url,
          auth: { type: 'bearer', token: { env: ENV } },
        },
        {
          id: 'proc',
          kind: 'process',
          command: `node -e "require('fs').writeFileSync('${marker}', 'ran'); setTimeout(() => {}, 20000)"`,
        },
      ],
      suites: [
        {
          kind: 'http-load',
          target: 'api',
          requests: [{ path: `/?access_token=${QUERY_TOKEN}` }],
          connections: 1,
          amount: 5,
        },
      ],
      monitor: { process: 'proc' },
    })
    s.app.store.importRun({ ...buildRunResult({ id: 'imported-e2e' }), plan })
    const { page, errors } = s
    await page.goto(s.app.serve.url)
    await page.locator('[data-nav="history"]').click()
    await page.locator('[data-testid="history"] tbody tr').first().click()
    await page.getByRole('button', { name: 'Run again' }).click()

    const dialog = page.getByRole('dialog', { name: 'Review this plan before it runs' })
    await dialog.waitFor()
    await expect.poll(() => dialog.textContent()).toContain(ENV)
    const text = (await dialog.textContent()) ?? ''
    expect(text).toContain('writeFileSync')
    expect(text).toContain(`127.0.0.1:${s.server.port}`)
    expect(text).not.toContain(SECRET)
    await page.screenshot({ path: join(SHOTS_DIR, 'review-dialog.png') })
    await page.waitForTimeout(500)
    expect(existsSync(marker)).toBe(false)
    expect(s.server.stats().requests).toBe(0)

    // Cancel: nothing runs
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.waitForTimeout(300)
    expect(existsSync(marker)).toBe(false)
    expect(s.app.engine.activeRuns()).toEqual([])

    // Run again, then Run: it runs with the real secret
    await page.locator('[data-nav="history"]').click()
    await page.locator('[data-testid="history"] tbody tr').first().click()
    await page.getByRole('button', { name: 'Run again' }).click()
    await dialog.getByRole('button', { name: 'Run' }).click()
    await expect.poll(() => existsSync(marker), { timeout: 20_000 }).toBe(true)
    expect(readFileSync(marker, 'utf8')).toBe('ran')
    await expect
      .poll(() => s.server.stats().lastHeaders?.authorization, { timeout: 20_000 })
      .toBe(`Bearer ${SECRET}`)
    await expect.poll(() => s.app.engine.activeRuns().length, { timeout: 30_000 }).toBe(0)
    // the live view names the suite with its credential as •••, never the value
    await expect
      .poll(() => page.getByTestId('run-view').textContent(), { timeout: 20_000 })
      .toContain('access_token=•••')
    const body = (await page.locator('body').textContent()) ?? ''
    expect(body).not.toContain(QUERY_TOKEN)
    expect(body).not.toContain(SECRET)
    await page.screenshot({ path: join(SHOTS_DIR, 'review-run-masked.png') })
    expect(errors.filter((e) => !/WebSocket|favicon/.test(e))).toEqual([])
  })

  it('asks before the first load on another machine; Cancel sends nothing', async () => {
    // a run of this machine's own history (not imported) whose target is not this machine
    const run = buildRunResult({ id: 'remote-e2e', baseUrl: 'http://192.0.2.10:8080' })
    s.app.store.importRun(run)
    s.app.store.trust.setUntrusted('run', 'remote-e2e', false)
    const runsBefore = s.app.store.listRuns().length
    const { page } = s
    await page.locator('[data-nav="history"]').click()
    await page.locator('[data-testid="history"] tbody tr[data-run-id="remote-e2e"]').click()
    await page.getByRole('button', { name: 'Run again' }).click()
    const dialog = page.getByRole('dialog', { name: 'Confirm load on another machine' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('192.0.2.10:8080')
    await page.screenshot({ path: join(SHOTS_DIR, 'review-remote-host.png') })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(s.app.engine.activeRuns()).toEqual([])
    expect(s.app.store.listRuns()).toHaveLength(runsBefore)
  })
})
