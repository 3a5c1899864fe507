/**
 * Takes the README screenshot and one of every screen: longer runs than the tests make, against
 * a local HTTP server with a latency tail, the local PostgreSQL (127.0.0.1:5432, database test)
 * and the local Redis (127.0.0.1:6379, database 12). Run with `npx tsx test/e2e/screenshots.ts`;
 * writes /tmp/perfdesk-shots/readme-*.png (readme-finished.png is the one in docs/).
 * Set SHOTS=http to skip PostgreSQL and Redis.
 */
import pg from 'pg'
import type { Page } from 'playwright-core'
import { httpTarget } from '../fixtures/targets'
import { startServer } from '../helpers/http-servers'
import { BEHAVIOURS, startEdge, startOrigin } from '../../src/main/suites/http-cache/testing/origin'
import { fillInputs, waitForRunEnd } from './harness'
import { startShotSession } from './shot-session'

/** added to every answer: the compare shot's second run is slower */
let extraMs = 0
// 1 request in 40 stalls for 60 ms: a visible p99, as real services have
const server = await startServer({
  delayMs: (n) => 8 + extraMs + (n % 40 === 0 ? 60 : 0) + (n % 7),
  bodyBytes: 512,
})
const session = await startShotSession('readme')
const { app, page, shot, fullShot, newRun } = session
const status = (p: Page) => p.getByTestId('run-view').getAttribute('data-status')
/** Starts the run the form describes and waits for its end. */
async function runToEnd(timeoutMs = 60_000): Promise<void> {
  await session.startRun(timeoutMs)
  await page.getByTestId('checks').or(page.getByText('No thresholds were set.')).first().waitFor()
  if ((await status(page)) === 'error') throw new Error('the run ended in error')
}

const withDatabases = process.env.SHOTS !== 'http'
const db = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' })
try {
  app.store.saveTarget(httpTarget('orders-api', 'Orders API (local)', server.url))
  app.store.saveTarget({
    ...httpTarget('catalog', 'Catalog service', 'http://127.0.0.1:9/'),
    headers: { Accept: 'application/json' },
  })
  await page.goto(app.serve.url)

  // the README run: closed model, thresholds it meets, a latency tail
  await page.locator('[data-nav="run"]').click()
  await page.locator('select[name="target"]').selectOption('orders-api')
  await page.locator('input[name="runName"]').fill('Orders API · checkout path')
  await page.getByLabel('request 1 path').fill('/orders?limit=20')
  await fillInputs(page, {
    connections: '16',
    durationSec: '12',
    p95Ms: '40',
    p99Ms: '120',
    errorRate: '0.5',
  })
  await page.getByRole('button', { name: 'Start run' }).click()
  await page.waitForFunction(
    () => Number(document.querySelector('[data-chart="rps"]')?.getAttribute('data-points')) >= 7,
    undefined,
    { timeout: 30_000 },
  )
  await shot('live')
  await waitForRunEnd(page)
  await page.getByTestId('checks').waitFor()
  await shot('finished')
  await page.locator('[data-nav="history"]').click()
  await page.locator('[data-testid="history"] tbody tr').first().click()
  await page.getByTestId('checks').waitFor()
  await shot('history-run')
  await page.locator('[data-nav="history"]').click()
  await shot('history')
  await page.locator('[data-nav="targets"]').click()
  await page.locator('[data-target-id="orders-api"]').click()
  await page.getByRole('button', { name: 'Test connection' }).click()
  await page.getByTestId('test-result').waitFor()
  await shot('targets')

  // the same path after a change that costs 6 ms a request: compared with the first run
  extraMs = 6
  await newRun('http-load', 'orders-api', 'Orders API · checkout path')
  await page.locator('input[name="durationSec"]').fill('6')
  await runToEnd()
  extraMs = 0
  await page.locator('[data-nav="history"]').click()
  const rows = page.locator('[data-testid="history"] tbody tr')
  const [newer, older] = app.store.listRuns()
  await page.getByLabel(`compare run ${older!.id}`).check()
  await page.getByLabel(`compare run ${newer!.id}`).check()
  await page.getByRole('button', { name: /^Compare/ }).click()
  await page.getByTestId('compare-verdict').waitFor({ timeout: 15_000 })
  await fullShot('compare')
  await page.getByRole('button', { name: '← All runs' }).click()
  await rows.first().waitFor()

  // the open model: a ramp in stages, then its result against the target rate
  await newRun('http-load', 'orders-api', 'Orders API · arrival-rate ramp')
  await page.getByRole('button', { name: 'Arrival rate' }).click()
  await page.getByRole('button', { name: 'Stages' }).click()
  await page.locator('input[name="startRate"]').fill('50')
  await page.getByLabel('stage 1 duration').fill('4')
  await page.getByLabel('stage 1 rate').fill('400')
  await page.getByLabel('stage 2 duration').fill('4')
  await page.getByLabel('stage 2 rate').fill('400')
  await page.locator('input[name="p95Ms"]').fill('40')
  await page.getByTestId('load-shape').waitFor()
  await shot('open-model-form')
  await runToEnd()
  await page.getByTestId('open-model-stats').waitFor()
  await fullShot('open-model')

  // HTTP cache: the behaviour server behind a CDN edge, its paths and a crawl of its small site
  const origin = await startOrigin()
  const edge = await startEdge(origin.port)
  try {
    app.store.saveTarget(httpTarget('site', 'Site behind a CDN', edge.url))
    // the Targets screen reloads the list, so the Run form can choose the new target
    await page.locator('[data-nav="targets"]').click()
    await page.locator('[data-target-id="site"]').waitFor()
    await newRun('http-cache', 'site', 'Site caching audit')
    await page.getByRole('button', { name: 'Both' }).click()
    await page.locator('textarea[name="paths"]').fill(Object.values(BEHAVIOURS).join('\n'))
    await page.locator('input[name="crawlStart"]').fill('/site/')
    await page.locator('input[name="minCacheableShare"]').fill('90')
    await fullShot('cache-form')
    await runToEnd()
    await page.getByTestId('cache-resources').waitFor()
    await fullShot('cache')
  } finally {
    await edge.close()
    await origin.close()
  }

  if (withDatabases) {
    // PostgreSQL: a table of our own with a query its index does not cover
    await db.connect()
    await db.query('DROP TABLE IF EXISTS perfdesk_shots_orders')
    await db.query(
      `CREATE TABLE perfdesk_shots_orders AS
       SELECT g AS id, g % 5000 AS customer_id, (g % 997) * 1.5 AS total
       FROM generate_series(1, 200000) g`,
    )
    await db.query('ALTER TABLE perfdesk_shots_orders ADD PRIMARY KEY (id)')
    await db.query('ANALYZE perfdesk_shots_orders')
    app.store.saveTarget({
      kind: 'postgres',
      id: 'orders-db',
      name: 'Orders DB (local)',
      host: '127.0.0.1',
      port: 5432,
      database: 'test',
      user: 'postgres',
    })
    await page.locator('[data-nav="targets"]').click()
    await page.locator('[data-target-id="orders-db"]').click()
    await page.getByRole('button', { name: 'Test connection' }).click()
    await page.getByTestId('test-result').waitFor()
    await shot('postgres-target')
    await newRun('postgres', 'orders-db', 'Orders DB · by customer')
    await page.getByLabel('query 1 name').fill('orders by customer')
    await page
      .getByLabel('query 1 SQL')
      .fill('SELECT id, total FROM perfdesk_shots_orders WHERE customer_id = $1')
    await page.getByLabel('query 1 params').fill('[{"randomInt": [1, 5000]}]')
    await page.getByRole('button', { name: '+ Add query' }).click()
    await page.getByLabel('query 2 name').fill('order by id')
    await page.getByLabel('query 2 SQL').fill('SELECT * FROM perfdesk_shots_orders WHERE id = $1')
    await page.getByLabel('query 2 params').fill('[{"randomInt": [1, 200000]}]')
    await page.getByLabel('query 2 weight').fill('4')
    await fillInputs(page, { poolSizes: '2, 4, 8, 16', clients: '8', durationSec: '2' })
    await page.getByRole('button', { name: /^EXPLAIN ANALYZE/ }).click()
    await page.locator('input[name="allowWrites"]').check()
    await page.locator('input[name="whatIf"]').check()
    await page.locator('input[name="p95Ms"]').fill('50')
    await fullShot('postgres-form')
    await runToEnd(120_000)
    await page.getByTestId('pool-steps').waitFor()
    await fullShot('postgres')

    // Redis: the matrix, the compression study and the hit-rate replay
    app.store.saveTarget({
      kind: 'redis',
      id: 'session-cache',
      name: 'Session cache (local)',
      url: 'redis://127.0.0.1:6379',
      db: 12,
    })
    await page.locator('[data-nav="targets"]').click()
    await page.locator('[data-target-id="session-cache"]').click()
    await page.getByRole('button', { name: 'Test connection' }).click()
    await page.getByTestId('test-result').waitFor()
    await shot('redis-target')
    await newRun('redis', 'session-cache', 'Session cache · payload sizes')
    await page.locator('input[name="op-hset"]').check()
    await page.locator('input[name="durationSec"]').fill('0.5')
    await page.locator('input[name="hitRateOn"]').check()
    await fillInputs(page, { hrKeys: '5000', hrRequests: '40000', hrTtlSec: '2', p99Ms: '50' })
    await fullShot('redis-form')
    await runToEnd(120_000)
    await page.getByTestId('redis-matrix').waitFor()
    await fullShot('redis')
  }
} catch (err) {
  await shot('error')
  throw err
} finally {
  if (withDatabases) {
    await db.query('DROP TABLE IF EXISTS perfdesk_shots_orders').catch(() => {})
    await db.end().catch(() => {})
  }
  await session.close()
  await server.close()
}
