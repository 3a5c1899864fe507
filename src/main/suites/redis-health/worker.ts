import type { Redis } from 'ioredis'
import type { Finding, RedisHealthData, RedisTarget } from '@shared/index'
import { rankFindings } from '../../analysis/findings'
import { connectRedis, describeRedisError, RedisConnectError } from '../../targets/redis'
import { healthFailure, healthOutcome, progressTicker } from '../common/health'
import { configGet, readInfo } from '../redis/health'
import { bounded, CancelledError } from '../redis/run-control'
import { wrongTargetKind } from '../common/target-kind'
import type { SuiteContext, SuiteOutput, SuiteWorker } from '../types'
import { cacheCurve } from './curve'
import { redisHealthFindings } from './findings'
import { scanKeyspace } from './scan'
import { readSlowlog, serverParts } from './server'

/**
 * redis-health: INFO, CONFIG GET, SLOWLOG and a paced SCAN with MEMORY USAGE of the target's
 * database. Read commands only — DBSIZE before and after are recorded to show it.
 */
export const redisHealthWorker: SuiteWorker<'redis-health'> = {
  async run(ctx: SuiteContext<'redis-health'>): Promise<SuiteOutput<'redis-health'>> {
    const config = ctx.config
    if (ctx.target.kind !== 'redis') throw wrongTargetKind('redis-health', ctx.target)
    const target: RedisTarget = ctx.target
    const tick = progressTicker(ctx, config.maxSec + 1)
    const notes: string[] = []
    const problems: string[] = []
    let client: Redis | null = null
    const failed = (message: string): SuiteOutput<'redis-health'> => healthFailure(message, notes)
    try {
      try {
        client = await connectRedis(target, {
          commandTimeoutMs: config.timeoutMs,
          name: 'perfdesk-health',
        })
      } catch (err) {
        return failed(
          err instanceof RedisConnectError ? err.message : describeRedisError(err, target),
        )
      }
      const t = config.timeoutMs
      const info = await readInfo(client, t, ctx.signal)
      const dbsizeBefore = Number(await bounded(client.dbsize(), t, ctx.signal))
      if (info.cluster_enabled === '1')
        problems.push('cluster mode: only the keys of the node connected to were scanned')
      tick.set('scanning keys', 0)
      const scan = await scanKeyspace(client, {
        config,
        signal: ctx.signal,
        dbsize: dbsizeBefore,
        onProgress: (seen) =>
          tick.set(
            `scanned ${seen} keys`,
            Math.min(1, seen / Math.max(1, Math.min(dbsizeBefore, config.maxKeys))),
          ),
      })
      tick.set('reading the server')
      const slowlog = await readSlowlog(client, t, ctx.signal)
      if (slowlog === null) problems.push('SLOWLOG GET was refused')
      const saveConfig = await configGet(client, 'save', t, ctx.signal)
      const slowlogThreshold = await configGet(client, 'slowlog-log-slower-than', t, ctx.signal)
      const infoAfter = await readInfo(client, t, ctx.signal)
      const dbsizeAfter = Number(await bounded(client.dbsize(), t, ctx.signal))
      const server = serverParts(infoAfter, Math.floor(Date.now() / 1000), saveConfig)
      const mean = scan.scan.keysSeen ? scan.scan.sampledBytes / scan.scan.keysSeen : 0
      const health: RedisHealthData = {
        version: infoAfter.redis_version ?? null,
        db: target.db ?? client.options.db ?? 0,
        dbsizeBefore,
        dbsizeAfter,
        scan: scan.scan,
        bigKeys: scan.bigKeys,
        types: scan.types,
        ttl: scan.ttl,
        ...server,
        slowlog: slowlog ?? [],
        slowlogThresholdUs: slowlogThreshold === null ? null : Number(slowlogThreshold),
        curve:
          dbsizeBefore > 0 && mean > 0
            ? cacheCurve({
                keys: Math.max(dbsizeBefore, scan.scan.keysSeen),
                meanKeyBytes: mean,
                zipf: config.zipf,
                maxmemoryBytes: server.memory.maxmemoryBytes,
              })
            : null,
        problems,
      }
      const findings: Finding[] = rankFindings(redisHealthFindings(health, config))
      notes.push(
        `Scanned ${scan.scan.keysSeen} of ${dbsizeBefore} keys in db ${health.db} in ${scan.scan.durationSec} s${scan.scan.complete ? '' : ' (stopped at maxKeys or maxSec: a sample)'}, at most ${config.keysPerSec} keys/s; read commands only.`,
      )
      for (const p of problems) notes.push(p)
      return {
        ...healthOutcome(ctx.signal, findings, notes, tick.elapsed()),
        health,
        ...(health.version ? { serverVersion: `Redis ${health.version}` } : {}),
      }
    } catch (err) {
      if (err instanceof CancelledError) return { ...failed('cancelled'), status: 'cancelled' }
      return failed(describeRedisError(err, target))
    } finally {
      tick.stop()
      client?.disconnect()
    }
  },
}
