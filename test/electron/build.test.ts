/**
 * Builds the app (main, preload, renderer) into a temporary folder and checks what Electron
 * would load: the files exist, the preload is a sandbox-safe CommonJS bundle exposing exactly
 * the API, and the main bundle carries the window's security settings.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { runInNewContext } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiMethodNames } from '@shared/index'
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/security'
import { buildApp } from '../helpers/build-app'

const out = join(mkdtempSync(join(tmpdir(), 'pd-build-')), 'out')
const read = (rel: string): string => readFileSync(join(out, rel), 'utf8')

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)],
  )
}

beforeAll(() => {
  buildApp(out)
}, 180_000)

describe('the build', () => {
  it('emits every entry Electron, the CLI and the workers need', () => {
    for (const f of [
      'main/index.js',
      'main/cli.js',
      'main/suite-worker.js',
      'preload/index.cjs',
      'renderer/index.html',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true)
    }
  })

  it('keeps electron out of everything but the shell entry', () => {
    const offenders = filesUnder(join(out, 'main'))
      .filter((f) => f.endsWith('.js') && relative(join(out, 'main'), f) !== 'index.js')
      .filter((f) =>
        /from\s*["']electron["']|require\(["']electron["']\)/.test(readFileSync(f, 'utf8')),
      )
    expect(offenders).toEqual([])
    expect(read('main/index.js')).toMatch(/from\s*["']electron["']/)
  })
})

describe('the preload bundle', () => {
  it('is CommonJS and requires nothing but electron', () => {
    const code = read('preload/index.cjs')
    expect(code).not.toMatch(/^\s*(import|export)\s/m)
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])
    expect(required.length).toBeGreaterThan(0)
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(code).not.toMatch(/ipcRenderer\.(send|sendSync|postMessage)\b/)
  })

  it('exposes exactly the API as window.perfdesk, each method on its own channel', async () => {
    const exposed: Record<string, unknown> = {}
    const invoked: Array<[string, unknown]> = []
    const listeners = new Map<string, Set<(...a: unknown[]) => void>>()
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => {
          invoked.push([channel, input])
          return { ok: true, value: channel }
        },
        on: (channel: string, l: (...a: unknown[]) => void) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set())
          listeners.get(channel)!.add(l)
        },
        removeListener: (channel: string, l: (...a: unknown[]) => void) =>
          listeners.get(channel)?.delete(l),
      },
    }
    const require = (name: string): unknown => {
      if (name !== 'electron') throw new Error(`the preload required ${name}`)
      return electron
    }
    runInNewContext(read('preload/index.cjs'), { require, module: { exports: {} }, exports: {} })

    expect(Object.keys(exposed)).toEqual(['perfdesk'])
    const bridge = exposed.perfdesk as {
      methods: Record<string, (input: unknown) => Promise<unknown>>
      onRunEvent: (l: (e: unknown) => void) => () => void
    }
    expect(Object.keys(bridge).sort()).toEqual(['methods', 'onRunEvent'])
    expect(Object.keys(bridge.methods).sort()).toEqual([...apiMethodNames].sort())
    for (const name of apiMethodNames) {
      expect(await bridge.methods[name]!({ probe: name })).toEqual({
        ok: true,
        value: `perfdesk:${name}`,
      })
    }
    expect(invoked).toHaveLength(apiMethodNames.length)
    expect(invoked[0]).toEqual([`perfdesk:${apiMethodNames[0]}`, { probe: apiMethodNames[0] }])

    const seen: unknown[] = []
    const off = bridge.onRunEvent((e) => seen.push(e))
    const relay = [...(listeners.get('perfdesk:run-event') ?? [])]
    expect(relay).toHaveLength(1)
    relay[0]!({ sender: 'ipc event' }, { type: 'run-finished', runId: 'r1' })
    expect(seen).toEqual([{ type: 'run-finished', runId: 'r1' }])
    off()
    expect(listeners.get('perfdesk:run-event')?.size).toBe(0)
  })
})

describe('the main bundle', () => {
  it('creates the window with the hardened settings', () => {
    const main = read('main/index.js')
    expect(main).toMatch(/contextIsolation:\s*true/)
    expect(main).toMatch(/sandbox:\s*true/)
    expect(main).toMatch(/nodeIntegration:\s*false/)
    expect(main).toMatch(/webSecurity:\s*true/)
    expect(main).not.toMatch(
      /contextIsolation:\s*false|sandbox:\s*false|nodeIntegration:\s*true|webSecurity:\s*false/,
    )
    expect(main).toMatch(/preload:.*index\.cjs|"index\.cjs"/)
  })

  it('blocks navigation, new windows and permissions, and sets the CSP', () => {
    const main = read('main/index.js')
    for (const needle of [
      'setWindowOpenHandler',
      '"will-navigate"',
      'setPermissionRequestHandler',
      'onHeadersReceived',
      'requestSingleInstanceLock',
      'ipcMain',
      "default-src 'self'",
    ]) {
      expect(main, needle).toContain(needle)
    }
    expect(main).toMatch(/action:\s*"deny"/)
  })
})

describe('the renderer page', () => {
  it('loads only its own scripts and carries a CSP meta tag no looser than the header', () => {
    const html = read('renderer/index.html')
    // CSP script-src 'self' forbids inline scripts: every script must come from a file.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc=/)
    const meta = /<meta[^>]+http-equiv="Content-Security-Policy"[^>]+content="([^"]+)"/.exec(html)
    expect(meta, 'the page has a CSP meta tag').not.toBeNull()
    const header = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d] as const),
    )
    for (const directive of meta![1]!
      .split(';')
      .map((d) => d.trim().replace(/\s+/g, ' '))
      .filter(Boolean)) {
      const name = directive.split(' ')[0]!
      expect(header.get(name), `meta directive ${name} matches the header`).toBe(directive)
    }
  })
})
