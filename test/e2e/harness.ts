import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import type { Target } from '../../src/shared/index'
import { httpTarget } from '../fixtures/targets'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium'
import { startServer, type ServerOptions, type TestServer } from '../helpers/http-servers'
import { Engine } from '../../src/main/engine'
import { MemorySecretBox } from '../../src/main/secrets'
import { startServe, type ServeHandle } from '../../src/main/serve'
import { openHistoryAndRecover } from '../../src/main/store'
import type { HistoryStore } from '../../src/main/store/types'

const root = resolve(import.meta.dirname ?? fileURLToPath(new URL('.', import.meta.url)), '../..')
export const SHOTS_DIR = '/tmp/perfdesk-shots'

/**
 * Builds the renderer into a private folder, so a build someone else starts in out/ cannot
 * pull the files from under a running test. Same sources and plugins as electron.vite.config.
 */
export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'perfdesk-renderer-'))
  await build({
    configFile: false,
    root: join(root, 'src/renderer'),
    base: './',
    logLevel: 'warn',
    resolve: {
      alias: {
        '@shared': join(root, 'src/shared'),
        '@renderer': join(root, 'src/renderer/src'),
      },
    },
    plugins: [react()],
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  })
  return outDir
}

export interface App {
  serve: ServeHandle
  store: HistoryStore
  engine: Engine
  dir: string
  close(): Promise<void>
}

/** `perfdesk serve` in this process, with a fresh history database. */
export async function startApp(staticDir: string): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'perfdesk-e2e-'))
  const { store } = openHistoryAndRecover(join(dir, 'history.db'))
  const secrets = new MemorySecretBox()
  const engine = new Engine({ store, runtime: 'test', secrets: (ref) => secrets.get(ref) })
  const serve = await startServe({ port: 0, store, engine, secrets, staticDir, version: 'e2e' })
  return {
    serve,
    store,
    engine,
    dir,
    async close() {
      for (const id of engine.activeRuns()) engine.cancel(id)
      await serve.close()
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface Browser {
  context: BrowserContext
  page: Page
  /** messages the page logged as errors, and uncaught exceptions */
  errors: string[]
  close(): Promise<void>
}

/**
 * Debian's Chromium, headless, with a fresh profile. `bypassCSP` lets a test inject a script
 * (axe-core) past the app's Content-Security-Policy: tests only.
 */
export async function launchBrowser(opts: { bypassCSP?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'perfdesk-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    bypassCSP: opts.bypassCSP ?? false,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    args: [...CHROMIUM_ARGS],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return {
    context,
    page,
    errors,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * Pixels of the chart's canvas in a series colour: an empty plot has only its grey grid and
 * axes, so these come from the data being drawn.
 */
export const chartPixelsNear = (
  page: Page,
  chart: string,
  rgb: [number, number, number],
): Promise<number> =>
  page
    .locator(`[data-chart="${chart}"] canvas`)
    .first()
    .evaluate((c, [r, g, b]) => {
      const canvas = c as HTMLCanvasElement
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
      let n = 0
      for (let i = 0; i < data.length; i += 4) {
        const near =
          Math.abs(data[i]! - r) < 40 &&
          Math.abs(data[i + 1]! - g) < 40 &&
          Math.abs(data[i + 2]! - b) < 40
        if (near && data[i + 3]! > 150) n++
      }
      return n
    }, rgb)

export interface ServedAppOptions {
  /** a local HTTP server started once for the describe block (default { delayMs: 2 }); false: none */
  server?: ServerOptions | false
  /** targets saved in every fresh app (default: `api`, "Local API", on the local server) */
  targets?: (server: TestServer | undefined) => Target[]
  /** let a test inject a script (axe-core) past the app's Content-Security-Policy */
  bypassCSP?: boolean
  /** 'each' (default): a fresh app, history and browser per test; 'all': one for the block */
  per?: 'each' | 'all'
}

export interface ServedApp {
  readonly staticDir: string
  readonly server: TestServer
  readonly app: App
  readonly browser: Browser
  readonly page: Page
  readonly context: BrowserContext
  readonly errors: string[]
  /** the current hash route of the page */
  hash(page?: Page): Promise<string>
  /** the run view's data-status */
  runStatus(page?: Page): Promise<string | null>
  /** a 1 s, 2-connection http-load run of `target` straight through the engine; its id */
  runOnce(name: string, target?: string, connections?: number): Promise<string>
}

/**
 * `perfdesk serve` with a fresh history, a local test server and Chromium, set up and torn down
 * by the hooks of the describe block that calls it. Read the fields inside tests only.
 */
export function useServedApp(opts: ServedAppOptions = {}): ServedApp {
  let staticDir = ''
  let server: TestServer | undefined
  let app: App | undefined
  let browser: Browser | undefined
  const defaultTargets = (srv: TestServer | undefined): Target[] =>
    srv ? [httpTarget('api', 'Local API', srv.url)] : []

  const open = async (): Promise<void> => {
    app = await startApp(staticDir)
    for (const t of (opts.targets ?? defaultTargets)(server)) app.store.saveTarget(t)
    browser = await launchBrowser({ bypassCSP: opts.bypassCSP ?? false })
  }
  const close = async (): Promise<void> => {
    await browser?.close()
    await app?.close()
    browser = undefined
    app = undefined
  }
  beforeAll(async () => {
    staticDir = await buildRenderer()
    if (opts.server !== false) server = await startServer(opts.server ?? { delayMs: 2 })
    if (opts.per === 'all') await open()
  }, 120_000)
  afterAll(async () => {
    if (opts.per === 'all') await close()
    await server?.close()
    if (staticDir) rmSync(staticDir, { recursive: true, force: true })
  })
  if (opts.per !== 'all') {
    beforeEach(open, 60_000)
    afterEach(close)
  }

  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined)
      throw new Error(`useServedApp: ${what} is not set up (read it inside a test)`)
    return v
  }
  const served: ServedApp = {
    get staticDir() {
      return staticDir
    },
    get server() {
      return need(server, 'the test server')
    },
    get app() {
      return need(app, 'the app')
    },
    get browser() {
      return need(browser, 'the browser')
    },
    get page() {
      return need(browser, 'the browser').page
    },
    get context() {
      return need(browser, 'the browser').context
    },
    get errors() {
      return need(browser, 'the browser').errors
    },
    hash: (page) => (page ?? served.page).evaluate(() => location.hash),
    runStatus: (page) => (page ?? served.page).getByTestId('run-view').getAttribute('data-status'),
    async runOnce(name, target = 'api', connections = 2) {
      const a = served.app
      const started = a.engine.start({
        name,
        targets: a.store.listTargets(),
        suites: [
          { kind: 'http-load', target, connections, durationSec: 1, requests: [{ path: '/' }] },
        ],
      })
      await started.done
      return started.runId
    },
  }
  return served
}

/**
 * The whole screen in one PNG under SHOTS_DIR: .main scrolls inside the window, so the window
 * grows to fit it first (up to `maxHeight`). `parts`: also full-resolution slices of the main
 * column, `<file>-part<i>.png`, that a reader can take in.
 */
export async function fullShot(
  page: Page,
  file: string,
  opts: { maxHeight?: number; parts?: boolean } = {},
): Promise<void> {
  const height = await page.evaluate(() => {
    const main = document.querySelector('.main')
    main?.scrollTo(0, 0)
    return main?.scrollHeight ?? 900
  })
  const full = Math.min(opts.maxHeight ?? 8000, Math.max(900, height))
  await page.setViewportSize({ width: 1440, height: full })
  await page.screenshot({ path: join(SHOTS_DIR, `${file}.png`) })
  if (opts.parts)
    for (let y = 0, i = 1; y < full && i <= 5; y += 1100, i++)
      await page.screenshot({
        path: join(SHOTS_DIR, `${file}-part${i}.png`),
        clip: { x: 380, y, width: 1060, height: Math.min(1100, full - y) },
      })
  await page.setViewportSize({ width: 1440, height: 900 })
}

/** Waits until the run view shows a run, then until that run is no longer running. */
export async function waitForRunEnd(page: Page, timeoutMs = 60_000): Promise<void> {
  const status = (): string | null | undefined =>
    document.querySelector('[data-testid="run-view"]')?.getAttribute('data-status')
  await page.waitForFunction(status, undefined, { timeout: 15_000 })
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="run-view"]')?.getAttribute('data-status') !== 'running',
    undefined,
    { timeout: timeoutMs },
  )
}

/** A fresh Run form for a suite, a target and a run name. */
export async function newRunForm(
  page: Page,
  suite: string,
  target: string,
  name: string,
): Promise<void> {
  await page.locator('[data-nav="run"]').click()
  const clear = page.getByRole('button', { name: 'Clear' })
  if (await clear.count()) await clear.click()
  await page.locator('select[name="suite"]').selectOption(suite)
  await page.locator('select[name="target"]').selectOption(target)
  await page.locator('input[name="runName"]').fill(name)
}

/** Types each value into the form's `input[name=…]`, in the order given. */
export async function fillInputs(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values))
    await page.locator(`input[name="${name}"]`).fill(value)
}
