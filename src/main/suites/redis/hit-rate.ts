import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { RedisHitRate, RedisHitRateConfig, RedisSample } from '@shared/index'
import { newHistogram, summarize } from '../common/latency'
import { bounded, CancelledError, errorText, isReplyError } from './run-control'
import {
  expectedHitsNoTtl,
  logComplements,
  seededRandom,
  steadyStateTtlHitRate,
  zipfProbabilities,
  zipfSampler,
} from './zipf'

export interface HitRateEnv {
  clients: Redis[]
  keyPrefix: string
  /** keys written without the workload's own TTL get this one, so none outlives the run */
  safetyTtlSec: number
  timeoutMs: number
  signal: AbortSignal
  elapsed(): number
  emit(sample: RedisSample, label: string): void
  /** the `step` number live samples carry */
  step: number
  seed?: number
}

export interface HitRateOutcome {
  result: RedisHitRate
  /** CancelledError, or the error that lost the server */
  error?: Error
  firstReplyError?: string
  errors: number
}

/** The key a hit-rate request for rank i uses. */
export const hitRateKey = (keyPrefix: string, rank: number): string => `${keyPrefix}h:${rank}`

/**
 * SET on miss, as the application would: with PX when a TTL is configured, else with the
 * suite's safety TTL (longer than the replay, so the hit rate is the same as with none).
 */
export function setOnMiss(
  client: Redis,
  key: string,
  value: Buffer,
  ttlSec: number | undefined,
  safetyTtlSec: number,
): Promise<unknown> {
  return ttlSec !== undefined
    ? client.set(key, value, 'PX', Math.max(1, Math.round(ttlSec * 1000)))
    : client.set(key, value, 'EX', safetyTtlSec)
}

/**
 * Replays a cache-aside workload against the server: GET a Zipf-chosen key; on a miss, SET it
 * (with the TTL). `clients` connections share one request sequence; the replay stops after
 * `requests` or `maxSec`. The measured hit rate per window sits next to the expected one.
 */
export async function runHitRate(
  env: HitRateEnv,
  cfg: RedisHitRateConfig,
): Promise<HitRateOutcome> {
  const p = zipfProbabilities(cfg.keys, cfg.zipf)
  const logComp = logComplements(p)
  const sample = zipfSampler(p, seededRandom(env.seed ?? 20240607))
  const value = randomBytes(cfg.valueBytes)
  const windows = Math.min(50, cfg.requests)
  const windowSize = Math.ceil(cfg.requests / windows)
  const wHits = new Array<number>(windows).fill(0)
  const wCount = new Array<number>(windows).fill(0)
  const wStartSec = new Array<number>(windows).fill(0)
  const started = performance.now()
  const deadline = started + cfg.maxSec * 1000
  let next = 0
  let done = 0
  let hits = 0
  let errors = 0
  let firstReplyError: string | undefined
  let stop = false
  let fatal: Error | undefined
  let interval = newHistogram()
  let intervalStart = started
  let intervalRequests = 0
  let intervalErrors = 0

  const emit = (): void => {
    const now = performance.now()
    const secs = (now - intervalStart) / 1000
    const s = summarize(interval)
    env.emit(
      {
        t: Math.round(env.elapsed() * 100) / 100,
        step: env.step,
        opsPerSec: secs > 0 ? Math.round(intervalRequests / secs) : 0,
        p50: s.p50,
        p99: s.p99,
        errors: intervalErrors,
        hitRate: done > 0 ? Math.round((hits / done) * 10000) / 10000 : 0,
      },
      `hit-rate replay ${done.toLocaleString('en-US')}/${cfg.requests.toLocaleString('en-US')}`,
    )
    interval = newHistogram()
    intervalStart = now
    intervalRequests = 0
    intervalErrors = 0
  }
  const ticker = setInterval(emit, 1000)

  const loop = async (client: Redis): Promise<void> => {
    while (!stop) {
      const n = next++
      if (n >= cfg.requests || performance.now() >= deadline) return
      const w = Math.floor(n / windowSize)
      if (n % windowSize === 0) wStartSec[w] = (performance.now() - started) / 1000
      const key = hitRateKey(env.keyPrefix, sample() + 1)
      const t0 = process.hrtime.bigint()
      const got = await bounded(client.getBuffer(key), env.timeoutMs, env.signal)
      interval.recordValue(Math.max(1, Math.round(Number(process.hrtime.bigint() - t0) / 1000)))
      if (got !== null) {
        hits++
        wHits[w]!++
      } else {
        try {
          await bounded(
            setOnMiss(client, key, value, cfg.ttlSec, env.safetyTtlSec),
            env.timeoutMs,
            env.signal,
          )
        } catch (err) {
          // e.g. OOM under noeviction: the request still missed; the replay goes on
          if (!isReplyError(err)) throw err
          errors++
          intervalErrors++
          firstReplyError ??= errorText(err)
        }
      }
      wCount[w]!++
      done++
      intervalRequests++
    }
  }
  await Promise.all(
    env.clients.map((c) =>
      loop(c).catch((err: unknown) => {
        stop = true
        fatal ??= err instanceof Error ? err : new Error(String(err))
      }),
    ),
  )
  clearInterval(ticker)
  emit()
  const durationSec = (performance.now() - started) / 1000
  const rate = durationSec > 0 ? done / durationSec : 0

  // expected hits per window, over the requests each window actually holds
  const steady = cfg.ttlSec !== undefined ? steadyStateTtlHitRate(p, rate, cfg.ttlSec) : null
  const series: RedisHitRate['series'] = []
  const expectedHits: number[] = []
  let cumulative = 0
  for (let w = 0; w < windows; w++) {
    const count = wCount[w]!
    if (count === 0) break
    const from = w * windowSize
    const exp =
      steady !== null && wStartSec[w]! >= cfg.ttlSec!
        ? steady * count
        : expectedHitsNoTtl(logComp, from, from + count)
    expectedHits.push(exp)
    cumulative += count
    series.push({
      requests: cumulative,
      t: Math.round(wStartSec[w]! * 1000) / 1000,
      measured: round4(wHits[w]! / count),
      expected: round4(exp / count),
    })
  }
  const expectedTotal = expectedHits.reduce((a, b) => a + b, 0)
  // steady state: the last fifth of the windows
  const tail = Math.max(1, Math.floor(series.length / 5))
  const tailFrom = series.length - tail
  let tailHits = 0
  let tailCount = 0
  let tailExpected = 0
  for (let w = tailFrom; w < series.length; w++) {
    tailHits += wHits[w]!
    tailCount += wCount[w]!
    tailExpected += expectedHits[w]!
  }
  const result: RedisHitRate = {
    keys: cfg.keys,
    zipf: cfg.zipf,
    ttlSec: cfg.ttlSec ?? null,
    plannedRequests: cfg.requests,
    requests: done,
    hits,
    errors,
    durationSec: Math.round(durationSec * 1000) / 1000,
    requestsPerSec: Math.round(rate),
    measured: done > 0 ? round4(hits / done) : 0,
    expected: done > 0 ? round4(expectedTotal / done) : 0,
    steadyState: {
      fromRequest: tailFrom * windowSize,
      measured: tailCount > 0 ? round4(tailHits / tailCount) : 0,
      expected: tailCount > 0 ? round4(tailExpected / tailCount) : 0,
    },
    model: cfg.ttlSec !== undefined ? 'poisson-ttl' : 'exact',
    series,
    evictedDuring: null,
  }
  const error = fatal ? (env.signal.aborted ? new CancelledError() : fatal) : undefined
  return {
    result,
    errors,
    ...(error ? { error } : {}),
    ...(firstReplyError ? { firstReplyError } : {}),
  }
}

const round4 = (v: number): number => Math.round(v * 10000) / 10000
