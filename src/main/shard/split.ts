import { createHash } from 'node:crypto'
import type { Plan, SuiteConfig } from '@shared/index'
import { splitEvenly } from '../suites/common/generator'
import { suiteDefinition } from '../suites/registry'
import { ShardSplitError } from '../suites/common/shard-merge'

/**
 * 1/N of a plan's load, for `perfdesk run --shard i/N`, each suite splitting its own (its
 * definition's splitShard). Closed HTTP: connections (and an `amount`) split evenly; open HTTP:
 * each shard sends requests i, i+N, … of the one whole schedule, so the union is that schedule
 * exactly; PostgreSQL and Redis: clients (and PostgreSQL's pool sizes) split.
 */

export interface ShardSpec {
  /** 0-based */
  index: number
  count: number
}

/** A plan that cannot be split so; the message names the field and the fix. */
export const ShardError = ShardSplitError
export type ShardError = ShardSplitError

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

/** Each suite splits its own load (its definition's splitShard); one without makes none. */
function shardSuite(c: SuiteConfig, s: ShardSpec, where: string): SuiteConfig {
  const split = suiteDefinition(c.kind).splitShard
  if (!split) return c
  const share = (total: number, field: string): number => shareOf(total, s, `${where}.${field}`)
  return split(c as never, { index: s.index, count: s.count, where, share }) as SuiteConfig
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
