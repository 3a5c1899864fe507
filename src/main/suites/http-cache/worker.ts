import type {
  CacheInvalidationResult,
  CacheResource,
  Finding,
  HttpCacheSample,
  HttpTarget,
} from '@shared/index'
import { judgeGenerator } from '../common/generator/judge'
import { processCpuSec, ThreadMeter } from '../common/generator/meter'
import { encodeHistogram, newHistogram, toMicros } from '../common/latency'
import { allPass, checkThresholds } from '../common/thresholds'
import type { ThresholdRule } from '../common/thresholds'
import type { SuiteContext, SuiteOutput, SuiteWorker } from '../types'
import { expectedSeconds } from './config'
import { auditAll } from './crawl'
import { CacheClient, CancelledError } from './fetch'
import { invalidationFinding, resourceFindings } from './findings'
import { probeInvalidation } from './invalidation'
import { cacheMetrics } from './metrics'

const RULES: readonly ThresholdRule[] = [
  { key: 'minCacheableShare', label: 'cacheable share', op: '>=', unit: 'fraction' },
  { key: 'minCdnHitRatio', label: 'CDN hit ratio', op: '>=', unit: 'fraction' },
  { key: 'minCompressedShare', label: 'compressed share', op: '>=', unit: 'fraction' },
  { key: 'minRevalidatingShare', label: 'revalidating share', op: '>=', unit: 'fraction' },
  { key: 'maxStalenessSec', label: 'staleness window', op: '<=', unit: 's' },
]

/**
 * The HTTP caching audit: every resource (the plan's paths and what the crawl finds) requested
 * cold, warm and conditionally; RFC 9111 read of its headers; CDN hit/miss over the repeats;
 * then, when asked, the invalidation probe. Requests go one resource after another per
 * `concurrency` lane, so the numbers are about the caches, never about load.
 */
export const httpCacheWorker: SuiteWorker<'http-cache'> = {
  async run(ctx: SuiteContext<'http-cache'>): Promise<SuiteOutput<'http-cache'>> {
    const config = ctx.config
    const target: HttpTarget = ctx.target
    const client = new CacheClient(target, config.timeoutSec * 1000, ctx.signal)
    const histogram = newHistogram()
    const started = performance.now()
    const elapsed = (): number => Math.round(((performance.now() - started) / 1000) * 100) / 100
    const expectedSec = expectedSeconds(config)
    const series: HttpCacheSample[] = []
    let windowMs: number[] = []
    let requests = 0
    let done = 0
    let known = 0
    let label = 'auditing resources'
    client.onTiming = (ms) => {
      histogram.recordValue(toMicros(ms))
      windowMs.push(ms)
      requests++
    }
    const emit = (): void => {
      const t = elapsed()
      const ms = windowMs.length ? windowMs.reduce((a, v) => a + v, 0) / windowMs.length : null
      windowMs = []
      const sample: HttpCacheSample = {
        t,
        resources: done,
        requests,
        ms: ms === null ? null : Math.round(ms * 1000) / 1000,
      }
      series.push(sample)
      ctx.progress({
        elapsedSec: t,
        expectedSec,
        fraction: known > 0 && label === 'auditing resources' ? done / known : null,
        label,
        sample,
      })
    }
    const ticker = setInterval(emit, 1000)
    const meter = new ThreadMeter()
    const cpu0 = processCpuSec()

    let status: 'passed' | 'failed' | 'cancelled' | 'error' = 'passed'
    let error: string | undefined
    const notes: string[] = []
    let resources: CacheResource[] = []
    let truncated = false
    let invalidation: CacheInvalidationResult | null = null
    try {
      const run = await auditAll(client, config, (_r, d, k) => {
        done = d
        known = k
      })
      resources = run.resources
      truncated = run.truncated
      if (config.crawl)
        notes.push(`crawl: ${run.pages} HTML page(s), ${run.resources.length} resource(s) in all`)
      if (run.truncated)
        notes.push(
          `the crawl stopped at its limit (${config.crawl?.maxPages ?? 0} pages); raise crawl.maxPages to see more`,
        )
      if (run.cancelled) throw new CancelledError()
      if (config.invalidation) {
        label = `invalidation probe: watching ${config.invalidation.path}`
        invalidation = await probeInvalidation(client, config.invalidation, ctx.signal)
        if (ctx.signal.aborted) throw new CancelledError()
      }
    } catch (err) {
      if (err instanceof CancelledError || ctx.signal.aborted) {
        status = 'cancelled'
        notes.push(`cancelled; the ${resources.length} resource(s) audited before are kept`)
      } else {
        status = 'error'
        error = err instanceof Error ? err.message : String(err)
      }
    } finally {
      clearInterval(ticker)
      client.close()
    }
    emit()
    const generator = judgeGenerator([meter.stop()], {
      cpuSec: processCpuSec() - cpu0,
      operations: requests,
    })

    const findings: Finding[] = resourceFindings(resources)
    if (invalidation) findings.push(invalidationFinding(invalidation, config))
    const metrics = resources.length
      ? cacheMetrics(resources, requests, invalidation, truncated)
      : null
    const checks = checkThresholds(config.thresholds, RULES, {
      minCacheableShare: metrics?.cacheableShare ?? null,
      minCdnHitRatio: metrics?.cdnHitRatio ?? null,
      minCompressedShare: metrics?.compressedShare ?? null,
      minRevalidatingShare: metrics?.revalidatingShare ?? null,
      maxStalenessSec: metrics?.stalenessSec ?? null,
    })
    if (status === 'passed' && !allPass(checks)) status = 'failed'
    if (status === 'passed' && metrics === null) {
      status = 'error'
      error = 'no resource to audit: the crawl found nothing and no paths were given'
    }
    return {
      status,
      ...(error !== undefined ? { error } : {}),
      checks,
      findings,
      metrics,
      series,
      resources,
      histogram: histogram.totalCount > 0 ? encodeHistogram(histogram) : null,
      notes,
      generator,
    }
  },
}
