import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..', '..')
const read = (f: string): Record<string, unknown> =>
  JSON.parse(readFileSync(resolve(root, f), 'utf8')) as Record<string, unknown>

/** The packaged app is only as safe as its fuses: read the electron-builder configuration. */
describe('the electron-builder configuration', () => {
  const config = read('electron-builder.json')

  it('flips the fuses to the safe side', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // the renderer comes from app://, so file:// needs no extra privileges
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('packs the app into an asar with its integrity hash, native code unpacked', () => {
    expect(config.asar).toBe(true)
    expect(config).not.toHaveProperty('asar.disableIntegrity')
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['native/**']))
    // only the build goes in: no sources, tests or histories
    const files = config.files as string[]
    expect(files).toContain('out/**')
    expect(files.some((f) => /^(src|test)\b/.test(f))).toBe(false)
    // @electron/rebuild deletes the Node build of better-sqlite3 on its way out (TOOLCHAIN.md)
    expect(config.npmRebuild).toBe(false)
  })

  it('is not a dependency that downloads binaries at install', () => {
    const pkg = read('package.json') as {
      dependencies?: Record<string, string>
      devDependencies?: Record<string, string>
    }
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('electron-builder')
  })
})
