/**
 * Where scripts/electron-native.js puts the Electron-ABI build of better-sqlite3. Tests and the
 * CLI use the Node build in node_modules; the app passes this file as `nativeBinding`.
 * Kept free of `electron` so a test can check it agrees with the script.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function electronNativeDir(root: string, electronVersion: string): string {
  return join(root, 'native', 'electron', electronVersion)
}

export function electronBindingPath(root: string, electronVersion: string): string {
  return join(electronNativeDir(root, electronVersion), 'better_sqlite3.node')
}

/** The binding for this Electron, or an error message that says how to produce it. */
export function findElectronBinding(
  root: string,
  electronVersion: string,
): { path: string } | { error: string } {
  const path = electronBindingPath(root, electronVersion)
  if (existsSync(path)) return { path }
  return {
    error:
      `better-sqlite3 has not been built for Electron ${electronVersion} (looked for ${path}). ` +
      'Start the app with `npm start`, or run `node scripts/electron-native.js`, which builds it.',
  }
}
