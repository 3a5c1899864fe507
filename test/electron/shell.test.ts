/**
 * The built Electron main (out/main/index.js), run in Node against a fake `electron` module
 * (the real binary cannot run here) and driven as the renderer and the OS would: IPC calls
 * from our page and from elsewhere, a real one-second run against a local server, a save,
 * navigation attempts, permissions, the CSP header, and quitting.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiMethodNames } from '@shared/index'
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/security'
import { buildApp, ROOT } from '../helpers/build-app'

const work = mkdtempSync(join(tmpdir(), 'pd-shell-'))
const out = join(work, 'out')

beforeAll(() => {
  // The bundles import their dependencies from node_modules next to out/.
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir')
  buildApp(out)
}, 180_000)

/** An app folder; with `binding`, the Node build of better-sqlite3 stands in for the Electron one. */
function appFolder(binding: boolean): string {
  const dir = mkdtempSync(join(work, 'app-'))
  if (binding) {
    const native = join(dir, 'native', 'electron', '45.5.0')
    mkdirSync(native, { recursive: true })
    copyFileSync(
      join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
      join(native, 'better_sqlite3.node'),
    )
  }
  return dir
}

type Reply<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; problems: Array<{ path: string }> } }

/** What drive.mjs prints. */
interface Report {
  channels: string[]
  webPreferences: Record<string, unknown>
  preloadExists: boolean
  loadedFile: string | null
  loadedUrl: string
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[]
  schemesBeforeReady: boolean
  appScheme: Record<
    string,
    { status: number; type: string | null; csp: string | null; html: boolean }
  >
  fileSender: Reply
  importedPlan: string
  importedReview: Reply<{ untrusted: boolean; required: boolean; review: { commands: unknown[] } }>
  importedStart: Reply
  menuLabels: string[]
  userData: string
  appInfo: Reply
  foreign: Reply
  iframe: Reply
  badInput: Reply
  missing: Reply
  savedTarget: { value: { password: { secretRef: string } } }
  secretsFile: string
  started: Reply<{ runId: string }>
  eventTypes: string[]
  run: {
    value: {
      status: string
      environment: { runtime: string }
      suites: Array<{ metrics: { requests: number } }>
    }
  }
  saved: Reply
  savedBytes: string
  saveDefaultPath: string
  navigation: Record<string, boolean>
  windowOpen: unknown[]
  opened: string[]
  permission: boolean
  headers: Record<string, string[]>
  quit: { prevented: boolean; quitCalls: number }
  walAfterQuit: boolean
  errors: unknown[]
  startupFailed?: Array<[string, string]>
  exitCode?: number | null
}

function drive(app: string): { report: Report; stderr: string } {
  const r = spawnSync(process.execPath, [join(__dirname, 'fake-electron', 'drive.mjs')], {
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      OUT_DIR: out,
      FAKE_APP_PATH: app,
      XDG_CONFIG_HOME: join(app, 'config'),
      PERFDESK_DB: join(app, 'history.db'),
    },
  })
  if (r.status !== 0) throw new Error(`the driver failed (${r.status}):\n${r.stdout}\n${r.stderr}`)
  const last = r.stdout.trim().split('\n').at(-1) ?? ''
  return { report: JSON.parse(last) as Report, stderr: r.stderr }
}

describe('the Electron shell, driven through a fake electron', () => {
  let report: Report
  let stderr: string
  let app: string
  beforeAll(() => {
    app = appFolder(true)
    ;({ report, stderr } = drive(app))
  }, 150_000)

  it('opens one hardened window on the built renderer with the CommonJS preload', () => {
    expect(report.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
      preload: join(out, 'preload', 'index.cjs'),
    })
    expect(report.preloadExists).toBe(true)
    // from the privileged app:// scheme, never file://
    expect(report.loadedFile).toBeNull()
    expect(report.loadedUrl).toBe('app://perfdesk/index.html')
    expect(report.menuLabels).toEqual(['File', 'editMenu', 'View', 'windowMenu'])
    // the same folder as the CLI's history: XDG_CONFIG_HOME/PerfDesk
    expect(report.userData).toBe(join(app, 'config', 'PerfDesk'))
  })

  it('serves the renderer on a privileged app:// scheme, with the CSP, and nothing else', () => {
    expect(report.schemesBeforeReady).toBe(true)
    expect(report.privilegedSchemes).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ])
    const { index, root, outside, encodedSlash, otherHost, missing } = report.appScheme
    expect(index).toEqual({
      status: 200,
      type: 'text/html; charset=utf-8',
      csp: CONTENT_SECURITY_POLICY,
      html: true,
    })
    expect(root!.html).toBe(true)
    for (const r of [outside, encodedSlash, otherHost, missing]) expect(r!.status).toBe(404)
    // a file:// page (even our own index.html) is not the renderer any more
    expect(report.fileSender).toMatchObject({ ok: false })
  })

  it('imports a plan from File › Import plan sealed and untrusted: it needs its review', () => {
    expect(report.importedPlan).not.toContain('menu-key-5521')
    expect(report.importedPlan).toContain('{{secret:sec_')
    expect(report.importedReview).toMatchObject({
      ok: true,
      value: { untrusted: true, required: true, review: { commands: [{ target: 'p' }] } },
    })
    expect(report.importedStart).toMatchObject({
      ok: false,
      error: { message: /not been reviewed/ },
    })
  })

  it('handles exactly one channel per API method', () => {
    expect(report.channels).toEqual(apiMethodNames.map((m) => `perfdesk:${m}`).sort())
  })

  it('answers our page and refuses other pages and iframes', () => {
    expect(report.appInfo).toEqual({
      ok: true,
      value: expect.objectContaining({
        mode: 'electron',
        dbPath: join(app, 'history.db'),
        secretStorage: 'safeStorage',
      }),
    })
    for (const refused of [report.foreign, report.iframe]) {
      expect(refused).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/did not come from the PerfDesk window/) },
      })
    }
    expect(stderr).toMatch(/refused app.info from https:\/\/evil.example\//)
  })

  it('reports bad input by field and unknown ids as not-found', () => {
    expect(report.badInput).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', problems: [{ path: 'runId' }] },
    })
    expect(report.missing).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  it('keeps passwords encrypted in secrets.json and only a reference in the history', () => {
    const ref = report.savedTarget.value.password.secretRef as string
    expect(ref).toMatch(/^sec_[0-9a-f]{32}$/)
    expect(report.secretsFile).not.toContain('pw-Very-Secret-1')
    const stored = JSON.parse(report.secretsFile).secrets[ref] as string
    expect(Buffer.from(stored, 'base64').toString()).toMatch(/^fake-os-crypt:/)
  })

  it('runs a plan and forwards its events to the window', () => {
    expect(report.started.ok).toBe(true)
    expect(report.eventTypes).toEqual([
      'run-started',
      'suite-started',
      'progress',
      'suite-finished',
      'run-finished',
    ])
    expect(report.run.value.status).toBe('passed')
    expect(report.run.value.environment.runtime).toBe('electron')
    expect(report.run.value.suites[0]?.metrics.requests).toBeGreaterThan(10)
  })

  it('saves files through the dialog, decoding base64, with a harmless default name', () => {
    expect(report.saved).toEqual({ ok: true, value: { saved: true, path: join(app, 'saved.bin') } })
    expect(report.savedBytes).toBe('%PDF-1.7 fake')
    expect(report.saveDefaultPath).toMatch(/[\\/]evil\.pdf$/)
    expect(report.saveDefaultPath).not.toContain('..')
  })

  it('blocks navigation and new windows, opening only web links externally', () => {
    expect(report.navigation).toEqual({ external: true, file: true, ownFile: true, own: false })
    expect(report.windowOpen).toEqual([{ action: 'deny' }, { action: 'deny' }])
    expect(report.opened).toEqual(['https://example.com/docs', 'https://k6.io/'])
    expect(report.permission).toBe(false)
    expect(report.headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] })
  })

  it('closes the history before quitting', () => {
    expect(report.quit).toEqual({ prevented: true, quitCalls: 1 })
    expect(report.walAfterQuit).toBe(false)
    expect(report.errors).toEqual([])
  })
})

describe('the Electron shell without its native build', () => {
  it('says how to build it and exits', () => {
    const { report } = drive(appFolder(false))
    expect(report.exitCode).toBe(1)
    expect(report.startupFailed).toHaveLength(1)
    const [title, message] = report.startupFailed![0]!
    expect(title).toBe('PerfDesk cannot open its history')
    expect(message).toMatch(/not been built for Electron 45\.5\.0/)
    expect(message).toMatch(/npm start|scripts\/electron-native\.js/)
  }, 60_000)
})
