import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import {
  buildRenderer,
  fullShot,
  launchBrowser,
  newRunForm,
  SHOTS_DIR,
  startApp,
  waitForRunEnd,
  type App,
  type Browser,
} from './harness'

/** What a screenshot script drives: the served app in Chromium, shots named with its prefix. */
export interface ShotSession {
  app: App
  browser: Browser
  page: Page
  /** the window as it is, as SHOTS_DIR/`<prefix>-<name>.png` */
  shot(name: string): Promise<void>
  /** the whole screen as SHOTS_DIR/`<prefix>-<name>.png` (see fullShot in harness) */
  fullShot(name: string): Promise<void>
  /** a fresh Run form for a suite, a target and a run name */
  newRun(suite: string, target: string, name: string): Promise<void>
  /** starts the run the form describes and waits until it is no longer running */
  startRun(timeoutMs: number): Promise<void>
  /** closes the browser and the app, removes the built renderer */
  close(): Promise<void>
}

/** Builds the renderer, serves it with a fresh history and opens it in Chromium. */
export async function startShotSession(
  prefix: string,
  opts: { parts?: boolean } = {},
): Promise<ShotSession> {
  const staticDir = await buildRenderer()
  const app = await startApp(staticDir)
  const browser = await launchBrowser()
  const { page } = browser
  mkdirSync(SHOTS_DIR, { recursive: true })
  return {
    app,
    browser,
    page,
    async shot(name) {
      await page.screenshot({ path: join(SHOTS_DIR, `${prefix}-${name}.png`) })
    },
    fullShot: (name) => fullShot(page, `${prefix}-${name}`, { parts: opts.parts }),
    newRun: (suite, target, name) => newRunForm(page, suite, target, name),
    async startRun(timeoutMs) {
      await page.getByRole('button', { name: 'Start run' }).click()
      await waitForRunEnd(page, timeoutMs)
    },
    async close() {
      await browser.close()
      await app.close()
      rmSync(staticDir, { recursive: true, force: true })
    },
  }
}
