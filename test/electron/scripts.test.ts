import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { electronBindingPath } from '../../src/main/electron/native-binding'

const root = resolve(__dirname, '..', '..')
const nativeScript = pathToFileURL(join(root, 'scripts', 'electron-native.js')).href
const startScript = pathToFileURL(join(root, 'scripts', 'start.js')).href

/** Runs an ES module snippet in a fresh Node and returns what it printed as JSON. */
function evalJson(code: string): unknown {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8',
    cwd: root,
  })
  if (r.status !== 0) throw new Error(r.stderr)
  return JSON.parse(r.stdout)
}

/** A project folder with an electron package whose binary is (or is not) installed. */
function fakeRoot(opts: { binary: boolean; version?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'pd-native-'))
  const electron = join(dir, 'node_modules', 'electron')
  mkdirSync(join(electron, 'dist'), { recursive: true })
  writeFileSync(
    join(electron, 'package.json'),
    JSON.stringify({ version: opts.version ?? '99.1.0' }),
  )
  mkdirSync(join(dir, 'node_modules', 'better-sqlite3'), { recursive: true })
  writeFileSync(
    join(dir, 'node_modules', 'better-sqlite3', 'package.json'),
    JSON.stringify({ version: '12.0.0' }),
  )
  if (opts.binary) {
    writeFileSync(join(electron, 'path.txt'), 'electron')
    writeFileSync(join(electron, 'dist', 'electron'), '#!/bin/sh\nexit 0\n')
    chmodSync(join(electron, 'dist', 'electron'), 0o755)
  }
  return dir
}

describe('scripts/electron-native.js', () => {
  it('skips in one line where the Electron binary is missing, leaving the Node build loadable', () => {
    const r = spawnSync(process.execPath, ['scripts/electron-native.js'], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(r.status).toBe(0)
    const lines = (r.stdout + r.stderr).trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /skipping the Electron build of better-sqlite3: the Electron \S+ binary is not installed/,
    )
    const load = spawnSync(
      process.execPath,
      [
        '-e',
        "const D=require('better-sqlite3');const db=new D(':memory:');console.log(db.prepare('select 41+1 n').get().n)",
      ],
      { cwd: root, encoding: 'utf8' },
    )
    expect(load.stdout.trim()).toBe('42')
  })

  it('puts the binding where the app looks for it', () => {
    const fromScript = evalJson(
      `import { electronBindingPath } from '${nativeScript}'; console.log(JSON.stringify(electronBindingPath('/srv/pd', '45.5.0')))`,
    )
    expect(fromScript).toBe(electronBindingPath('/srv/pd', '45.5.0'))
    expect(fromScript).toBe('/srv/pd/native/electron/45.5.0/better_sqlite3.node')
  })

  it('says why it skips: no electron package, or no binary', () => {
    const none = mkdtempSync(join(tmpdir(), 'pd-native-'))
    const noBinary = fakeRoot({ binary: false })
    const result = evalJson(
      `import { ensureElectronNative as e } from '${nativeScript}'; console.log(JSON.stringify([e({ root: ${JSON.stringify(none)} }), e({ root: ${JSON.stringify(noBinary)} })]))`,
    ) as Array<{ status: string; reason: string }>
    expect(result[0]).toEqual({
      status: 'skipped',
      reason: expect.stringMatching(/electron is not installed/),
    })
    expect(result[1]).toEqual({
      status: 'skipped',
      reason: expect.stringMatching(/Electron 99.1.0 binary is not installed/),
    })
  })

  it('uses the cached build while Electron and better-sqlite3 versions match', () => {
    const dir = fakeRoot({ binary: true })
    const binding = electronBindingPath(dir, '99.1.0')
    mkdirSync(resolve(binding, '..'), { recursive: true })
    writeFileSync(binding, 'not really a binary')
    writeFileSync(
      resolve(binding, '..', 'stamp.json'),
      JSON.stringify({ electron: '99.1.0', betterSqlite3: '12.0.0' }),
    )
    const result = evalJson(
      `import { ensureElectronNative as e } from '${nativeScript}'; console.log(JSON.stringify(e({ root: ${JSON.stringify(dir)}, log: () => {} })))`,
    )
    expect(result).toEqual({ status: 'cached', path: binding })
  })
})

describe('scripts/start.js', () => {
  it('knows when Electron cannot show a window', () => {
    const cases =
      evalJson(`import { whyHeadless as w } from '${startScript}'; console.log(JSON.stringify([
      w({}, 'linux', 1000),
      w({ DISPLAY: ':0' }, 'linux', 1000),
      w({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', 1000),
      w({ DISPLAY: ':0' }, 'linux', 0),
      w({ DISPLAY: ':0', PERFDESK_HEADLESS: '1' }, 'linux', 1000),
      w({}, 'darwin', 501),
      w({}, 'win32', undefined),
    ]))`) as Array<string | null>
    expect(cases[0]).toMatch(/no display/)
    expect(cases[1]).toBeNull()
    expect(cases[2]).toBeNull()
    expect(cases[3]).toMatch(/root/)
    expect(cases[4]).toMatch(/PERFDESK_HEADLESS/)
    expect(cases[5]).toBeNull()
    expect(cases[6]).toBeNull()
  })
})
