import type { Redis } from 'ioredis'
import type {
  Finding,
  RedisCompression,
  RedisDetails,
  RedisHealth,
  RedisHitRate,
  RedisMatrixCell,
  RedisMetrics,
  RedisSample,
  RedisTarget,
  RedisTtlCheck,
} from '@shared/index'
import { connectRedis, describeRedisError, redisDisplayUrl } from '../../targets/redis'
import { clientBoundFinding, combineGenerator, resolveThreads } from '../common/generator'
import { encodeHistogram, newHistogram, summarize } from '../common/latency'
import { allPass } from '../common/thresholds'
import { wrongTargetKind } from '../common/target-kind'
import type { SuiteContext, SuiteOutput, SuiteWorker } from '../types'
import { redisChecks } from './checks'
import { removePrefix } from './cleanup'
import { loadSample, runCompressionStudy } from './compression'
import { expectedSeconds, matrixSteps, safetyTtlSec } from './config'
import type { MatrixStep } from './config'
import {
  cellName,
  compressionFinding,
  hitRateFinding,
  matrixFindings,
  ttlFindings,
} from './findings'
import { healthFindings, readHealth, readInfo } from './health'
import { runHitRate } from './hit-rate'
import { latencyBends, runMatrix } from './matrix'
import { respEndpoint } from './resp'
import { CancelledError, errorText, RedisLostError } from './run-control'
import { runTtlCheck } from './ttl'

/** Every key this suite writes starts with this; cleanup removes exactly these. */
export function keyPrefixFor(runId: string, suiteIndex: number): string {
  return `perfdesk:${runId}:${suiteIndex}:`
}

/**
 * The Redis suite: the operation × payload × pipeline matrix, the compression study, the
 * cache-aside hit-rate replay, the TTL/eviction check and the server's own counters. Every
 * key lives under `perfdesk:<runId>:<suite>:` and is removed at the end, on cancel and on error.
 */
export const redisWorker: SuiteWorker<'redis'> = {
  async run(ctx: SuiteContext<'redis'>): Promise<SuiteOutput<'redis'>> {
    const config = ctx.config
    if (ctx.target.kind !== 'redis') throw wrongTargetKind('redis', ctx.target)
    const target: RedisTarget = ctx.target
    const keyPrefix = keyPrefixFor(ctx.runId, ctx.suiteIndex)
    const started = performance.now()
    const elapsed = (): number => (performance.now() - started) / 1000
    const expectedSec = expectedSeconds(config)
    const steps = matrixSteps(config)
    const series: RedisSample[] = []
    const notes: string[] = []
    const findings: Finding[] = []
    const emit = (sample: RedisSample, label: string): void => {
      series.push(sample)
      ctx.progress({
        elapsedSec: sample.t,
        expectedSec,
        fraction: Math.min(1, sample.t / expectedSec),
        label,
        sample,
      })
    }
    const mark = (step: number, label: string): void => {
      const t = Math.round(elapsed() * 100) / 100
      ctx.progress({
        elapsedSec: t,
        expectedSec,
        fraction: Math.min(1, t / expectedSec),
        label,
        sample: { t, step },
      })
    }

    let status: 'passed' | 'failed' | 'cancelled' | 'error' = 'passed'
    let error: string | undefined
    let phase = 'connecting'
    let cells: RedisMatrixCell[] = []
    const merged = newHistogram()
    let compression: RedisCompression | null = null
    let hitRate: RedisHitRate | null = null
    let ttl: RedisTtlCheck | null = null
    let health: RedisHealth | null = null
    let before: Record<string, string> = {}
    let control: Redis | undefined
    const clients: Redis[] = []
    const timeoutMs = config.timeoutMs
    const signal = ctx.signal
    const ttlSec = safetyTtlSec(config)
    const threads = Math.min(resolveThreads(config.threads), config.clients)
    // the hand-written RESP loop speaks plain TCP only; a TLS target is measured through ioredis
    const engine = respEndpoint(target).tls ? 'ioredis' : 'resp'
    if (engine === 'ioredis')
      notes.push(
        "the target uses TLS: the matrix ran on ioredis instead of PerfDesk's RESP loop, so the generator reaches fewer ops/s (see generator)",
      )

    try {
      control = await connectRedis(target, {
        commandTimeoutMs: timeoutMs,
        name: 'perfdesk-control',
      })
      before = await readInfo(control, timeoutMs, signal)
      const mode = before.redis_mode ?? 'standalone'
      if (mode === 'sentinel') {
        throw new Error(
          'the target is a Redis Sentinel; point the target at the master it watches (SENTINEL MASTERS lists them)',
        )
      }
      if (mode === 'cluster') {
        throw new Error(
          'the target is a Redis Cluster node; the redis suite measures one standalone server or primary (cluster support is not built yet)',
        )
      }

      phase = 'matrix'
      const matrix = await runMatrix(
        {
          control,
          target,
          clients: config.clients,
          threads,
          engine,
          keyPrefix,
          durationMs: config.durationSec * 1000,
          ttlSec,
          timeoutMs,
          signal,
          elapsed,
          emit,
          mark,
        },
        steps,
      )
      cells = matrix.cells
      merged.add(matrix.merged)
      if (matrix.cancelled) throw new CancelledError()
      if (matrix.failure) throw new StepError(matrix.failure.step, matrix.failure.error)

      phase = 'compression study'
      mark(steps.length + 1, 'compression study')
      compression = await runCompressionStudy(
        {
          client: control,
          keyPrefix,
          timeoutMs,
          signal,
          budgetMs: Math.min(500, Math.max(100, config.durationSec * 250)),
          ttlSec,
        },
        loadSample(config.valueSample),
      )

      if (config.hitRate) {
        phase = 'hit-rate replay'
        for (let i = 0; i < config.clients; i++) {
          clients.push(
            await connectRedis(target, { commandTimeoutMs: timeoutMs, name: `perfdesk-load-${i}` }),
          )
        }
        const evictedBefore = Number(
          (await readInfo(control, timeoutMs, signal)).evicted_keys ?? 'NaN',
        )
        const out = await runHitRate(
          {
            clients,
            keyPrefix,
            safetyTtlSec: ttlSec,
            timeoutMs,
            signal,
            elapsed,
            emit,
            step: steps.length + 2,
          },
          config.hitRate,
        )
        hitRate = out.result
        if (out.error) throw out.error
        const evictedAfter = Number(
          (await readInfo(control, timeoutMs, signal)).evicted_keys ?? 'NaN',
        )
        hitRate.evictedDuring = Number.isFinite(evictedBefore - evictedAfter)
          ? evictedAfter - evictedBefore
          : null
        if (out.firstReplyError)
          notes.push(
            `hit-rate replay: ${out.errors} SET(s) on miss failed, first: ${out.firstReplyError}`,
          )
      }

      phase = 'TTL and eviction check'
      mark(steps.length + 3, 'TTL and eviction check')
      ttl = await runTtlCheck(control, {
        keyPrefix,
        hitRate: config.hitRate,
        info: before,
        timeoutMs,
        signal,
      })

      phase = 'server health'
      health = await readHealth(control, before, { keyPrefix, timeoutMs, signal })
    } catch (err) {
      if (err instanceof CancelledError || signal.aborted) {
        status = 'cancelled'
        notes.push(
          `cancelled during the ${phase}${hitRate || cells.length ? '; partial results kept' : ''}`,
        )
      } else {
        status = 'error'
        error = describeFailure(err, phase, target, cells.filter((c) => !c.partial).length)
      }
    } finally {
      for (const c of clients) c.disconnect()
    }

    // the engine waits this long for the cleanup after a cancel before it stops the worker
    ctx.cleanupPhase?.(CLEANUP_BUDGET_MS + 1000)
    const cleanup = await cleanUp(control, target, keyPrefix, timeoutMs)
    control?.disconnect()
    if (!cleanup.done)
      notes.push(
        `cleanup incomplete: ${cleanup.error ?? 'unknown'}; keys under ${keyPrefix} may remain`,
      )

    const bends = latencyBends(cells)
    findings.push(...matrixFindings(cells, bends))
    const generator = combineGenerator(cells.flatMap((c) => (c.generator ? [c.generator] : [])))
    const bound = generator
      ? clientBoundFinding('redis', generator, {
          suiteIndex: ctx.suiteIndex,
          where: cells.filter((c) => c.generator?.clientBound).map(cellName),
        })
      : null
    if (bound) findings.push(bound)
    if (compression) findings.push(compressionFinding(compression))
    if (hitRate && hitRate.requests > 0)
      findings.push(hitRateFinding(hitRate, config.thresholds.minHitRate))
    if (ttl) findings.push(...ttlFindings(ttl))
    if (health) findings.push(...healthFindings(health, before))

    const { checks, totals } = redisChecks(config.thresholds, cells, hitRate)
    if (status === 'passed' && !allPass(checks)) status = 'failed'

    const metrics: RedisMetrics | null =
      cells.length || compression || hitRate
        ? {
            ...totals,
            latencyMs: summarize(merged),
            matrix: cells,
            bends,
            compression,
            hitRate,
            ttl,
            health,
          }
        : null
    const details: RedisDetails = {
      keyPrefix,
      cleanup,
      server: { version: before.redis_version ?? null, mode: before.redis_mode ?? null },
    }
    return {
      status,
      ...(error !== undefined ? { error } : {}),
      checks,
      findings,
      metrics,
      series,
      histogram: merged.totalCount > 0 ? encodeHistogram(merged) : null,
      details,
      ...(generator ? { generator } : {}),
      notes,
      ...(before.redis_version ? { serverVersion: `Redis ${before.redis_version}` } : {}),
    }
  },
}

/** Cleanup (SCAN + UNLINK of the run's keys) gets this long, also after a cancel. */
const CLEANUP_BUDGET_MS = 5000

class StepError extends Error {
  constructor(
    readonly step: MatrixStep,
    readonly reason: Error,
  ) {
    super(reason.message)
  }
}

function describeFailure(
  err: unknown,
  phase: string,
  target: RedisTarget,
  measured: number,
): string {
  const where = redisDisplayUrl(target)
  const kept = measured > 0 ? `; the ${measured} step(s) measured before are kept` : ''
  if (err instanceof StepError)
    return `lost the Redis server at ${where} during ${err.step.label}: ${lostReason(err.reason, target)}${kept}`
  if (err instanceof RedisLostError)
    return `lost the Redis server at ${where} during the ${phase}: ${lostReason(err, target)}${kept}`
  if (phase === 'connecting') return errorText(err)
  return `the ${phase} failed: ${errorText(err)}`
}

function lostReason(err: Error, target: RedisTarget): string {
  const msg = err.message
  if (/did not answer within/.test(msg)) return msg.replace(/^the server/, 'it')
  if (/Command timed out/.test(msg)) return 'it stopped answering (a command timed out)'
  if (/Connection is closed|Stream isn't writeable|ECONNRESET|EPIPE/.test(msg))
    return 'the connection was closed (server stopped, restarted or killed?)'
  return describeRedisError(err, target)
}

/**
 * Removes the suite's keys, on the control connection when it still works, else on a fresh one;
 * a dead server makes this fail fast (it is reported, never thrown).
 */
async function cleanUp(
  control: Redis | undefined,
  target: RedisTarget,
  keyPrefix: string,
  timeoutMs: number,
): Promise<RedisDetails['cleanup']> {
  const budget = Math.min(timeoutMs, CLEANUP_BUDGET_MS)
  let client = control?.status === 'ready' ? control : undefined
  let fresh: Redis | undefined
  try {
    if (!client) {
      fresh = await connectRedis(target, {
        connectTimeoutMs: budget,
        commandTimeoutMs: budget,
        name: 'perfdesk-cleanup',
      })
      client = fresh
    }
    const removed = await removePrefix(client, keyPrefix, {
      timeoutMs: budget,
      signal: AbortSignal.timeout(CLEANUP_BUDGET_MS),
    })
    return { done: true, removed }
  } catch (err) {
    return { done: false, removed: 0, error: errorText(err) }
  } finally {
    fresh?.disconnect()
  }
}
