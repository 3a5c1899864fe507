import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'

/** The checkout's root folder. */
export const ROOT = resolve(__dirname, '..', '..')

/** Builds the app (electron-vite: main, preload, renderer) into `outDir`; throws what it said. */
export function buildApp(outDir: string): void {
  const bin = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const r = spawnSync(process.execPath, [bin, 'build', '--outDir', outDir], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  })
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`)
}
