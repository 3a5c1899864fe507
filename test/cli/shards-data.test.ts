import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostgresSuiteResult, RedisSuiteResult, RunResult } from '@shared/index'
import { mergeEncodedHistograms } from '../../src/main/analysis/hdr-merge'
import { decodeHistogram, summarize } from '../../src/main/suites/common/latency'
import { recordedValues } from '../../src/main/suites/common/testing/histogram-values'
import { TEST_DB } from '../../src/main/suites/redis/test-support'
import { startDelayProxy, type DelayProxy } from '../helpers/delay-proxy'
import { merge, readResult, shardScratch, type ShardRunResult } from './shard-cli'

/**
 * PostgreSQL and Redis shards merged: two `perfdesk run --shard i/2 --start-at T` processes
 * against the real servers, each through a proxy of the test's that adds a known delay. The
 * first shard runs with a small delay, the second (started after it) with a large one, so the
 * second alone breaks the p99 limit: the merged p99 (the union's, exact) decides the exit code.
 */

const { dir, planFile, runShard } = shardScratch('perfdesk-shards-data-')

/** The two shards of `plan`: shard 1 at `fastMs` extra delay, shard 2 (after it) at `slowMs`. */
async function fastThenSlow(
  plan: string,
  tag: string,
  slow: { set(v: boolean): void },
  shardSec: number,
): Promise<ShardRunResult[]> {
  const t0 = Date.now() + 5000
  const first = await runShard(plan, tag, 1, 2, new Date(t0).toISOString())
  slow.set(true)
  // the second shard's start time is after the first shard ended (a --start-at past by more
  // than the grace is refused, so it is set from now)
  const second = await runShard(plan, tag, 2, 2, new Date(Date.now() + 3000).toISOString())
  expect(Date.now() - t0).toBeGreaterThan(shardSec * 1000)
  return [first, second]
}

/** The union of the shards' encoded histograms, as a LatencySummary and its values. */
function union(histograms: readonly (string | null | undefined)[]) {
  const h = decodeHistogram(mergeEncodedHistograms(histograms))
  const out = { summary: summarize(h), values: recordedValues(h), count: h.totalCount }
  h.destroy()
  return out
}
const valuesOf = (encoded: string | null | undefined) => {
  const h = decodeHistogram(encoded!)
  const v = recordedValues(h)
  h.destroy()
  return v
}

describe('sharded postgres suite, merged', () => {
  const table = `perfdesk_shards_${process.pid}_${Date.now()}`
  let admin: pg.Client
  let proxy: DelayProxy
  let slow = false
  beforeAll(async () => {
    admin = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' })
    await admin.connect()
    await admin.query(`CREATE TABLE ${table} (id int PRIMARY KEY, v text)`)
    await admin.query(`INSERT INTO ${table} SELECT g, md5(g::text) FROM generate_series(1, 1000) g`)
    // every message the suite sends waits 10 ms, or 300 ms once the second shard runs: the
    // second shard's share of the transactions (~10/300 of the first's) is over 1 %
    proxy = await startDelayProxy(5432, () => (slow ? 300 : 10))
  })
  afterAll(async () => {
    await proxy?.close()
    await admin?.query(`DROP TABLE IF EXISTS ${table}`)
    await admin?.end()
  })

  it('steps and queries add up exactly; a p99 only the second shard breaks fails the merge', async () => {
    const plan = planFile('pg', {
      name: 'pg shards',
      targets: [
        {
          id: 'db',
          kind: 'postgres',
          connectionString: `postgres://postgres@127.0.0.1:${proxy.port}/test`,
        },
      ],
      suites: [
        {
          kind: 'postgres',
          target: 'db',
          queries: [
            {
              name: 'by id',
              sql: `SELECT v FROM ${table} WHERE id = $1`,
              params: [{ randomInt: [1, 1000] }],
            },
            {
              name: 'count',
              sql: `SELECT count(*) FROM ${table} WHERE id < $1`,
              params: [{ randomInt: [1, 50] }],
            },
          ],
          clients: 4,
          poolSizes: [2, 4],
          durationSec: 1,
          explain: 'off',
          thresholds: { p99Ms: 150 },
        },
      ],
    })
    const shards = await fastThenSlow(plan, 'pg', { set: (v) => (slow = v) }, 2)
    expect(
      shards.map((s) => s.code),
      shards.map((s) => s.stderr).join('\n'),
    ).toEqual([0, 1])
    const results = shards.map((s) => readResult(s.out))
    const suites = results.map((r) => r.suites[0] as PostgresSuiteResult)
    // clients and each pool split over the two shards
    expect(suites.map((s) => s.details!.steps.map((x) => [x.poolSize, x.clients]))).toEqual([
      [
        [1, 2],
        [2, 2],
      ],
      [
        [1, 2],
        [2, 2],
      ],
    ])

    const out = join(dir(), 'pg-merged.json')
    const m = await merge([...shards.map((s) => s.log), '--out', out, '--db', join(dir(), 'pg.db')])
    expect(m.code, m.stdout + m.stderr).toBe(1)
    const merged = readResult(out)
    const suite = merged.suites[0] as PostgresSuiteResult
    const steps = suite.details!.steps
    expect(steps.map((s) => [s.poolSize, s.clients])).toEqual([
      [2, 4],
      [4, 4],
    ])
    steps.forEach((step, k) => {
      const parts = suites.map((s) => s.details!.steps[k]!)
      expect(step.transactions).toBe(parts[0]!.transactions + parts[1]!.transactions)
      expect(step.errors).toBe(parts[0]!.errors + parts[1]!.errors)
      const u = union(parts.map((p) => p.histogram))
      expect(step.latencyMs).toEqual(u.summary)
      expect(valuesOf(step.histogram)).toEqual(u.values)
      expect(u.count).toBe(step.transactions)
      expect(step.waitMs).toEqual(union(parts.map((p) => p.waitHistogram)).summary)
      expect(step.execMs).toEqual(union(parts.map((p) => p.execHistogram)).summary)
    })
    // per query: executions summed, execution latency the union's
    suite.details!.queries.forEach((q, j) => {
      const parts = suites.map((s) => s.details!.queries[j]!)
      expect(q.executions).toBe(parts[0]!.executions + parts[1]!.executions)
      expect(q.executions).toBeGreaterThan(0)
      expect(q.execMs).toEqual(union(parts.map((p) => p.histogram)).summary)
    })
    // the headline is a merged step, judged on its union p99: shard 1 passed, the merge fails
    const head = steps.find((s) => s.poolSize === suite.metrics!.poolSize)!
    expect(suite.metrics!.transactions).toBe(head.transactions)
    expect(suites[0]!.checks[0]).toMatchObject({ metric: 'p99Ms', pass: true })
    expect(suite.checks[0]).toMatchObject({ metric: 'p99Ms', pass: false })
    expect(suite.metrics!.latencyMs.p99).toBeGreaterThan(150)
    expect(merged.status).toBe('failed')
    expect(merged.shards!.map((s) => s.index)).toEqual([0, 1])
    expect(suite.notes.join('\n')).toContain('upper bound')
  }, 120_000)
})

describe('sharded redis suite, merged', () => {
  let proxy: DelayProxy
  let slow = false
  beforeAll(async () => {
    // each batch waits 2 ms, or 100 ms once the second shard runs: its share of the commands
    // (~2/100 of the first's) is over 1 %, so the union's p99 is the slow latency
    proxy = await startDelayProxy(6379, () => (slow ? 100 : 2))
  })
  afterAll(() => proxy?.close())

  it('matrix cells add up exactly; a p99 only the second shard breaks fails the merge', async () => {
    const plan = planFile('redis', {
      name: 'redis shards',
      targets: [{ id: 'r', kind: 'redis', url: `redis://127.0.0.1:${proxy.port}`, db: TEST_DB }],
      suites: [
        {
          kind: 'redis',
          target: 'r',
          operations: ['set', 'get'],
          payloadBytes: [100],
          pipeline: [16],
          clients: 4,
          durationSec: 1,
          thresholds: { p99Ms: 100 },
        },
      ],
    })
    const shards = await fastThenSlow(plan, 'redis', { set: (v) => (slow = v) }, 2)
    expect(
      shards.map((s) => s.code),
      shards.map((s) => s.stderr).join('\n'),
    ).toEqual([0, 1])
    const suites = shards.map((s) => readResult(s.out).suites[0] as RedisSuiteResult)
    expect(suites.map((s) => s.config.clients)).toEqual([2, 2])
    for (const s of suites) expect(s.details!.cleanup).toMatchObject({ done: true })

    const out = join(dir(), 'redis-merged.json')
    const m = await merge([...shards.map((s) => s.out), '--out', out, '--db', join(dir(), 'r.db')])
    expect(m.code, m.stdout + m.stderr).toBe(1)
    const merged: RunResult = readResult(out)
    const suite = merged.suites[0] as RedisSuiteResult
    const cells = suite.metrics!.matrix
    expect(cells.map((c) => c.operation)).toEqual(['set', 'get'])
    cells.forEach((cell, k) => {
      const parts = suites.map((s) => s.metrics!.matrix[k]!)
      expect(cell.commands).toBe(parts[0]!.commands + parts[1]!.commands)
      expect(cell.errors).toBe(parts[0]!.errors + parts[1]!.errors)
      const u = union(parts.map((p) => p.histogram))
      expect(cell.latencyMs).toEqual(u.summary)
      expect(u.count).toBe(cell.commands)
    })
    const all = union(suites.map((s) => s.histogram))
    expect(suite.metrics!.latencyMs).toEqual(all.summary)
    expect(suite.metrics!.commands).toBe(
      suites[0]!.metrics!.commands + suites[1]!.metrics!.commands,
    )
    // shard 1 met p99 ≤ 100 ms; the union of its cells and shard 2's does not
    expect(suites[0]!.checks[0]).toMatchObject({ metric: 'p99Ms', pass: true })
    expect(suite.checks[0]).toMatchObject({ metric: 'p99Ms', pass: false })
    expect(suite.metrics!.p99Ms).toBe(Math.max(...cells.map((c) => c.latencyMs.p99)))
    expect(merged.status).toBe('failed')
    expect(suite.details!.cleanup.removed).toBe(
      suites[0]!.details!.cleanup.removed + suites[1]!.details!.cleanup.removed,
    )
  }, 120_000)
})
