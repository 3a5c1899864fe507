import type { FieldProblem, HttpCacheConfig, SuiteConfig } from '@shared/index'
import { configFromDraft, type DraftConfig, type NumberField } from '../common/config-from-draft'
import { thresholdDraft, thresholdsFromDraft, type ThresholdField } from '../common/thresholds'

export type ResourceSource = 'paths' | 'crawl' | 'both'

export interface HttpCacheDraft {
  source: ResourceSource
  /** one path per line */
  paths: string
  crawlStart: string
  maxPages: string
  repeat: string
  invalidationOn: boolean
  invPath: string
  /** false: "I will change it myself" */
  invTriggerOn: boolean
  invMethod: string
  invTriggerPath: string
  invBody: string
  invTimeoutSec: string
  minCacheablePct: string
  minCdnHitPct: string
  minCompressedPct: string
  minRevalidatingPct: string
  maxStalenessSec: string
  /** settings this form does not edit (concurrency, timeoutSec, intervalMs…), kept for "run again" */
  kept: Partial<HttpCacheConfig>
  keptInvalidation: { intervalMs?: number; headers?: Record<string, string> }
}

export function newHttpCacheDraft(): HttpCacheDraft {
  return {
    source: 'paths',
    paths: '/',
    crawlStart: '/',
    maxPages: '20',
    repeat: '5',
    invalidationOn: false,
    invPath: '/',
    invTriggerOn: true,
    invMethod: 'POST',
    invTriggerPath: '',
    invBody: '',
    invTimeoutSec: '60',
    minCacheablePct: '',
    minCdnHitPct: '',
    minCompressedPct: '',
    minRevalidatingPct: '',
    maxStalenessSec: '',
    kept: {},
    keptInvalidation: {},
  }
}

export const httpCacheThresholdFields = [
  {
    key: 'minCacheablePct',
    threshold: 'minCacheableShare',
    label: 'Cacheable ≥ (%)',
    percent: true,
  },
  { key: 'minCdnHitPct', threshold: 'minCdnHitRatio', label: 'CDN hit ratio ≥ (%)', percent: true },
  {
    key: 'minCompressedPct',
    threshold: 'minCompressedShare',
    label: 'Compressed ≥ (%)',
    percent: true,
  },
  {
    key: 'minRevalidatingPct',
    threshold: 'minRevalidatingShare',
    label: 'Revalidating with 304 ≥ (%)',
    percent: true,
  },
  { key: 'maxStalenessSec', threshold: 'maxStalenessSec', label: 'Staleness window ≤ (s)' },
] as const satisfies readonly ThresholdField<HttpCacheDraft>[]

export function httpCacheDraftFromConfig(config: SuiteConfig): HttpCacheDraft {
  if (config.kind !== 'http-cache') return newHttpCacheDraft()
  const { paths, crawl, repeat, invalidation, thresholds, kind: _k, target: _t, ...kept } = config
  const base = newHttpCacheDraft()
  return {
    ...base,
    source: crawl ? (paths.length ? 'both' : 'crawl') : 'paths',
    paths: paths.join('\n'),
    crawlStart: crawl?.start ?? base.crawlStart,
    maxPages: crawl ? String(crawl.maxPages) : base.maxPages,
    repeat: String(repeat),
    invalidationOn: invalidation !== undefined,
    invPath: invalidation?.path ?? base.invPath,
    invTriggerOn: invalidation ? invalidation.trigger !== undefined : true,
    invMethod: invalidation?.trigger?.method ?? base.invMethod,
    invTriggerPath: invalidation?.trigger?.path ?? '',
    invBody: invalidation?.trigger?.body ?? '',
    invTimeoutSec: invalidation ? String(invalidation.timeoutSec) : base.invTimeoutSec,
    ...thresholdDraft(httpCacheThresholdFields, thresholds, kept),
    keptInvalidation: invalidation
      ? {
          intervalMs: invalidation.intervalMs,
          ...(invalidation.trigger?.headers ? { headers: invalidation.trigger.headers } : {}),
        }
      : {},
  }
}

/** The config as the schema expects it; fields that are not numbers become problems. */
export function httpCacheConfigFromDraft(d: HttpCacheDraft, targetId: string): DraftConfig {
  return configFromDraft('http-cache', targetId, d.kept, (n, problems) =>
    httpCacheFields(d, n, problems),
  )
}

function httpCacheFields(
  d: HttpCacheDraft,
  n: NumberField,
  problems: FieldProblem[],
): Record<string, unknown> {
  const paths =
    d.source === 'crawl'
      ? []
      : d.paths
          .split(/\n/)
          .map((p) => p.trim())
          .filter(Boolean)
  const crawl =
    d.source === 'paths'
      ? undefined
      : { start: d.crawlStart.trim() || '/', maxPages: n(d.maxPages, 'crawl.maxPages', true) }
  const trigger =
    d.invalidationOn && d.invTriggerOn
      ? {
          method: d.invMethod,
          path: d.invTriggerPath.trim(),
          body: d.invBody === '' ? undefined : d.invBody,
          headers: d.keptInvalidation.headers,
        }
      : undefined
  if (trigger && !trigger.path)
    problems.push({
      path: 'invalidation.trigger.path',
      message:
        'give the path of the request that changes the content, or choose "I will change it myself"',
    })
  const invalidation = d.invalidationOn
    ? {
        intervalMs: d.keptInvalidation.intervalMs,
        trigger,
        path: d.invPath.trim(),
        timeoutSec: n(d.invTimeoutSec, 'invalidation.timeoutSec'),
      }
    : undefined
  return {
    paths,
    crawl,
    repeat: n(d.repeat, 'repeat', true),
    invalidation,
    thresholds: {
      ...(d.kept.thresholds ?? {}),
      ...thresholdsFromDraft(httpCacheThresholdFields, d, problems),
    },
  }
}
