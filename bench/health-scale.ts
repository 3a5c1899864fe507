/**
 * The health suites at scale, timed (not part of `npm test`: it takes a few minutes to build):
 *  - postgres-health on a scratch database with 10,000 small tables (each a serial primary key:
 *    10,000 sequences and indexes too), plus one with dead tuples and a duplicate index;
 *  - redis-health on a redis-server of its own with 500,000 keys (the scan stops at maxKeys).
 * Each must finish in under 30 s. Prints the times; drops the database and stops the server.
 * Run: `npx tsx bench/health-scale.ts [tables] [keys]`
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import pg from 'pg'
import { PostgresHealthConfigSchema, RedisHealthConfigSchema } from '../src/shared'
import { postgresHealthWorker } from '../src/main/suites/postgres-health/worker'
import { redisHealthWorker } from '../src/main/suites/redis-health/worker'
import { startOwnRedis } from '../src/main/suites/redis/test-support'
import type { SuiteContext } from '../src/main/suites/types'
import type { SuiteKind } from '../src/shared'

const TABLES = Number(process.argv[2] ?? 10_000)
const KEYS = Number(process.argv[3] ?? 500_000)
const LIMIT_SEC = 30

function ctx<K extends SuiteKind>(
  config: SuiteContext<K>['config'],
  target: SuiteContext<K>['target'],
): SuiteContext<K> {
  return {
    runId: `bench${randomBytes(3).toString('hex')}`,
    suiteIndex: 0,
    config,
    target,
    signal: new AbortController().signal,
    progress: () => undefined,
    log: () => undefined,
  }
}

const verdicts: string[] = []

async function postgres(): Promise<void> {
  const name = `perfdesk_scale_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  try {
    const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: name })
    await c.connect()
    const t0 = performance.now()
    // one transaction per 200 tables: creating a table locks it until commit
    for (let i = 0; i < TABLES; i += 200) {
      let sql = 'BEGIN;'
      for (let j = i; j < Math.min(TABLES, i + 200); j++)
        sql += `CREATE TABLE t_${j} (id serial PRIMARY KEY, v int); INSERT INTO t_${j} (v) VALUES (${j});`
      await c.query(sql + 'COMMIT;')
    }
    await c.query(`CREATE TABLE dead (id int, v text) WITH (autovacuum_enabled = false);
      INSERT INTO dead SELECT g, 'x' FROM generate_series(1, 100000) g; DELETE FROM dead WHERE id > 10000;
      CREATE INDEX dup1 ON t_0 (v); CREATE INDEX dup2 ON t_0 (v); SELECT pg_stat_force_next_flush();`)
    console.log(
      `postgres: built ${TABLES} tables in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )
    await c.end()
    const target = {
      id: 'db',
      kind: 'postgres' as const,
      host: '127.0.0.1',
      port: 5432,
      database: name,
      user: 'postgres',
    }
    const config = PostgresHealthConfigSchema.parse({ kind: 'postgres-health', target: 'db' })
    const t1 = performance.now()
    const out = await postgresHealthWorker.run(ctx<'postgres-health'>(config, target))
    const sec = (performance.now() - t1) / 1000
    const h = out.health
    console.log(
      `postgres-health: ${sec.toFixed(2)} s for ${h?.tables} tables (catalog reads ${h?.readMs} ms); status ${out.status}; findings ${out.findings.map((f) => f.id).join(', ')}; problems: ${h?.problems.join('; ') || 'none'}`,
    )
    verdicts.push(
      `postgres-health, ${TABLES} tables: ${sec.toFixed(2)} s ${sec < LIMIT_SEC ? '<' : '≥'} ${LIMIT_SEC} s`,
    )
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

async function redis(): Promise<void> {
  const own = await startOwnRedis()
  try {
    const c = new Redis({ port: own.port, host: '127.0.0.1' })
    const t0 = performance.now()
    for (let i = 0; i < KEYS; i += 10_000) {
      const p = c.pipeline()
      for (let j = i; j < Math.min(KEYS, i + 10_000); j++) {
        if (j % 2) p.set(`k:${j}`, 'v'.repeat(100))
        else p.set(`k:${j}`, 'v'.repeat(100), 'EX', 3600)
      }
      await p.exec()
    }
    console.log(`redis: wrote ${KEYS} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    c.disconnect()
    const config = RedisHealthConfigSchema.parse({ kind: 'redis-health', target: 'r' })
    const t1 = performance.now()
    const out = await redisHealthWorker.run(ctx<'redis-health'>(config, own.target))
    const sec = (performance.now() - t1) / 1000
    const h = out.health!
    console.log(
      `redis-health: ${sec.toFixed(2)} s; scanned ${h.scan.keysSeen} of ${h.dbsizeBefore} keys (${h.scan.complete ? 'all' : 'a sample'}) in ${h.scan.durationSec} s; no-TTL share ${h.ttl.noTtlShare} ± ${h.ttl.margin} (truth 0.5); DBSIZE ${h.dbsizeBefore} → ${h.dbsizeAfter}`,
    )
    verdicts.push(
      `redis-health, ${KEYS} keys: ${sec.toFixed(2)} s ${sec < LIMIT_SEC ? '<' : '≥'} ${LIMIT_SEC} s`,
    )
  } finally {
    await own.stop()
  }
}

await postgres()
await redis()
console.log(verdicts.join('\n'))
