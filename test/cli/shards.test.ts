import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiOutput, type HttpLoadSuiteResult, type RunResult } from '@shared/index'
import { mergeEncodedHistograms } from '../../src/main/analysis/hdr-merge'
import { decodeHistogram, summarize } from '../../src/main/suites/common/latency'
import { startServer, type TestServer } from '../helpers/http-servers'
import { runCli } from './run-cli'
import { httpLoadPlan } from '../fixtures/plans'
import { merge, readResult, shardScratch, soon } from './shard-cli'
import { createApi, createRunExporter } from '../../src/main/api'
import { Engine } from '../../src/main/engine'
import { MemorySecretBox } from '../../src/main/secrets'
import { openHistoryAndRecover } from '../../src/main/store'
import { testTarget } from '../../src/main/targets'

/**
 * Sharded runs as a user makes them: three `perfdesk run --shard i/3 --start-at T` processes
 * against one local server, then `perfdesk merge`. The server counts what arrived.
 */

const scratch = shardScratch('perfdesk-shards-')
const { planFile, runShard } = scratch

const httpSuite = (r: RunResult): HttpLoadSuiteResult => r.suites[0] as HttpLoadSuiteResult

describe('sharded open-model run, merged', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({ delayMs: 1 })
  })
  afterAll(() => server.close())

  const RATE = 150
  const SECONDS = 3
  let shards: Awaited<ReturnType<typeof runShard>>[] = []
  let plan: string

  it('three shards send the one schedule; each misses minRps, the merge meets it', async () => {
    plan = planFile(
      'open',
      httpLoadPlan('open shards', server.url, {
        model: 'arrival-rate',
        rate: RATE,
        durationSec: SECONDS,
        thresholds: { minRps: RATE * 0.8, errorRate: 0 },
      }),
    )
    // generous lead: three Node processes start on a busy 2-core machine
    const startAt = soon(6000)
    shards = await Promise.all([1, 2, 3].map((i) => runShard(plan, 'open', i, 3, startAt)))
    for (const s of shards) {
      // each shard alone sends a third of the rate: its own minRps check fails (exit 1)
      expect(s.code, s.stderr).toBe(1)
    }
    const results = shards.map((s) => readResult(s.out))
    results.forEach((r, i) => {
      expect(r.shard).toMatchObject({ index: i, count: 3, startAt })
      // a third of the schedule each (a busy machine may drop a request or two at the very end)
      expect(httpSuite(r).metrics!.requests).toBeGreaterThanOrEqual((RATE * SECONDS * 0.98) / 3)
      expect(httpSuite(r).metrics!.requests).toBeLessThanOrEqual((RATE * SECONDS) / 3)
    })
    expect(new Set(results.map((r) => r.shard!.planHash)).size).toBe(1)

    const out = join(scratch.dir(), 'open-merged.json')
    const db = join(scratch.dir(), 'merged.db')
    const m = await merge([...shards.map((s) => s.out), '--out', out, '--db', db])
    expect(m.code, m.stderr).toBe(0)
    const merged = readResult(out)
    const suite = httpSuite(merged)
    const sum = results.reduce((a, r) => a + httpSuite(r).metrics!.requests, 0)
    const m0 = suite.metrics!
    const why = JSON.stringify({
      sum,
      dropped: m0.dropped,
      late: m0.late,
      errors: m0.errors,
      timeouts: m0.timeouts,
    })
    // merged count = sum of shards = what the server counted
    expect(m0.requests).toBe(sum)
    expect(server.stats().requests, why).toBe(sum + m0.errors + m0.timeouts)
    // the union's rate, counted by the server, is the plan's within 2 %
    const arrived = server.stats().requests / SECONDS
    expect(arrived, why).toBeGreaterThanOrEqual(RATE * 0.98)
    expect(arrived, why).toBeLessThanOrEqual(RATE * 1.02)
    expect(m0.targetRps!).toBeGreaterThanOrEqual(RATE * 0.98)
    expect(m0.targetRps!).toBeLessThanOrEqual(RATE * 1.02)
    expect(suite.checks.find((c) => c.metric === 'minRps')?.pass).toBe(true)
    // merged percentiles are those of the union histogram
    const union = decodeHistogram(
      mergeEncodedHistograms(results.map((r) => httpSuite(r).histogram)),
    )
    expect(suite.metrics!.latencyMs).toEqual(summarize(union))
    expect(union.totalCount).toBe(sum)
    union.destroy()
    expect(merged.shards?.map((s) => s.index)).toEqual([0, 1, 2])
    expect(merged.plan.suites[0]).toMatchObject({ rate: RATE })
    // stored in the history as one run
    const runs = await runCli(['runs', '--db', db, '--json'])
    const list = JSON.parse(runs.stdout) as { id: string }[]
    expect(list.map((r) => r.id)).toEqual([merged.id])
  }, 90_000)

  it('reads the shards back from pod logs with framed results', async () => {
    const out = join(scratch.dir(), 'open-from-logs.json')
    const m = await merge([
      ...shards.map((s) => s.log),
      '--out',
      out,
      '--db',
      join(scratch.dir(), 'logs.db'),
    ])
    expect(m.code, m.stderr).toBe(0)
    const fromFiles = shards.reduce((a, s) => a + httpSuite(readResult(s.out)).metrics!.requests, 0)
    expect(httpSuite(readResult(out)).metrics!.requests).toBe(fromFiles)
  }, 30_000)

  it('the app imports the shard files as one run (runs.importShards)', async () => {
    const store = openHistoryAndRecover(join(scratch.dir(), 'app.db')).store
    try {
      const api = createApi({
        engine: new Engine({ store, runtime: 'test' }),
        store,
        secrets: new MemorySecretBox(),
        testTarget,
        exportRun: createRunExporter(),
        mode: 'browser',
        version: 'test',
      })
      const files = shards.map((s) => ({ name: s.log, text: readFileSync(s.log, 'utf8') }))
      const r = (await api.dispatch('runs.importShards', {
        files,
      })) as ApiOutput<'runs.importShards'>
      expect(r).toMatchObject({ status: 'passed', shards: 3 })
      const run = store.getRun(r.runId)!
      const fromFiles = shards.reduce(
        (a, s) => a + httpSuite(readResult(s.out)).metrics!.requests,
        0,
      )
      expect(httpSuite(run).metrics!.requests).toBe(fromFiles)
      expect(run.shards?.map((x) => x.index)).toEqual([0, 1, 2])
      // an incomplete set is refused with the same message as the CLI's
      await expect(
        api.respond('runs.importShards', { files: files.slice(1) }),
      ).resolves.toMatchObject({
        ok: false,
        error: { code: 'failed', message: expect.stringContaining('shard 1/3 missing') },
      })
    } finally {
      store.close()
    }
  }, 30_000)

  it('refuses an incomplete set and a duplicate, naming what is wrong', async () => {
    const partial = await merge([
      shards[0]!.out,
      shards[2]!.out,
      '--db',
      join(scratch.dir(), 'x.db'),
    ])
    expect(partial.code).toBe(2)
    expect(partial.stderr).toContain('shard 2/3 missing')
    const dup = await merge([
      shards[0]!.out,
      shards[0]!.log,
      shards[1]!.out,
      '--db',
      join(scratch.dir(), 'x.db'),
    ])
    expect(dup.code).toBe(2)
    expect(dup.stderr).toContain('shard 1/3 is in both')
  }, 30_000)

  it('refuses shards of different plans', async () => {
    const other = planFile(
      'other',
      httpLoadPlan('other plan', server.url, { model: 'arrival-rate', rate: 30, durationSec: 1 }),
    )
    const s = await runShard(other, 'other', 2, 3, soon(2500))
    expect(s.code, s.stderr).toBe(0)
    const m = await merge([
      shards[0]!.out,
      s.out,
      shards[2]!.out,
      '--db',
      join(scratch.dir(), 'x.db'),
    ])
    expect(m.code).toBe(2)
    expect(m.stderr).toContain('different plans')
    expect(m.stderr).toContain(s.out)
  }, 60_000)
})

describe('sharded closed-model run, one slow shard', () => {
  let server: TestServer
  let slowFrom = Infinity
  beforeAll(async () => {
    // every answer waits 20 ms; after `slowFrom`, 300 ms: only the shard started last sees that.
    // It sends ~1/30 of all requests (> 1 %), so the union's p99 is its latency while the others pass.
    server = await startServer({ delayMs: () => (Date.now() >= slowFrom ? 300 : 20) })
  })
  afterAll(() => server.close())

  it('a p99 only one shard breaks fails the merged run (exit 1)', async () => {
    const plan = planFile(
      'closed',
      httpLoadPlan('closed shards', server.url, {
        connections: 6,
        durationSec: 2,
        thresholds: { p99Ms: 150 },
      }),
    )
    const t0 = Date.now() + 5000
    const fast = [1, 2].map((i) => runShard(plan, 'closed', i, 3, new Date(t0).toISOString()))
    // the third shard starts once the first two are done (2 s of load and a slow start on a
    // busy machine); from then on the server is slow
    slowFrom = t0 + 7000
    const slow = runShard(plan, 'closed', 3, 3, new Date(t0 + 7500).toISOString())
    const shards = await Promise.all([...fast, slow])
    expect(
      shards.map((s) => s.code),
      shards.map((s) => s.stdout).join('\n'),
    ).toEqual([0, 0, 1])
    const results = shards.map((s) => readResult(s.out))
    // connections split 2 + 2 + 2
    expect(
      results.map((r) => (httpSuite(r).config as { connections: number }).connections),
    ).toEqual([2, 2, 2])
    const out = join(scratch.dir(), 'closed-merged.json')
    const m = await merge([
      ...shards.map((s) => s.out),
      '--out',
      out,
      '--db',
      join(scratch.dir(), 'closed.db'),
    ])
    expect(m.code, m.stdout + m.stderr).toBe(1)
    const suite = httpSuite(readResult(out))
    const sum = results.reduce((a, r) => a + httpSuite(r).metrics!.requests, 0)
    expect(suite.metrics!.requests).toBe(sum)
    // the server saw every counted request, plus at most one per connection still in flight
    // when each shard's duration ended (a closed loop stops with those unanswered)
    expect(server.stats().requests).toBeGreaterThanOrEqual(sum)
    expect(server.stats().requests).toBeLessThanOrEqual(sum + 6)
    expect(suite.checks.find((c) => c.metric === 'p99Ms')?.pass).toBe(false)
    expect(suite.metrics!.latencyMs.p99).toBeGreaterThan(150)
  }, 90_000)
})

describe('perfdesk k8s', () => {
  it('prints the manifests for N shards, and refuses a plan that does not split in N', async () => {
    const plan = planFile(
      'k8s',
      httpLoadPlan('k8s plan', 'http://checkout.svc:8080', { connections: 4, durationSec: 30 }),
    )
    const ok = await runCli(['k8s', plan, '--shards', '3', '--image', 'perfdesk:test'])
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain('completionMode: "Indexed"')
    expect(ok.stdout).toContain('completions: 3')
    expect(ok.stdout).toContain('image: "perfdesk:test"')
    const bad = await runCli(['k8s', plan, '--shards', '5'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('suites[0].connections is 4: too few to split over 5 shards')
    const past = await runCli(['k8s', plan, '--shards', '2', '--start-at', '2020-01-01T00:00:00Z'])
    expect(past.code).toBe(2)
    expect(past.stderr).toContain('in the past')
  }, 30_000)
})
