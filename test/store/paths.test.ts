import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultDbPath, resolveDbPath } from '../../src/main/store/index'
import { tempDir } from './helpers'

describe('defaultDbPath', () => {
  it('follows each platform’s user-data folder', () => {
    expect(defaultDbPath({}, 'linux', '/home/ada')).toBe('/home/ada/.config/PerfDesk/history.db')
    expect(defaultDbPath({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada')).toBe(
      '/xdg/PerfDesk/history.db',
    )
    expect(defaultDbPath({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/PerfDesk/history.db',
    )
    expect(
      defaultDbPath({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada'),
    ).toBe('C:\\Users\\ada\\AppData\\Roaming\\PerfDesk\\history.db')
    expect(defaultDbPath({}, 'win32', 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\PerfDesk\\history.db',
    )
  })

  it('is overridden by PERFDESK_DB', () => {
    expect(
      defaultDbPath({ PERFDESK_DB: '/data/h.db', XDG_CONFIG_HOME: '/xdg' }, 'linux', '/h'),
    ).toBe('/data/h.db')
  })
})

describe('resolveDbPath', () => {
  let tmp: ReturnType<typeof tempDir> | undefined
  afterEach(() => tmp?.cleanup())

  it('prefers the flag over the environment over the default, and creates the folder', () => {
    tmp = tempDir()
    const flag = join(tmp.dir, 'a', 'b', 'flag.db')
    const env = {
      PERFDESK_DB: join(tmp.dir, 'env', 'env.db'),
      XDG_CONFIG_HOME: join(tmp.dir, 'xdg'),
    }
    expect(resolveDbPath(flag, env)).toBe(flag)
    expect(existsSync(join(tmp.dir, 'a', 'b'))).toBe(true)
    expect(resolveDbPath(undefined, env)).toBe(env.PERFDESK_DB)
    expect(existsSync(join(tmp.dir, 'env'))).toBe(true)
    const def = resolveDbPath(undefined, { XDG_CONFIG_HOME: join(tmp.dir, 'xdg') })
    if (process.platform === 'linux')
      expect(def).toBe(join(tmp.dir, 'xdg', 'PerfDesk', 'history.db'))
    expect(existsSync(join(def, '..'))).toBe(true)
  })

  it('explains a folder that cannot be created', () => {
    tmp = tempDir()
    const blocker = join(tmp.dir, 'file')
    writeFileSync(blocker, 'not a folder')
    expect(() => resolveDbPath(join(blocker, 'sub', 'h.db'))).toThrow(
      /cannot create the folder .*--db/,
    )
  })
})
