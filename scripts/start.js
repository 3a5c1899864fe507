#!/usr/bin/env node
/**
 * `npm start`: builds, then opens the desktop app where Electron can run; elsewhere (no display,
 * no Electron binary) says why in one line and runs the headless demo instead.
 *
 *   PERFDESK_HEADLESS=1 npm start   always run the headless demo
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronBinaryPath, ensureElectronNative } from './electron-native.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

function build() {
  const bin = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  if (!existsSync(bin)) {
    console.error('perfdesk: electron-vite is not installed; run `npm ci` first.')
    process.exit(1)
  }
  const r = spawnSync(process.execPath, [bin, 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

/** Fetches the Electron binary if it is missing; returns null on success, else why it failed. */
export function installElectron() {
  const install = join(ROOT, 'node_modules', 'electron', 'install.js')
  if (!existsSync(install)) return 'electron is not installed (run `npm ci`)'
  console.error('perfdesk: fetching the Electron binary …')
  const r = spawnSync(process.execPath, [install], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
  })
  if (r.status === 0 && electronBinaryPath(ROOT) !== null) return null
  const said =
    (r.stderr ?? '')
      .trim()
      .split('\n')
      .find((line) => line.trim()) ??
    r.error?.message ??
    ''
  return `the Electron binary is not installed and could not be downloaded${said ? ` (${said.trim()})` : ''}`
}

/** Why Electron cannot run here, or null when it can. */
export function whyHeadless(
  env = process.env,
  platform = process.platform,
  uid = process.getuid?.(),
) {
  if (env.PERFDESK_HEADLESS === '1') return 'PERFDESK_HEADLESS=1'
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return 'no display (DISPLAY and WAYLAND_DISPLAY are unset)'
  if (platform === 'linux' && uid === 0)
    return 'Electron refuses to run as root without --no-sandbox'
  return null
}

function runHeadless(reason) {
  console.log(`perfdesk: ${reason}; running the headless demo instead (node bin/perfdesk.js demo).`)
  forward(
    spawn(process.execPath, [join(ROOT, 'bin', 'perfdesk.js'), 'demo'], {
      cwd: ROOT,
      stdio: 'inherit',
    }),
  )
}

function forward(child) {
  const stop = (signal) => child.kill(signal)
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

function main() {
  build()
  const reason = whyHeadless()
  if (reason) return runHeadless(reason)
  if (!electronBinaryPath(ROOT)) {
    const failed = installElectron()
    if (failed) return runHeadless(failed)
  }
  try {
    const native = ensureElectronNative({ root: ROOT })
    if (native.status === 'skipped') return runHeadless(native.reason)
  } catch (err) {
    return runHeadless(
      `the database driver could not be built for Electron (${err instanceof Error ? err.message : err})`,
    )
  }
  const exe = electronBinaryPath(ROOT)
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  forward(spawn(exe, [ROOT], { cwd: ROOT, stdio: 'inherit', env }))
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) main()
