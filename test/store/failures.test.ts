import { spawnSync } from 'node:child_process'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HistoryError, openHistory, type SqliteHistoryStore } from '../../src/main/store/index'
import { buildRunResult } from '../fixtures/run-result'
import { recordRun, startRun, tempDir } from './helpers'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

function caught(fn: () => unknown): HistoryError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(HistoryError)
    return e as HistoryError
  }
  throw new Error('expected a HistoryError, nothing was thrown')
}

describe('a file that is not a database', () => {
  it('is refused with a message naming it and the fix, and left untouched', () => {
    const text = 'these are my notes, not SQLite\n'.repeat(200)
    writeFileSync(tmp.file, text)
    const err = caught(() => openHistory(tmp.file))
    expect(err.code).toBe('not-a-database')
    expect(err.file).toBe(tmp.file)
    expect(err.message).toContain(tmp.file)
    expect(err.message).toMatch(/not a PerfDesk history database.*move it aside.*PERFDESK_DB/)
    expect(readFileSync(tmp.file, 'utf8')).toBe(text)
  })
})

describe('opening problems before SQLite is reached', () => {
  it('names a missing folder', () => {
    const err = caught(() => openHistory(resolve(tmp.dir, 'missing', 'history.db')))
    expect(err.code).toBe('cannot-open')
    expect(err.message).toMatch(/folder .*missing does not exist.*--db/)
  })

  it('passes nativeBinding through: the Node build loads, a wrong path is explained', () => {
    const nodeBuild = resolve('node_modules/better-sqlite3/build/Release/better_sqlite3.node')
    const store = openHistory(tmp.file, { nativeBinding: nodeBuild })
    expect(store.listRuns()).toEqual([])
    store.close()
    const err = caught(() =>
      openHistory(tmp.file, { nativeBinding: resolve(tmp.dir, 'electron.node') }),
    )
    expect(err.code).toBe('native-module')
    expect(err.message).toMatch(
      /nativeBinding .*electron\.node.* must be a better_sqlite3\.node built for this runtime/,
    )
  })
})

/** Whether an unprivileged user can load this project's code (its folders may be 0700). */
function nobodyCanReadProject(): boolean {
  const probe = spawnSync(
    process.execPath,
    ['-e', `require('fs').accessSync(${JSON.stringify(resolve('node_modules/tsx/package.json'))})`],
    { uid: 65534, gid: 65534, encoding: 'utf8' },
  )
  return probe.status === 0
}

describe('a read-only history', () => {
  it('is reported at open, naming the file and the fix', (ctx) => {
    if (process.getuid?.() === 0 && !nobodyCanReadProject()) {
      // root may write anything, so the check runs as "nobody", which must reach the checkout
      ctx.skip('the checkout is not readable by the "nobody" user (e.g. inside a 0700 folder)')
    }
    const seed = openHistory(tmp.file)
    recordRun(seed, buildRunResult({ id: 'kept' }))
    seed.close()
    let message: string
    if (process.getuid?.() === 0) {
      // root may write anything: open it as an unprivileged user instead
      chmodSync(tmp.dir, 0o755)
      chmodSync(tmp.file, 0o644)
      const child = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `const { openHistory } = await import(${JSON.stringify(resolve('src/main/store/index.ts'))})
           try { openHistory(${JSON.stringify(tmp.file)}); console.log('OPENED') }
           catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`,
        ],
        {
          uid: 65534,
          gid: 65534,
          encoding: 'utf8',
          cwd: process.cwd(),
          env: { ...process.env, HOME: tmp.dir },
        },
      )
      expect(child.stderr).toBe('')
      const out = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
        code: string
        message: string
      }
      expect(out.code).toBe('read-only')
      message = out.message
    } else {
      chmodSync(tmp.file, 0o444)
      chmodSync(tmp.dir, 0o555)
      const err = caught(() => openHistory(tmp.file))
      chmodSync(tmp.dir, 0o755)
      expect(err.code).toBe('read-only')
      message = err.message
    }
    expect(message).toContain(tmp.file)
    expect(message).toMatch(/read-only.*write permission.*--db/)
    // and nothing was lost
    const again = openHistory(tmp.file)
    expect(again.getRun('kept')?.id).toBe('kept')
    again.close()
  })
})

describe('a full disk', () => {
  let store: SqliteHistoryStore
  const errors: Error[] = []
  afterEach(() => {
    try {
      store.close()
    } catch {
      // already closed by the test
    }
  })

  it('surfaces a clear error, loses nothing written before, and keeps unwritten samples', () => {
    store = openHistory(tmp.file, { onError: (e) => errors.push(e), flushEvery: 100 })
    const earlier = buildRunResult({ id: 'earlier', seconds: 30 })
    recordRun(store, earlier)
    const pages = store.db.pragma('page_count', { simple: true }) as number
    // the "disk" now holds only a couple more pages
    store.db.pragma(`max_page_count = ${pages + 2}`)

    const big = buildRunResult({ id: 'big', seconds: 3 })
    startRun(store, big)
    const padding = 'x'.repeat(2000)
    let appended = 0
    // background flushes fail every 100 samples; appendSample must not throw meanwhile
    for (let t = 1; t <= 400; t++) {
      store.appendSample('big', 0, { t, rps: t, p50: 1, p95: 2, p99: 3, errors: 0, [padding]: 1 })
      appended++
    }
    expect(errors.length).toBeGreaterThan(0)
    expect((errors[0] as HistoryError).code).toBe('disk-full')
    expect(store.pendingSamples).toBe(appended)

    const err = caught(() =>
      store.finishRun('big', { status: 'passed', endedAt: big.endedAt!, findings: [] }),
    )
    expect(err.code).toBe('disk-full')
    expect(err.message).toContain(tmp.file)
    expect(err.message).toMatch(
      /finish run "big".*disk .* is full.*earlier history is intact.*free some disk space/,
    )
    // the failed finish changed nothing
    expect(store.listRuns({ status: 'running' }).map((r) => r.id)).toEqual(['big'])

    // earlier history is readable and the file is sound
    expect(store.getRun('earlier')).toEqual(earlier)
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
    // the live view still shows the samples held in memory
    expect(store.getRun('big')?.suites[0]?.series).toHaveLength(appended)

    // space freed: the same call now succeeds and every sample is written
    store.db.pragma('max_page_count = 1073741823')
    store.finishRun('big', { status: 'passed', endedAt: big.endedAt!, findings: [] })
    expect(store.pendingSamples).toBe(0)
    store.close()
    store = openHistory(tmp.file)
    expect(store.getRun('big')?.suites[0]?.series).toHaveLength(appended)
    expect(store.getRun('big')?.status).toBe('passed')
    expect(store.getRun('earlier')).toEqual(earlier)
  })

  it('rolls back a suite result that does not fit', () => {
    store = openHistory(tmp.file)
    const run = buildRunResult({ id: 'r', seconds: 2000 })
    startRun(store, run)
    const pages = store.db.pragma('page_count', { simple: true }) as number
    store.db.pragma(`max_page_count = ${pages + 1}`)
    const err = caught(() => store.saveSuiteResult('r', run.suites[0]!))
    expect(err.code).toBe('disk-full')
    expect(err.message).toMatch(/save the result of suite 0 of run "r"/)
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM suite_results').get()).toEqual({ n: 0 })
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM samples').get()).toEqual({ n: 0 })
  })
})
