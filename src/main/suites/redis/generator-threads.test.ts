import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mergeEncodedHistograms, mergeIntervals } from '../../analysis/hdr-merge'
import { runGeneratorThreads } from '../common/generator'
import { decodeHistogram } from '../common/latency'
import { recordedValues } from '../common/testing/histogram-values'
import type { StepInterval, StepPart, StepPayload } from './generator-task'
import { keyCountFor, operations, seedStep, type StepKeys } from './operations'
import type { StepOutcome } from './step'
import { runTestStep, singleStep, startOwnRedis, type OwnRedis } from './test-support'

/**
 * Generator threads against a redis-server of the test's own (nobody else's commands in its
 * INFO commandstats): what the threads counted, merged, is what the server counted.
 */

let own: OwnRedis
let client: Redis
const keys: StepKeys = {
  prefix: `perfdesk:threads-${process.pid}:0:m:get:100:`,
  payload: randomBytes(100),
  payloadBytes: 100,
  keyCount: keyCountFor(100),
  growBudget: 4 * 1024 * 1024,
  ttlSec: 600,
}

async function getCalls(): Promise<number> {
  const info = await client.info('commandstats')
  return Number(/cmdstat_get:calls=(\d+)/.exec(info)?.[1] ?? 0)
}

beforeAll(async () => {
  own = await startOwnRedis()
  client = new Redis({ port: own.port, host: '127.0.0.1' })
  await operations.get.populate!(client, keys, 5000, new AbortController().signal)
}, 20_000)
afterAll(async () => {
  client.disconnect()
  await own.stop()
})

/** A 500 ms step of a growing operation on its own seeded keys, 2 clients on 1 thread. */
async function growingStep(
  op: 'sadd' | 'lpush',
  growBudget: number,
): Promise<{ out: StepOutcome; names: string[] }> {
  const opKeys: StepKeys = {
    ...keys,
    prefix: `perfdesk:threads-${process.pid}:0:m:${op}:100:`,
    growBudget,
  }
  await seedStep(client, operations[op], opKeys, 2, 5000, new AbortController().signal)
  const env = { target: own.target, clients: 2, threads: 1, engine: 'resp' } as const
  const out = await runTestStep(env, singleStep(op, 100, 4), opKeys, 500)
  expect(out.error).toBeUndefined()
  return { out, names: operations[op].seedKeys!(opKeys, 2) }
}

/** A GET step of 100 B at `pipeline`, checked to have counted exactly the GETs the server ran. */
async function countedGetStep(
  env: Parameters<typeof runTestStep>[0],
  pipeline: number,
  ms: number,
): Promise<StepOutcome> {
  const before = await getCalls()
  const out = await runTestStep(env, singleStep('get', 100, pipeline), keys, ms)
  const after = await getCalls()
  expect(out.error).toBeUndefined()
  expect(out.cell.commands).toBeGreaterThan(0)
  expect(out.cell.commands).toBe(after - before)
  return out
}

describe('redis generator threads', () => {
  it('2 threads: the merged count is what the server counted, the merged histogram is the union', async () => {
    const before = await getCalls()
    const intervals: StepInterval[] = []
    const payload = new Uint8Array(keys.payload)
    const run = await runGeneratorThreads<StepPayload, StepInterval, StepPart>({
      kind: 'redis',
      threads: 2,
      signal: new AbortController().signal,
      payload: (i) => ({
        target: own.target,
        operation: 'get',
        pipeline: i === 0 ? 1 : 4,
        keys: { ...keys, payload },
        clients: 3,
        clientBase: i * 3,
        durationMs: 1500,
        warmupMs: 0,
        timeoutMs: 5000,
        originMs: Date.now(),
        engine: 'resp',
      }),
      onInterval: (_thread, data) => intervals.push(data),
    })
    const after = await getCalls()
    expect(run.errors).toEqual([])
    expect(run.parts).toHaveLength(2)
    expect(run.meters).toHaveLength(2)
    const total = run.parts.reduce((s, p) => s + p.counts.commands, 0)
    for (const p of run.parts) {
      expect(p.fatal).toBeUndefined()
      expect(p.counts.commands).toBeGreaterThan(0)
      expect(p.counts.errors).toBe(0)
    }
    // every GET the server executed was counted by exactly one thread (no warm-up here)
    expect(after - before).toBe(total)

    // the merged histogram holds, value for value, the sum of the threads' histograms
    const parts = run.parts.map((p) => decodeHistogram(p.histogram))
    const merged = decodeHistogram(mergeEncodedHistograms(run.parts.map((p) => p.histogram)))
    expect(merged.totalCount).toBe(total)
    const union = new Map<number, number>()
    for (const h of parts)
      for (const [v, n] of recordedValues(h)) union.set(v, (union.get(v) ?? 0) + n)
    expect(recordedValues(merged)).toEqual(union)
    expect(merged.maxValue).toBe(Math.max(...parts.map((h) => h.maxValue)))
    expect(merged.minNonZeroValue).toBe(Math.min(...parts.map((h) => h.minNonZeroValue)))

    // the per-second intervals of both threads add up to the same commands
    const seconds = mergeIntervals(intervals)
    expect(seconds.reduce((s, m) => s + m.count, 0)).toBe(total)
    expect(seconds.some((m) => m.sources === 2)).toBe(true)
  }, 60_000)

  it('a matrix step over 2 threads counts what the server counted, and says it ran on 2 threads', async () => {
    const samples: number[] = []
    const out = await countedGetStep(
      {
        target: own.target,
        clients: 4,
        threads: 2,
        engine: 'resp',
        emit: (s) => samples.push(s.opsPerSec),
      },
      8,
      1200,
    )
    expect(out.histogram.totalCount).toBe(out.cell.commands)
    expect(out.cell.generator?.threads).toBe(2)
    expect(out.cell.opsPerSec).toBeGreaterThan(0)
    expect(samples.length).toBeGreaterThan(0)
  }, 60_000)

  it('SADD adds a new member with every command (counters patched into pre-encoded batches)', async () => {
    // a budget the step cannot reach: no reset empties the sets while it runs
    const { out, names } = await growingStep('sadd', 1024 * 1024 * 1024)
    const sizes = await Promise.all(names.map((k) => client.scard(k)))
    const ttls = await Promise.all(names.map((k) => client.pttl(k)))
    // every command added a member; each key also holds its seed; every key kept its TTL
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(out.cell.commands + names.length)
    expect(ttls.every((t) => t > 0)).toBe(true)
  }, 60_000)

  it('growing keys are reset once a connection has written its budget, and keep a TTL', async () => {
    // reset after every 10 batches of 4 × 100 B
    const { out, names } = await growingStep('lpush', 4000)
    expect(out.cell.errors).toBe(0)
    expect(out.cell.commands).toBeGreaterThan(1000)
    const lengths = await Promise.all(names.map((k) => client.llen(k)))
    const ttls = await Promise.all(names.map((k) => client.pttl(k)))
    // at most one budget (plus a batch and the seed) per connection, over its 8 keys
    expect(lengths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * (40 + 4 + 8))
    expect(ttls.every((t) => t > 0)).toBe(true)
  }, 60_000)

  it('the ioredis loop (the fallback for TLS targets) counts the same way', async () => {
    const out = await countedGetStep(
      { target: own.target, clients: 3, threads: 1, engine: 'ioredis' },
      4,
      800,
    )
    expect(out.cell.errors).toBe(0)
  }, 60_000)
})
