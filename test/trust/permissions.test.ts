import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openHistory, resolveDbPath } from '../../src/main/store'
import { buildRunResult } from '../fixtures/run-result'

const mode = (p: string): number => statSync(p).mode & 0o777
let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the history is private to its owner', () => {
  it('creates the user-data folder 0700 and tightens an existing one', () => {
    dir = mkdtempSync(join(tmpdir(), 'perfdesk-perm-'))
    const env = { XDG_CONFIG_HOME: dir }
    const file = resolveDbPath(undefined, env)
    expect(mode(join(dir, 'PerfDesk'))).toBe(0o700)
    chmodSync(join(dir, 'PerfDesk'), 0o755)
    expect(resolveDbPath(undefined, env)).toBe(file)
    expect(mode(join(dir, 'PerfDesk'))).toBe(0o700)
  })

  it('leaves a folder named with --db alone, but creates its database files 0600', () => {
    dir = mkdtempSync(join(tmpdir(), 'perfdesk-perm-'))
    const shared = join(dir, 'shared')
    mkdirSync(shared, { mode: 0o755 })
    chmodSync(shared, 0o755)
    const file = resolveDbPath(join(shared, 'h.db'), {})
    expect(mode(shared)).toBe(0o755)
    const store = openHistory(file)
    store.importRun(buildRunResult({ id: 'r1' }))
    for (const f of [file, `${file}-wal`, `${file}-shm`])
      if (existsSync(f)) expect(mode(f), f).toBe(0o600)
    expect(existsSync(`${file}-wal`)).toBe(true)
    store.close()
  })

  it('takes group and other bits off an existing database, keeping a read-only one read-only', () => {
    dir = mkdtempSync(join(tmpdir(), 'perfdesk-perm-'))
    const file = join(dir, 'old.db')
    openHistory(file).close()
    chmodSync(file, 0o644)
    openHistory(file).close()
    expect(mode(file)).toBe(0o600)
    const ro = join(dir, 'ro.db')
    writeFileSync(ro, '')
    chmodSync(ro, 0o444)
    try {
      openHistory(ro).close()
    } catch {
      // a read-only history is refused at open (as root it may still open): either way
    }
    expect(mode(ro)).toBe(0o400)
  })
})
