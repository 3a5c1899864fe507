import type { HttpLoadConfig } from '@shared/index'
import type { ShardShare } from '../contract'
import { maxConnectionsOf } from './open-model/report'

/**
 * An http-load suite's share of the load on one shard. Open model: the whole schedule stays and
 * the shard sends requests i, i+N, … of it (`shard`), so the union is the one even schedule;
 * closed model: connections (and an `amount`, and a connection sweep's steps) split evenly.
 */
export function splitHttpShard(c: HttpLoadConfig, s: ShardShare): HttpLoadConfig {
  if (c.model === 'arrival-rate') {
    const maxConnections = s.share(maxConnectionsOf(c), 'maxConnections')
    return { ...c, maxConnections, shard: { index: s.index, count: s.count } }
  }
  const amount = c.amount !== undefined ? s.share(c.amount, 'amount') : undefined
  const sweep = c.sweep?.connections
    ? {
        ...c.sweep,
        connections: c.sweep.connections.map((n, k) => s.share(n, `sweep.connections[${k}]`)),
      }
    : c.sweep
  return {
    ...c,
    connections: s.share(c.connections, 'connections'),
    ...(amount !== undefined ? { amount } : {}),
    ...(sweep ? { sweep } : {}),
  }
}
