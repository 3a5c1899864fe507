import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresHealthWorker } from './worker'
import { scratchDatabaseName } from './backup'
import { backupFindings } from './findings'
import { databaseExists, healthContext, scratchDatabase, type Scratch } from './test-support'

// The backup check against the local server: pg_dump, pg_restore into perfdesk_restore_<run>,
// row counts compared, the copy dropped — on success and when cancelled mid-restore.

let db: Scratch

beforeAll(async () => {
  db = await scratchDatabase()
  await db.query(`CREATE TABLE small_a (id serial PRIMARY KEY, v text);
    INSERT INTO small_a (v) SELECT 'a' || g FROM generate_series(1, 1234) g;
    CREATE TABLE small_b (id int, w int);
    INSERT INTO small_b SELECT g, g * 2 FROM generate_series(1, 77) g;
    CREATE TABLE "Mixed Case" (x int); INSERT INTO "Mixed Case" VALUES (1), (2);
    CREATE TABLE empty_c (x int);`)
}, 60_000)

afterAll(async () => {
  await db?.drop()
})

describe('the backup check', () => {
  it('dumps, restores, matches every table and drops the scratch database', async () => {
    const { ctx } = healthContext({ backupCheck: true, allowWrites: true, rtoSec: 600 }, db.target)
    const out = await postgresHealthWorker.run(ctx)
    expect(out.status).toBe('passed')
    const b = out.backup!
    expect(b.error).toBeUndefined()
    expect(b.tables).toBe(4)
    expect(b.tablesMatched).toBe(4)
    expect(b.mismatches).toEqual([])
    expect(b.dumpBytes).toBeGreaterThan(1000)
    expect(b.restoreSec).toBeGreaterThan(0)
    expect(b.pgDump).toMatch(/pg_dump.*15/)
    expect(b.scratchDatabase).toBe(scratchDatabaseName(ctx.runId, 0))
    expect(b.dropped).toBe(true)
    expect(await databaseExists(b.scratchDatabase)).toBe(false)
    expect(out.findings.filter((f) => f.id.startsWith('pg.health.backup'))).toEqual([])
  }, 120_000)

  it('leaves no scratch database behind when cancelled mid-restore', async () => {
    await db.query(`CREATE TABLE big_d (id int, pad text);
      INSERT INTO big_d SELECT g, repeat('x', 200) FROM generate_series(1, 300000) g;
      CREATE INDEX ON big_d (id); CREATE INDEX ON big_d (pad);`)
    const { ctx, abort } = healthContext({ backupCheck: true, allowWrites: true }, db.target)
    const scratch = scratchDatabaseName(ctx.runId, 0)
    let existedAtCancel = false
    let cancelledAt = 0
    // cancel as soon as the restore has begun: the scratch database exists and pg_restore runs
    const watcher = (async () => {
      for (let i = 0; i < 600 && !abort.signal.aborted; i++) {
        if (await databaseExists(scratch)) {
          await new Promise((r) => setTimeout(r, 150))
          existedAtCancel = await databaseExists(scratch)
          cancelledAt = Date.now()
          abort.abort()
          return
        }
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    const t0 = Date.now()
    const out = await postgresHealthWorker.run(ctx)
    const stoppedMs = Date.now() - cancelledAt
    await watcher
    console.log(`backup check: returned ${stoppedMs} ms after cancel, scratch database dropped`)
    expect(existedAtCancel).toBe(true)
    expect(out.status).toBe('cancelled')
    expect(out.backup!.error).toBe('cancelled')
    expect(out.backup!.dropped).toBe(true)
    expect(await databaseExists(scratch)).toBe(false)
    expect(Date.now() - t0).toBeLessThan(60_000)
    await db.query('DROP TABLE big_d')
  }, 120_000)

  it('says when the restore is slower than the objective, and when counts differ', () => {
    const base = {
      dumpSec: 1,
      dumpBytes: 10_000,
      restoreSec: 12.5,
      tables: 3,
      tablesMatched: 2,
      mismatches: [{ table: 'public.orders', source: 10, restored: 9 }],
      pgDump: 'pg_dump 15',
      scratchDatabase: 'perfdesk_restore_x',
      dropped: true,
      restoreWarnings: [],
    }
    const fs = backupFindings(base, 10)
    expect(fs.map((f) => f.id)).toEqual(['pg.health.backup-mismatch', 'pg.health.backup-rto'])
    expect(fs[0]!.evidence[0]).toEqual({
      label: 'public.orders',
      value: '10 in the source, 9 restored',
    })
    expect(backupFindings({ ...base, mismatches: [], tablesMatched: 3 }, 20)).toEqual([])
  })
})
