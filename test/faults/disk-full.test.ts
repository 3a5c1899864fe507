import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHistory, openHistoryAndRecover } from '../../src/main/store/index'
import { HistoryError } from '../../src/main/store/errors'
import { buildRunResult } from '../fixtures/run-result'
import { startServer, type TestServer } from '../helpers/http-servers'
import { runCli } from '../cli/run-cli'

/**
 * The history on a filesystem that fills up: a small tmpfs when we are root (else SQLite's
 * max_page_count stands in). The run says clearly that the disk is full; earlier runs stay.
 */
const dir = mkdtempSync(join(tmpdir(), 'perfdesk-full-'))
const isRoot = process.getuid?.() === 0
let mounted = false
let server: TestServer
const db = join(dir, 'history.db')

beforeAll(async () => {
  if (isRoot) {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir])
    mounted = r.status === 0
  }
  server = await startServer()
})
afterAll(async () => {
  await server?.close()
  if (mounted) execFileSync('umount', [dir])
  rmSync(dir, { recursive: true, force: true })
})

/** Leaves about `bytes` free on the filesystem of `dir` (tmpfs), or caps the database's pages. */
function fillUp(bytes: number): void {
  if (!mounted) return
  const free = statfsSync(dir).bavail * statfsSync(dir).bsize
  writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, free - bytes)))
}

describe('a history on a full filesystem', () => {
  it('the run ends with a clear "disk is full" error and the earlier runs are intact', async () => {
    // earlier runs, written while there was room
    const store = openHistory(db)
    for (let i = 0; i < 5; i++) store.importRun(buildRunResult({ id: `earlier-${i}`, seconds: 30 }))
    if (!mounted) {
      const pages = store.db.pragma('page_count', { simple: true }) as number
      store.db.pragma(`max_page_count = ${pages + 2}`)
    }
    store.close()

    // the disk fills while the history is open (as during a run): HistoryError 'disk-full'
    let storeError: unknown
    const full = openHistory(db, { flushEvery: 1 })
    fillUp(16 * 1024)
    if (!mounted)
      full.db.pragma(`max_page_count = ${full.db.pragma('page_count', { simple: true }) as number}`)
    try {
      for (let i = 0; i < 50; i++) full.importRun(buildRunResult({ id: `big-${i}`, seconds: 600 }))
    } catch (err) {
      storeError = err
    } finally {
      try {
        full.close()
      } catch {
        // closing may also hit the full disk; the earlier error is the one we check
      }
    }
    expect(storeError).toBeInstanceOf(HistoryError)
    expect((storeError as HistoryError).code).toBe('disk-full')
    expect((storeError as Error).message).toMatch(/is full/)
    expect((storeError as Error).message).toMatch(/earlier history is intact/)

    // the CLI on the full disk: exit 2 and the reason, no stack trace
    const plan = join(tmpdir(), `perfdesk-full-plan-${process.pid}.json`)
    writeFileSync(
      plan,
      JSON.stringify({
        name: 'full disk',
        targets: [{ id: 'a', kind: 'http', baseUrl: server.url }],
        suites: [{ kind: 'http-load', target: 'a', requests: [{ path: '/' }], durationSec: 1 }],
      }),
    )
    const cli = mounted ? await runCli(['run', plan, '--db', db]) : null
    rmSync(plan, { force: true })
    if (cli) {
      // opening on a full disk: SQLite cannot grow its -shm file and says "disk I/O error"
      expect(cli.code).toBe(2)
      expect(cli.stderr).toMatch(/is full|check free space/i)
      expect(cli.stderr).not.toMatch(/\n\s+at /)
    }

    // room again; then a CLI run during which the disk fills up: the run still ends, its
    // result file (on another disk) is written, and the terminal says the history is full
    rmSync(join(dir, 'filler'), { force: true })
    let midRun: Awaited<ReturnType<typeof runCli>> | null = null
    if (mounted) {
      const plan3 = join(tmpdir(), `perfdesk-full-plan3-${process.pid}.json`)
      const out = join(tmpdir(), `perfdesk-full-result-${process.pid}.json`)
      writeFileSync(
        plan3,
        JSON.stringify({
          name: 'fills the disk',
          targets: [{ id: 'a', kind: 'http', baseUrl: server.url }],
          suites: [{ kind: 'http-load', target: 'a', requests: [{ path: '/' }], durationSec: 3 }],
        }),
      )
      const child = runCli(['run', plan3, '--db', db, '--out', out])
      await new Promise<void>((res) =>
        child.child.stderr!.on('data', (d: Buffer) => {
          if (d.toString().includes('[1/1]')) res()
        }),
      )
      fillUp(0)
      midRun = await child
      rmSync(join(dir, 'filler'), { force: true })
      expect(midRun.stderr).toMatch(/could not write the run to the history: .*is full/)
      expect(midRun.stderr).not.toMatch(/\n\s+at /)
      const result = JSON.parse(readFileSync(out, 'utf8')) as { status: string; error?: string }
      // the run ends as an error that says why; the result file has it all the same
      expect(result.status).toBe('error')
      expect(result.error).toMatch(/is full/)
      rmSync(plan3, { force: true })
      rmSync(out, { force: true })
    }

    const { store: after } = openHistoryAndRecover(db)
    try {
      expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok')
      const ids = after.listRuns({ limit: 1000 }).map((r) => r.id)
      for (let i = 0; i < 5; i++) expect(ids).toContain(`earlier-${i}`)
      expect(after.getRun('earlier-4')!.suites[0]!.series.length).toBe(30)
      console.log(
        `disk-full (${mounted ? 'tmpfs 3 MB' : 'max_page_count'}): store error "${(storeError as Error).message.slice(0, 80)}…", ` +
          `CLI exit ${cli?.code ?? 'n/a'}; full mid-run: exit ${midRun?.code ?? 'n/a'}, ` +
          `"${midRun?.stderr.match(/could not write[^\n]*/)?.[0]?.slice(0, 90) ?? ''}"; ${ids.filter((x) => x.startsWith('earlier')).length}/5 earlier runs intact`,
      )
    } finally {
      after.close()
    }
  }, 120_000)
})
