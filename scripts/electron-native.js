#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron's ABI into native/electron/<electron version>/, leaving
 * the Node build in node_modules (used by the CLI and the tests) untouched. It always works
 * on a COPY of the package: @electron/rebuild and node-gyp delete build/Release on failure.
 *
 * Where Electron cannot run (no binary), it says so in one line and does nothing.
 * The result is cached by Electron and better-sqlite3 version (native/electron/<v>/stamp.json).
 *
 *   node scripts/electron-native.js [--force]
 */
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Must agree with src/main/electron/native-binding.ts (a test checks). */
export function electronNativeDir(root, electronVersion) {
  return join(root, 'native', 'electron', electronVersion)
}
export function electronBindingPath(root, electronVersion) {
  return join(electronNativeDir(root, electronVersion), 'better_sqlite3.node')
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}

export function electronVersion(root = ROOT) {
  const pkg = join(root, 'node_modules', 'electron', 'package.json')
  return existsSync(pkg) ? readJson(pkg).version : null
}

/**
 * The Electron executable if it is installed, without touching `require('electron')`
 * (which tries to download the binary).
 */
export function electronBinaryPath(root = ROOT) {
  const dir = join(root, 'node_modules', 'electron')
  const pathTxt = join(dir, 'path.txt')
  if (!existsSync(pathTxt)) return null
  const rel = readFileSync(pathTxt, 'utf8').trim()
  const exe = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron')
    : join(dir, 'dist', rel)
  return rel && existsSync(exe) ? exe : null
}

/** npm's own node-gyp, so no download is needed to find one. */
function nodeGypCommand() {
  const candidates = []
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp)
  if (process.env.npm_execpath)
    candidates.push(
      join(
        dirname(process.env.npm_execpath),
        '..',
        'node_modules',
        'node-gyp',
        'bin',
        'node-gyp.js',
      ),
    )
  try {
    const npmCli = realpathSync(join(dirname(process.execPath), 'npm'))
    candidates.push(join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'))
  } catch {
    // npm is not next to node; fall back to npx below
  }
  candidates.push(
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  )
  const found = candidates.find((c) => existsSync(c))
  return found ? [process.execPath, found] : ['npx', '--yes', 'node-gyp']
}

function run(cmd, args, cwd, env, log) {
  log(`$ ${[cmd, ...args].join(' ')}`)
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env })
  return r.status === 0
}

/**
 * Compiles better-sqlite3 for `runtime`/`target` in a copy under `workDir`; returns the built
 * .node file or throws. The package in node_modules is only read.
 */
export function buildBindingCopy({
  root = ROOT,
  runtime,
  target,
  distUrl,
  workDir,
  log = console.error,
}) {
  const source = join(root, 'node_modules', 'better-sqlite3')
  const copy = join(workDir, 'better-sqlite3')
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(workDir, { recursive: true })
  cpSync(source, copy, {
    recursive: true,
    filter: (src) => {
      const rel = src.slice(source.length)
      return !/^[\\/](build|node_modules)([\\/]|$)/.test(rel)
    },
  })
  const built = join(copy, 'build', 'Release', 'better_sqlite3.node')
  // node-gyp and prebuild-install read npm_config_* from the environment; under `npm start` a
  // configured nodedir (Node's headers) would silently produce a Node-ABI build.
  const env = { ...process.env }
  if (runtime !== 'node') {
    for (const key of Object.keys(env)) {
      if (/^npm_config_(nodedir|runtime|target|disturl|dist_url)$/i.test(key)) delete env[key]
    }
  }
  // A prebuilt binary, when the release host has one for this Electron, takes seconds.
  const prebuild = join(root, 'node_modules', 'prebuild-install', 'bin.js')
  if (
    existsSync(prebuild) &&
    run(
      process.execPath,
      [prebuild, `--runtime=${runtime}`, `--target=${target}`],
      copy,
      env,
      log,
    ) &&
    existsSync(built)
  ) {
    return built
  }
  const [gyp, ...gypArgs] = nodeGypCommand()
  const args = [...gypArgs, 'rebuild', '--release', `--runtime=${runtime}`, `--target=${target}`]
  if (distUrl) args.push(`--dist-url=${distUrl}`)
  if (!run(gyp, args, copy, env, log) || !existsSync(built)) {
    throw new Error(
      `could not build better-sqlite3 for ${runtime} ${target} (see the output above)`,
    )
  }
  return built
}

/** Loads the binding inside Electron running as Node, to prove the ABI matches. */
function verifyInElectron(exe, bindingPath, root) {
  const probe =
    `const D=require(${JSON.stringify(join(root, 'node_modules', 'better-sqlite3'))});` +
    `const db=new D(':memory:',{nativeBinding:${JSON.stringify(bindingPath)}});` +
    `db.prepare('select 1').get();db.close()`
  const r = spawnSync(exe, ['-e', probe], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return r.status === 0 ? null : (r.stderr || r.error?.message || `exit ${r.status}`).trim()
}

/**
 * Makes sure the Electron build exists. Returns { status: 'skipped' | 'cached' | 'built', ... }
 * and throws only when a build was attempted and failed.
 */
export function ensureElectronNative({ root = ROOT, force = false, log = console.error } = {}) {
  const version = electronVersion(root)
  if (!version)
    return { status: 'skipped', reason: 'electron is not installed (npm ci installs it)' }
  const exe = electronBinaryPath(root)
  if (!exe) {
    return {
      status: 'skipped',
      reason: `the Electron ${version} binary is not installed, so Electron cannot run here`,
    }
  }
  const bsqlVersion = readJson(join(root, 'node_modules', 'better-sqlite3', 'package.json')).version
  const dir = electronNativeDir(root, version)
  const binding = electronBindingPath(root, version)
  const stampPath = join(dir, 'stamp.json')
  if (!force && existsSync(binding) && existsSync(stampPath)) {
    const stamp = readJson(stampPath)
    if (stamp.electron === version && stamp.betterSqlite3 === bsqlVersion)
      return { status: 'cached', path: binding }
  }
  log(
    `perfdesk: building better-sqlite3 ${bsqlVersion} for Electron ${version} (once per version) …`,
  )
  const workDir = join(dir, 'work')
  const built = buildBindingCopy({
    root,
    runtime: 'electron',
    target: version,
    distUrl: 'https://electronjs.org/headers',
    workDir,
    log,
  })
  mkdirSync(dir, { recursive: true })
  cpSync(built, binding)
  rmSync(workDir, { recursive: true, force: true })
  const problem = verifyInElectron(exe, binding, root)
  if (problem) {
    rmSync(binding, { force: true })
    throw new Error(
      `the Electron build of better-sqlite3 does not load in Electron ${version}: ${problem}`,
    )
  }
  writeFileSync(
    stampPath,
    JSON.stringify(
      { electron: version, betterSqlite3: bsqlVersion, builtAt: new Date().toISOString() },
      null,
      2,
    ),
  )
  return { status: 'built', path: binding }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  try {
    const r = ensureElectronNative({ force: process.argv.includes('--force') })
    if (r.status === 'skipped')
      console.log(`perfdesk: skipping the Electron build of better-sqlite3: ${r.reason}.`)
    else console.log(`perfdesk: better-sqlite3 for Electron: ${r.status} (${r.path})`)
  } catch (err) {
    console.error(`perfdesk: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
