/**
 * Screenshots of the two health suites, run from the UI against problems this script sets up:
 * a scratch database (two identical indexes, a mostly-dead table with autovacuum off, a
 * sequence near its maximum, a session idle in a transaction) and a redis-server of its own
 * (a 4 MB key among small ones). Also writes each run's PDF and HTML next to the PNGs.
 * Run with `npx tsx test/e2e/health-screenshots.ts`; writes /tmp/perfdesk-shots/health-*.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { renderHtml, renderPdf } from '../../src/main/report'
import { startOwnRedis } from '../../src/main/suites/redis/test-support'
import { SHOTS_DIR } from './harness'
import { startShotSession } from './shot-session'

const dbName = `perfdesk_hshots_${process.pid}`
const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' })
await admin.connect()
await admin.query(`CREATE DATABASE ${dbName}`)
const db = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: dbName })
await db.connect()
await db.query(`CREATE TABLE orders (id serial PRIMARY KEY, customer_id int, total numeric);
  INSERT INTO orders (customer_id, total) SELECT g % 500, g * 1.5 FROM generate_series(1, 30000) g;
  CREATE INDEX orders_customer ON orders (customer_id); CREATE INDEX orders_customer_2 ON orders (customer_id);
  CREATE TABLE events (id int, payload text) WITH (autovacuum_enabled = false);
  INSERT INTO events SELECT g, 'x' FROM generate_series(1, 50000) g;
  DELETE FROM events WHERE id > 5000;
  CREATE SEQUENCE invoice_no MAXVALUE 100000; SELECT setval('invoice_no', 97000);
  SELECT pg_stat_force_next_flush();`)
const idle = new pg.Client({
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  database: dbName,
  application_name: 'billing-worker',
})
await idle.connect()
await idle.query('BEGIN')
await idle.query('SELECT count(*) FROM orders')

const redis = await startOwnRedis()
const rc = new Redis({ port: redis.port, host: '127.0.0.1' })
const p = rc.pipeline()
for (let i = 0; i < 5000; i++) {
  if (i % 3) p.set(`session:${i}`, 'v'.repeat(200))
  else p.set(`session:${i}`, 'v'.repeat(200), 'EX', 3600)
}
for (let i = 0; i < 300; i++) p.hset(`user:${i}`, { name: 'n', email: 'e'.repeat(40) })
p.set('report:2024:full', Buffer.alloc(4 * 1024 * 1024, 1))
await p.exec()

const session = await startShotSession('health', { parts: true })
const { app, browser, page, fullShot, newRun } = session
async function runToEnd(testId: string): Promise<void> {
  await session.startRun(120_000)
  await page.getByTestId(testId).waitFor()
}

try {
  app.store.saveTarget({
    kind: 'postgres',
    id: 'billing-db',
    name: 'Billing DB (scratch)',
    host: '127.0.0.1',
    port: 5432,
    database: dbName,
    user: 'postgres',
  })
  app.store.saveTarget({
    kind: 'redis',
    id: 'sessions',
    name: 'Session cache (own server)',
    url: `redis://127.0.0.1:${redis.port}`,
  })
  await page.goto(app.serve.url)
  await new Promise((r) => setTimeout(r, 1500))

  await newRun('postgres-health', 'billing-db', 'Billing DB · health and backup')
  await page.locator('input[name="idleInTransactionSec"]').fill('1')
  await page.locator('input[name="backupCheck"]').check()
  await page.locator('input[name="rtoSec"]').fill('60')
  await fullShot('pg-form')
  await runToEnd('pg-health')
  await fullShot('pg')

  await newRun('redis-health', 'sessions', 'Session cache · health')
  await fullShot('redis-form')
  await runToEnd('redis-health')
  await page.getByTestId('redis-cache-curve').waitFor()
  await fullShot('redis')

  // the redis-server monitored while the suite scans it slowly: its TCP connections by state
  const extra = [0, 1, 2].map(() => new Redis({ port: redis.port, host: '127.0.0.1' }))
  await Promise.all(extra.map((c) => c.ping()))
  const monitored = app.engine.start({
    name: 'Session cache · health, server monitored',
    targets: [
      { id: 'sessions', kind: 'redis', url: `redis://127.0.0.1:${redis.port}` },
      { id: 'redis-proc', kind: 'process', pid: redis.child.pid },
    ],
    suites: [{ kind: 'redis-health', target: 'sessions', keysPerSec: 1000 }],
    monitor: { process: 'redis-proc' },
  })
  await monitored.done
  for (const c of extra) c.disconnect()
  await page.locator('[data-nav="history"]').click()
  await page.locator('[data-testid="history"] tbody tr').first().click()
  await page.getByTestId('process-monitor').waitFor()
  await page.getByTestId('process-monitor').scrollIntoViewIfNeeded()
  await page
    .getByTestId('process-monitor')
    .screenshot({ path: join(SHOTS_DIR, 'health-monitor.png') })

  for (const s of app.store.listRuns()) {
    const run = app.store.getRun(s.id)!
    const name = `${run.suites[0]!.kind}${run.monitor ? '-monitor' : ''}`
    writeFileSync(join(SHOTS_DIR, `health-${name}.pdf`), await renderPdf(run))
    writeFileSync(join(SHOTS_DIR, `health-${name}.html`), renderHtml(run))
  }
  if (browser.errors.length) console.log('page errors:', browser.errors)
} catch (err) {
  await session.shot('error')
  throw err
} finally {
  await session.close()
  await idle.end().catch(() => undefined)
  await db.end().catch(() => undefined)
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined)
  const left = await admin.query(
    `SELECT datname FROM pg_database WHERE datname LIKE 'perfdesk_restore_%'`,
  )
  console.log(
    'restore databases left on the server:',
    left.rows.map((r) => r.datname),
  )
  await admin.end()
  rc.disconnect()
  await redis.stop()
}
