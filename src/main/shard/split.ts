import { createHash } from 'node:crypto'
import type { Plan, SuiteConfig } from '@shared/index'
import { splitEvenly } from '../suites/common/generator'
import { maxConnectionsOf } from '../suites/http-load/open-model/report'

/**
 * 1/N of a plan's load, for `perfdesk run --shard i/N`. Closed HTTP: connections (and an
 * `amount`) split evenly; open HTTP: each shard sends requests i, i+N, … of the one whole
 * schedule, so the union is that schedule exactly; PostgreSQL and Redis: clients split.
 */

export interface ShardSpec {
  /** 0-based */
  index: number
  count: number
}

export class ShardError extends Error {}

/** Parses the CLI's `i/N` (1-based i): `--shard 2/3` is index 1 of 3. */
export function parseShardFlag(text: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  const i = m ? Number(m[1]) : NaN
  const n = m ? Number(m[2]) : NaN
  if (!m || n < 1 || i < 1 || i > n) {
    throw new ShardError(
      `--shard "${text}": give i/N with 1 ≤ i ≤ N, e.g. --shard 1/3 for the first of three shards`,
    )
  }
  return { index: i - 1, count: n }
}

/** This shard's share of `total` whole units; refuses a split that would leave a shard nothing. */
function shareOf(total: number, s: ShardSpec, what: string): number {
  if (total < s.count) {
    throw new ShardError(
      `${what} is ${total}: too few to split over ${s.count} shards (each needs at least 1); raise it or run fewer shards`,
    )
  }
  return splitEvenly(total, s.count)[s.index]!
}

function shardSuite(c: SuiteConfig, s: ShardSpec, where: string): SuiteConfig {
  switch (c.kind) {
    case 'http-load': {
      if (c.model === 'arrival-rate') {
        const maxConnections = shareOf(maxConnectionsOf(c), s, `${where}.maxConnections`)
        return { ...c, maxConnections, shard: { index: s.index, count: s.count } }
      }
      const amount = c.amount !== undefined ? shareOf(c.amount, s, `${where}.amount`) : undefined
      const sweep = c.sweep?.connections
        ? {
            ...c.sweep,
            connections: c.sweep.connections.map((n, k) =>
              shareOf(n, s, `${where}.sweep.connections[${k}]`),
            ),
          }
        : c.sweep
      return {
        ...c,
        connections: shareOf(c.connections, s, `${where}.connections`),
        ...(amount !== undefined ? { amount } : {}),
        ...(sweep ? { sweep } : {}),
      }
    }
    case 'postgres': {
      // the merge adds step k of every shard: two pool sizes must not become one on any shard
      const distinct = new Set(c.poolSizes).size
      for (let i = 0; i < s.count; i++) {
        const shares = c.poolSizes.map((n) => splitEvenly(n, s.count)[i]!)
        if (new Set(shares).size < distinct) {
          throw new ShardError(
            `${where}.poolSizes ${JSON.stringify(c.poolSizes)} split over ${s.count} shards gives shard ${i + 1} the pool sizes ${JSON.stringify(shares)}, where two steps become one: make the pool sizes at least ${s.count} apart`,
          )
        }
      }
      return {
        ...c,
        clients: shareOf(c.clients, s, `${where}.clients`),
        poolSizes: c.poolSizes.map((n, k) => shareOf(n, s, `${where}.poolSizes[${k}]`)),
      }
    }
    case 'redis':
      return { ...c, clients: shareOf(c.clients, s, `${where}.clients`) }
    default:
      return c
  }
}

/** The plan one shard runs. A 1/1 shard is the plan itself. */
export function shardPlan(plan: Plan, s: ShardSpec): Plan {
  if (s.count === 1) return plan
  return { ...plan, suites: plan.suites.map((c, i) => shardSuite(c, s, `suites[${i}]`)) }
}

/** Key order does not matter to a hash of a plan: objects are written with sorted keys. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`
  }
  return JSON.stringify(v)
}

/** sha256 of the whole plan as validated (secrets redacted): shards of one plan share it. */
export function planHash(plan: Plan): string {
  return createHash('sha256').update(canonical(plan)).digest('hex')
}
