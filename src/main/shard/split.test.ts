import { describe, expect, it } from 'vitest'
import { PlanSchema, type Plan } from '@shared/index'
import { StridedSchedule, shardScheduleOf } from '../suites/http-load/open-model/schedule'
import { scheduleSpecOf } from '../suites/http-load/open-model/run'
import { ShardError, parseShardFlag, planHash, shardPlan } from './split'

const plan = (suites: unknown[]): Plan =>
  PlanSchema.parse({
    name: 'p',
    targets: [
      { id: 'api', kind: 'http', baseUrl: 'http://127.0.0.1:1' },
      { id: 'db', kind: 'postgres', connectionString: 'postgres://u@127.0.0.1/test' },
      { id: 'r', kind: 'redis', url: 'redis://127.0.0.1:6379' },
    ],
    suites,
  })

describe('shardPlan', () => {
  it('splits closed connections, amounts, sweeps, pg clients and pools, redis clients evenly', () => {
    const p = plan([
      {
        kind: 'http-load',
        target: 'api',
        requests: [{ path: '/' }],
        connections: 10,
        amount: 1000,
      },
      {
        kind: 'http-load',
        target: 'api',
        requests: [{ path: '/' }],
        sweep: { connections: [3, 9] },
      },
      {
        kind: 'postgres',
        target: 'db',
        queries: [{ name: 'one', sql: 'select 1' }],
        clients: 16,
        poolSizes: [4, 8],
      },
      { kind: 'redis', target: 'r', clients: 7 },
    ])
    const parts = [0, 1, 2].map((index) => shardPlan(p, { index, count: 3 }))
    const field = (i: number, f: (s: Record<string, unknown>) => unknown) =>
      parts.map((q) => f(q.suites[i] as unknown as Record<string, unknown>))
    expect(field(0, (s) => s.connections)).toEqual([4, 3, 3])
    expect(field(0, (s) => s.amount)).toEqual([334, 333, 333])
    expect(field(1, (s) => (s.sweep as { connections: number[] }).connections)).toEqual([
      [1, 3],
      [1, 3],
      [1, 3],
    ])
    expect(field(2, (s) => s.clients)).toEqual([6, 5, 5])
    expect(field(2, (s) => s.poolSizes)).toEqual([
      [2, 3],
      [1, 3],
      [1, 2],
    ])
    expect(field(3, (s) => s.clients)).toEqual([3, 2, 2])
    // each sharded plan is still a valid plan
    for (const q of parts) expect(PlanSchema.safeParse(q).success).toBe(true)
  })

  it('refuses a split that leaves a shard nothing, naming the field', () => {
    const p = plan([
      { kind: 'http-load', target: 'api', requests: [{ path: '/' }], connections: 2 },
    ])
    expect(() => shardPlan(p, { index: 0, count: 3 })).toThrow(ShardError)
    expect(() => shardPlan(p, { index: 0, count: 3 })).toThrow(/suites\[0\]\.connections is 2/)
  })

  it('open model: shards × threads send each request of the whole schedule exactly once', () => {
    const p = plan([
      {
        kind: 'http-load',
        target: 'api',
        requests: [{ path: '/' }],
        model: 'arrival-rate',
        stages: [
          { durationSec: 2, rate: 300 },
          { durationSec: 1, rate: 90 },
        ],
      },
    ])
    const N = 3
    const T = 2
    const whole = shardScheduleOf(scheduleSpecOf(p.suites[0] as never))
    const times: number[] = []
    for (let i = 0; i < N; i++) {
      const config = shardPlan(p, { index: i, count: N }).suites[0]!
      const shard = shardScheduleOf(scheduleSpecOf(config as never))
      for (let t = 0; t < T; t++) {
        // thread t of T in shard i takes i + N·(t + T·k)
        const thread = new StridedSchedule(shard, t, T)
        for (let k = 0; k < thread.total; k++) {
          expect(thread.timeOf(k)).toBe(whole.timeOf(i + N * (t + T * k)))
          times.push(thread.timeOf(k))
        }
      }
    }
    expect(times.length).toBe(whole.total)
    times.sort((a, b) => a - b)
    times.forEach((t, j) => expect(t).toBe(whole.timeOf(j)))
  })

  it('refuses pool sizes that become one step on a shard, naming the field and the fix', () => {
    const p = plan([
      {
        kind: 'postgres',
        target: 'db',
        queries: [{ name: 'one', sql: 'select 1' }],
        poolSizes: [4, 5],
      },
    ])
    expect(() => shardPlan(p, { index: 1, count: 3 })).toThrow(
      /suites\[0\]\.poolSizes \[4,5\] split over 3 shards gives shard 1 the pool sizes \[2,2\].*at least 3 apart/,
    )
  })
})

describe('parseShardFlag and planHash', () => {
  it('reads i/N 1-based and refuses nonsense', () => {
    expect(parseShardFlag('2/3')).toEqual({ index: 1, count: 3 })
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1'])
      expect(() => parseShardFlag(bad)).toThrow(/give i\/N/)
  })

  it('ignores key order and changes with the plan', () => {
    const a = plan([{ kind: 'redis', target: 'r', clients: 4 }])
    const b = JSON.parse(JSON.stringify(a)) as Plan
    const reordered = Object.fromEntries(Object.entries(b).reverse()) as Plan
    expect(planHash(reordered)).toBe(planHash(a))
    expect(planHash(plan([{ kind: 'redis', target: 'r', clients: 5 }]))).not.toBe(planHash(a))
  })
})
