import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { build } from 'vite'
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
    executablePath: '/usr/bin/chromium',
    headless: true,
    bypassCSP: opts.bypassCSP ?? false,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
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
