import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../helpers/http-servers'
import { buildRenderer, launchBrowser, startApp, type App, type Browser } from './harness'

describe('compare only what can be compared', () => {
  let staticDir: string
  let server: TestServer
  let app: App
  let browser: Browser

  beforeAll(async () => {
    staticDir = await buildRenderer()
    server = await startServer({ delayMs: 2 })
  })
  afterAll(async () => {
    await server?.close()
    if (staticDir) rmSync(staticDir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    app = await startApp(staticDir)
    app.store.saveTarget({ kind: 'http', id: 'api', baseUrl: server.url })
    app.store.saveTarget({ kind: 'http', id: 'other', baseUrl: server.url })
    browser = await launchBrowser()
  })
  afterEach(async () => {
    await browser?.close()
    await app?.close()
  })

  async function run(target: string, connections: number): Promise<string> {
    const started = app.engine.start({
      name: `${target} × ${connections}`,
      targets: app.store.listTargets(),
      suites: [
        { kind: 'http-load', target, connections, durationSec: 1, requests: [{ path: '/' }] },
      ],
    })
    await started.done
    return started.runId
  }

  it('refuses runs with no suite in common and warns when the load differed', async () => {
    const ten = await run('api', 2)
    const twenty = await run('api', 4)
    const elsewhere = await run('other', 2)
    const { page, errors } = browser

    // another target: nothing in common, no verdict
    await page.goto(`${app.serve.url}#/compare/${ten}/${elsewhere}`)
    const banner = page.locator('[data-testid="compare-view"] .banner.error')
    expect(await banner.textContent({ timeout: 15_000 })).toContain('no suite in common')
    expect(await page.getByTestId('compare-verdict').count()).toBe(0)

    // same suite, twice the connections: said before the verdict
    await page.goto(`${app.serve.url}#/compare/${ten}/${twenty}`)
    await page.reload()
    const warning = page.getByTestId('compare-load-warning')
    expect(await warning.textContent({ timeout: 15_000 })).toContain('connections 2 → 4')
    await page.getByTestId('compare-verdict').waitFor()
    expect(errors.filter((e) => !e.includes('no suite in common'))).toEqual([])
  })
})
