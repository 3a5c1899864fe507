import type { PostgresConfig } from '@shared/index'
import { splitEvenly } from '../common/generator'
import { ShardSplitError } from '../common/shard-merge'
import type { ShardShare } from '../contract'

/**
 * A postgres suite's share on one shard: its clients and each pool size split evenly. The merge
 * adds step k of every shard, so two pool sizes must not become one step on any shard.
 */
export function splitPostgresShard(c: PostgresConfig, s: ShardShare): PostgresConfig {
  const distinct = new Set(c.poolSizes).size
  for (let i = 0; i < s.count; i++) {
    const shares = c.poolSizes.map((n) => splitEvenly(n, s.count)[i]!)
    if (new Set(shares).size < distinct) {
      throw new ShardSplitError(
        `${s.where}.poolSizes ${JSON.stringify(c.poolSizes)} split over ${s.count} shards gives shard ${i + 1} the pool sizes ${JSON.stringify(shares)}, where two steps become one: make the pool sizes at least ${s.count} apart`,
      )
    }
  }
  return {
    ...c,
    clients: s.share(c.clients, 'clients'),
    poolSizes: c.poolSizes.map((n, k) => s.share(n, `poolSizes[${k}]`)),
  }
}
