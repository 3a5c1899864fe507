import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '@shared/index'
import { startOwnRedis, type OwnRedis } from '../../src/main/suites/redis/test-support'
import {
  databaseExists,
  scratchDatabase,
  type Scratch,
} from '../../src/main/suites/postgres-health/test-support'
import { runCli, writePlanFile } from './run-cli'

// End to end on the built CLI (npx electron-vite build): both health suites in one plan, the
// backup check on, and the redis-server monitored by pid (its TCP connections in the samples).

let dir: string
let db: Scratch
let redis: OwnRedis
let held: Redis

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-health-'))
  db = await scratchDatabase()
  await db.query(`CREATE TABLE items (id int PRIMARY KEY, sku int);
    INSERT INTO items SELECT g, g FROM generate_series(1, 500) g;
    CREATE INDEX items_sku_a ON items (sku); CREATE INDEX items_sku_b ON items (sku);`)
  redis = await startOwnRedis()
  // a connection held open for the whole run: the monitor must count it
  held = new Redis({ port: redis.port, host: '127.0.0.1' })
  await held.set('big', Buffer.alloc(2 * 1024 * 1024, 1))
  for (let i = 0; i < 100; i++) await held.set(`k${i}`, 'v')
})

afterAll(async () => {
  held?.disconnect()
  await redis?.stop()
  await db?.drop()
  rmSync(dir, { recursive: true, force: true })
})

describe('perfdesk run with the health suites', () => {
  it('reads, restores, reports and monitors; leaves no scratch database', async () => {
    const plan = {
      name: 'health',
      targets: [
        { ...db.target, id: 'db' },
        { id: 'cache', kind: 'redis', url: `redis://127.0.0.1:${redis.port}` },
        { id: 'redis-proc', kind: 'process', pid: redis.child.pid },
      ],
      suites: [
        { kind: 'postgres-health', target: 'db', backupCheck: true, allowWrites: true },
        { kind: 'redis-health', target: 'cache' },
      ],
      monitor: { process: 'redis-proc' },
    }
    const file = writePlanFile(dir, 'plan', plan)
    const out = join(dir, 'result.json')
    const pdf = join(dir, 'report.pdf')
    const html = join(dir, 'report.html')
    const r = await runCli([
      'run',
      file,
      '--db',
      join(dir, 'h.db'),
      '--out',
      out,
      '--pdf',
      pdf,
      '--html',
      html,
    ])
    expect(r.code, r.stderr).toBe(0)
    const run = JSON.parse(readFileSync(out, 'utf8')) as RunResult
    const [pgs, rs] = run.suites
    if (pgs?.kind !== 'postgres-health' || rs?.kind !== 'redis-health') throw new Error('kinds')
    expect([run.status, pgs.status, rs.status]).toEqual(['passed', 'passed', 'passed'])
    expect(pgs.findings.map((f) => f.id)).toContain('pg.health.duplicate-index')
    expect(pgs.backup).toMatchObject({ tables: 1, tablesMatched: 1, dropped: true })
    expect(await databaseExists(pgs.backup!.scratchDatabase)).toBe(false)
    expect(rs.health!.bigKeys[0]!.key).toBe('big')
    expect(rs.health!.dbsizeAfter).toBe(101)
    // scores come from the findings: the duplicate index is a warning
    expect(pgs.score!.items.some((i) => i.reason.includes('pg.health.duplicate-index'))).toBe(true)
    // the monitored redis-server: listening on its port, our held connection established
    const m = run.monitor!
    expect(m.summary.tcpListening).toBeGreaterThanOrEqual(1)
    expect(m.summary.tcpEstablishedMax).toBeGreaterThanOrEqual(1)
    expect(m.samples.every((s) => (s.tcpEstablished ?? 0) >= 1)).toBe(true)
    const page = readFileSync(html, 'utf8')
    expect(page).toContain('DROP INDEX CONCURRENTLY public.items_sku_b;')
    expect(page).toContain('Cache sizing: LRU hit rate by memory')
    expect(page).toContain('TCP connections')
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')
    expect(r.stdout).toMatch(/PostgreSQL health/)
    console.log(r.stdout)
  }, 120_000)
})
