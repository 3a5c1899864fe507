import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisSuiteResult } from '@shared/index'
import { TEST_DB } from '../../src/main/suites/redis/test-support'
import { readResult } from '../cli/shard-cli'
import { startServer, type TestServer } from '../helpers/http-servers'
import { runCli } from '../cli/run-cli'
import {
  buildRenderer,
  launchBrowser,
  SHOTS_DIR,
  startApp,
  type App,
  type Browser,
} from './harness'
import { httpLoadPlan } from '../fixtures/plans'

/** History → "Import shards…": two shard results chosen together open as one merged run. */
describe('import shards in the app', () => {
  let server: TestServer
  let dir: string
  beforeAll(async () => {
    server = await startServer({ delayMs: 2 })
    dir = mkdtempSync(join(tmpdir(), 'perfdesk-e2e-shards-'))
  })
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Writes `planDoc`, runs its shards 1/2 and 2/2 from one start time; their result files. */
  async function runTwoShards(tag: string, planDoc: unknown): Promise<string[]> {
    const plan = join(dir, `${tag}-plan.json`)
    writeFileSync(plan, JSON.stringify(planDoc))
    const startAt = new Date(Date.now() + 4000).toISOString()
    const files = [1, 2].map((i) => join(dir, `${tag}-${i}.json`))
    const runs = await Promise.all(
      files.map((out, i) =>
        runCli([
          'run',
          plan,
          '--shard',
          `${i + 1}/2`,
          '--start-at',
          startAt,
          '--quiet',
          '--out',
          out,
          '--db',
          join(dir, `${tag}-${i}.db`),
        ]),
      ),
    )
    for (const r of runs) expect(r.code, r.stderr).toBe(0)
    return files
  }

  /** The app on a fresh history, its History screen open in Chromium; no page errors after `fn`. */
  async function inHistory(fn: (app: App, page: Browser['page']) => Promise<void>): Promise<void> {
    const app = await startApp(await buildRenderer())
    const browser = await launchBrowser()
    try {
      await browser.page.goto(app.serve.url)
      await browser.page.locator('[data-nav="history"]').click()
      await fn(app, browser.page)
      expect(browser.errors).toEqual([])
    } finally {
      await browser.close()
      await app.close()
    }
  }

  it('merges the chosen shard files into one run and opens it', async () => {
    const files = await runTwoShards(
      'shard',
      httpLoadPlan('sharded in the app', server.url, {
        model: 'arrival-rate',
        rate: 60,
        durationSec: 2,
        thresholds: { p99Ms: 1000 },
      }),
    )

    await inHistory(async (app, page) => {
      await page.getByTestId('import-shards').setInputFiles(files)
      await page.getByTestId('run-view').waitFor({ timeout: 20_000 })
      expect(await page.getByTestId('run-view').getAttribute('data-status')).toBe('passed')
      await page.screenshot({ path: join(SHOTS_DIR, 'import-shards-run.png') })
      const runs = app.store.listRuns()
      expect(runs).toHaveLength(1)
      expect(app.store.getRun(runs[0]!.id)!.shards).toHaveLength(2)
      await page.locator('.back').click()
      await page.locator('[data-testid="history"] tbody tr').first().waitFor()
      await page.screenshot({ path: join(SHOTS_DIR, 'import-shards-history.png') })
    })
  }, 120_000)

  it('merges a set of Redis shard files the same way, and says why a set is refused', async () => {
    const files = await runTwoShards('redis', {
      name: 'redis sharded in the app',
      targets: [{ id: 'r', kind: 'redis', url: 'redis://127.0.0.1:6379', db: TEST_DB }],
      suites: [
        {
          kind: 'redis',
          target: 'r',
          operations: ['set', 'get'],
          payloadBytes: [100],
          pipeline: [4],
          clients: 2,
          durationSec: 0.5,
        },
      ],
    })
    const commands = files
      .map((f) => (readResult(f).suites[0] as RedisSuiteResult).metrics!.commands)
      .reduce((a, b) => a + b, 0)

    await inHistory(async (app, page) => {
      // one file of two: refused, with the reason in the message
      await page.getByTestId('import-shards').setInputFiles(files.slice(1))
      await page.getByText(/Could not merge the shards: .*shard 1\/2 missing/).waitFor()
      expect(app.store.listRuns()).toHaveLength(0)
      await page.getByTestId('import-shards').setInputFiles(files)
      await page.getByTestId('run-view').waitFor({ timeout: 20_000 })
      expect(await page.getByTestId('run-view').getAttribute('data-status')).toBe('passed')
      await page.screenshot({ path: join(SHOTS_DIR, 'import-shards-redis.png'), fullPage: true })
      const stored = app.store.getRun(app.store.listRuns()[0]!.id)!
      expect(stored.shards).toHaveLength(2)
      expect((stored.suites[0] as RedisSuiteResult).metrics!.commands).toBe(commands)
    })
  }, 120_000)
})
