import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { createApi, createRunExporter, type Api } from '../../src/main/api'
import { Engine } from '../../src/main/engine'
import { MemorySecretBox } from '../../src/main/secrets'
import { openHistoryAndRecover } from '../../src/main/store'
import type { HistoryStore } from '../../src/main/store/types'
import { testTarget } from '../../src/main/targets'

/** A real API (browser mode, secrets in memory) over a fresh history file in its own folder. */
export interface TestApi {
  dir: string
  store: HistoryStore
  secrets: MemorySecretBox
  engine: Engine
  api: Api
  /** closes the store and removes the folder */
  close(): void
}

export function openTestApi(dirPrefix: string, version = 'test'): TestApi {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix))
  const store = openHistoryAndRecover(join(dir, 'history.db')).store
  const secrets = new MemorySecretBox()
  const engine = new Engine({ store, runtime: 'test', secrets: (ref) => secrets.get(ref) })
  const exportRun = createRunExporter()
  const api = createApi({ engine, store, secrets, testTarget, exportRun, mode: 'browser', version })
  return {
    dir,
    store,
    secrets,
    engine,
    api,
    close: () => {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * openTestApi around every test of the calling describe block (or file): a fresh history per
 * test, closed after it. Read its fields inside tests only.
 */
export function useTestApi(dirPrefix: string, version?: string): TestApi {
  let current: TestApi | undefined
  beforeEach(() => {
    current = openTestApi(dirPrefix, version)
  })
  afterEach(() => current?.close())
  const live = (): TestApi => {
    if (!current) throw new Error('useTestApi: no API is open (read it inside a test)')
    return current
  }
  return {
    get dir() {
      return live().dir
    },
    get store() {
      return live().store
    },
    get secrets() {
      return live().secrets
    },
    get engine() {
      return live().engine
    },
    get api() {
      return live().api
    },
    close: () => live().close(),
  }
}
