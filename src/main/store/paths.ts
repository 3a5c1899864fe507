import { homedir } from 'node:os'
import path from 'node:path'
import { HistoryError } from './errors'
import { privateDir } from './permissions'

/** Must match the Electron app's name, so that app.getPath('userData') is the same folder. */
export const APP_FOLDER = 'PerfDesk'
export const DB_FILE = 'history.db'

type Env = Record<string, string | undefined>

/** The platform's user-data folder for PerfDesk (what Electron calls userData). */
export function userDataDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), APP_FOLDER)
  }
  if (platform === 'darwin')
    return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER)
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_FOLDER)
}

/** history.db in the user-data folder, unless PERFDESK_DB names another file. */
export function defaultDbPath(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const fromEnv = env.PERFDESK_DB?.trim()
  if (fromEnv) return path.resolve(fromEnv)
  const dir = userDataDir(env, platform, home)
  return platform === 'win32' ? path.win32.join(dir, DB_FILE) : path.posix.join(dir, DB_FILE)
}

/** --db flag over PERFDESK_DB over the default; creates the folder that will hold the file. */
export function resolveDbPath(cliFlag?: string, env: Env = process.env): string {
  const flag = cliFlag?.trim()
  const file = flag ? path.resolve(flag) : defaultDbPath(env)
  const dir = path.dirname(file)
  try {
    // the user-data folder is PerfDesk's own: 0700; a folder named with --db is only created so
    privateDir(dir, dir === userDataDir(env))
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new HistoryError(
      'cannot-open',
      file,
      `cannot create the folder "${dir}" for the history database (${why}). Create it yourself, ` +
        `or choose another file with --db <file> or the PERFDESK_DB environment variable.`,
      { cause: err },
    )
  }
  return file
}
