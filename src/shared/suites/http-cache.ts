import { z } from 'zod'
import { HeadersSchema, IdSchema, optionalFraction } from '../common'
import { suiteResultBase } from '../result-common'
import type { ChartDescription } from '../charts'
import { HttpMethodSchema } from './http-load'

const pathField = (what: string) =>
  z.string().startsWith('/', `${what} starts with "/", e.g. /static/app.js`)

export const HttpCacheCrawlSchema = z
  .object({
    /** the page the crawl starts at */
    start: pathField('crawl.start').default('/'),
    /** HTML pages fetched at most; assets they reference are audited too (same origin only) */
    maxPages: z
      .number()
      .int()
      .min(1, 'crawl.maxPages must be at least 1')
      .max(500, 'crawl.maxPages is at most 500')
      .default(20),
  })
  .strict()
export type HttpCacheCrawl = z.infer<typeof HttpCacheCrawlSchema>

/** The request that changes the watched content; none means "I will change it myself". */
export const HttpCacheTriggerSchema = z
  .object({
    method: HttpMethodSchema.default('POST'),
    path: pathField('invalidation.trigger.path'),
    body: z.string().optional(),
    headers: HeadersSchema.optional(),
  })
  .strict()

export const HttpCacheInvalidationSchema = z
  .object({
    trigger: HttpCacheTriggerSchema.optional(),
    /** the resource whose content should change */
    path: pathField('invalidation.path'),
    /** the probe gives up when the content has not changed by then */
    timeoutSec: z
      .number()
      .positive('invalidation.timeoutSec must be more than 0')
      .max(3600, 'invalidation.timeoutSec is at most 3600')
      .default(60),
    /** polling interval: the window is known to within this */
    intervalMs: z.number().int().min(50).max(60_000).default(250),
  })
  .strict()
export type HttpCacheInvalidation = z.infer<typeof HttpCacheInvalidationSchema>

export const HttpCacheThresholdsSchema = z
  .object({
    /** share of resources a cache may store and reuse */
    minCacheableShare: optionalFraction('minCacheableShare'),
    /** hits over classified repeat requests, when a CDN or proxy says hit or miss */
    minCdnHitRatio: optionalFraction('minCdnHitRatio'),
    /** share of compressible bytes sent compressed */
    minCompressedShare: optionalFraction('minCompressedShare'),
    /** share of resources with a validator whose conditional request got 304 */
    minRevalidatingShare: optionalFraction('minRevalidatingShare'),
    /** the invalidation probe's staleness window */
    maxStalenessSec: z.number().min(0).optional(),
  })
  .strict()
export type HttpCacheThresholds = z.infer<typeof HttpCacheThresholdsSchema>

export const HttpCacheConfigSchema = z
  .object({
    kind: z.literal('http-cache'),
    name: z.string().optional(),
    target: IdSchema,
    /** resources to audit, relative to the target's base URL */
    paths: z.array(pathField('a path')).max(1000, 'at most 1000 paths').default([]),
    crawl: HttpCacheCrawlSchema.optional(),
    /** unconditional requests per resource (the first is the cold one) for timings and hit ratio */
    repeat: z
      .number()
      .int()
      .min(1, 'repeat must be at least 1')
      .max(50, 'repeat is at most 50')
      .default(5),
    /** resources audited at once */
    concurrency: z.number().int().min(1).max(16).default(4),
    timeoutSec: z.number().positive().max(600).default(10),
    invalidation: HttpCacheInvalidationSchema.optional(),
    thresholds: HttpCacheThresholdsSchema.default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.paths.length === 0 && c.crawl === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['paths'],
        message: 'give paths to audit (e.g. ["/", "/app.js"]) or a crawl (e.g. {"start": "/"})',
      })
    }
  })
export type HttpCacheConfig = z.infer<typeof HttpCacheConfigSchema>

export const CacheRevalidationSchema = z.enum(['304', 'full', 'none'])
export type CacheRevalidation = z.infer<typeof CacheRevalidationSchema>

export const CacheResourceKindSchema = z.enum([
  'html',
  'script',
  'style',
  'image',
  'font',
  'api',
  'other',
])
export type CacheResourceKind = z.infer<typeof CacheResourceKindSchema>

export const CacheResourceSchema = z.object({
  path: z.string(),
  /** how it was found */
  source: z.enum(['path', 'crawl']),
  kind: CacheResourceKindSchema,
  /** null when no response came (see error) */
  status: z.number().int().nullable(),
  contentType: z.string().nullable(),
  /** body bytes as sent (after content coding) */
  bytes: z.number().int(),
  /** a cache (private or shared) may store AND reuse it (RFC 9111 §3, §4.1: Vary: * never matches) */
  cacheable: z.boolean(),
  /** freshness lifetime for a private (browser) cache, s: 0 for no-cache, null when it may not be stored */
  ttlSec: z.number().nullable(),
  /** the same for a shared cache (CDN, proxy); null when a shared cache may not store it */
  sharedTtlSec: z.number().nullable(),
  /** the lifetime is a heuristic (no max-age, s-maxage or Expires): 10 % of the Last-Modified age */
  heuristic: z.boolean(),
  /** parsed Cache-Control: directive → value, or true for a directive without one */
  directives: z.record(z.string(), z.union([z.string(), z.literal(true)])),
  validators: z.object({ etag: z.string().nullable(), lastModified: z.string().nullable() }),
  revalidation: CacheRevalidationSchema,
  compression: z.object({
    encoding: z.enum(['br', 'gzip', 'zstd', 'deflate']).nullable(),
    /** bytes as sent */
    bytes: z.number().int(),
    /** bytes without content coding; null when they could not be learned */
    identityBytes: z.number().int().nullable(),
  }),
  /** field names of Vary, lowercased; empty when absent */
  vary: z.array(z.string()),
  cdn: z.object({
    provider: z.string().nullable(),
    hits: z.number().int(),
    misses: z.number().int(),
    /** hits / (hits + misses); null when no response said hit or miss */
    hitRatio: z.number().nullable(),
    /** what each unconditional request's cache headers said, in order */
    statuses: z.array(z.enum(['hit', 'miss', 'unknown'])),
    /** the Age header of the last request, s */
    ageSec: z.number().nullable(),
  }),
  /** a Set-Cookie a cache would keep with the response (no-cache="Set-Cookie" strips it) */
  setCookie: z.boolean(),
  /** the file name carries a content hash, e.g. app.3f9a1c2b.js */
  fingerprinted: z.boolean(),
  /** first request */
  coldMs: z.number().nullable(),
  /** median of the repeat requests; null when repeat is 1 */
  warmMs: z.number().nullable(),
  /** the conditional request; null without a validator */
  revalidateMs: z.number().nullable(),
  error: z.string().optional(),
})
export type CacheResource = z.infer<typeof CacheResourceSchema>

export const CacheInvalidationResultSchema = z.object({
  path: z.string(),
  triggered: z.boolean(),
  triggerStatus: z.number().int().nullable(),
  /** seconds from the trigger (or the probe's start) to the first request that saw new content */
  windowSec: z.number().nullable(),
  /** the window is known to within this (the polling interval) */
  resolutionSec: z.number(),
  changed: z.boolean(),
  polls: z.number().int(),
  timedOut: z.boolean(),
  error: z.string().optional(),
})
export type CacheInvalidationResult = z.infer<typeof CacheInvalidationResultSchema>

export const HttpCacheMetricsSchema = z.object({
  resources: z.number().int(),
  /** resources that answered 2xx/3xx */
  ok: z.number().int(),
  failed: z.number().int(),
  requests: z.number().int(),
  cacheableShare: z.number(),
  /** compressible bytes (text, JSON, JS, CSS, SVG) sent compressed, over all compressible bytes */
  compressedShare: z.number().nullable(),
  /** of resources with a validator, those whose conditional request got 304 */
  revalidatingShare: z.number().nullable(),
  cdnHitRatio: z.number().nullable(),
  cdnProvider: z.string().nullable(),
  totalBytes: z.number().int(),
  /** bytes a repeat view does not download: fresh resources whole, 304s their body */
  repeatViewSavedBytes: z.number().int(),
  /** API responses not served from any cache: what one cached repeat of each would save */
  api: z
    .object({
      resources: z.number().int(),
      originMs: z.number(),
      /** the fastest round trip measured on this origin: what a cache hit costs at best */
      floorMs: z.number(),
      savedMsPerRepeat: z.number(),
      savedShare: z.number(),
    })
    .nullable(),
  coldMsMedian: z.number().nullable(),
  warmMsMedian: z.number().nullable(),
  revalidateMsMedian: z.number().nullable(),
  invalidation: CacheInvalidationResultSchema.nullable(),
  /** the invalidation probe's window, s (null without a probe or when it timed out) */
  stalenessSec: z.number().nullable(),
  /** the crawl stopped at maxPages with pages left unvisited */
  crawlTruncated: z.boolean(),
})
export type HttpCacheMetrics = z.infer<typeof HttpCacheMetricsSchema>

/** A live sample: one a second. */
export const HttpCacheSampleSchema = z.object({
  t: z.number(),
  resources: z.number(),
  requests: z.number(),
  /** mean response time of the requests in that second */
  ms: z.number().nullable(),
})
export type HttpCacheSample = z.infer<typeof HttpCacheSampleSchema>

export const HttpCacheSuiteResultSchema = z.object({
  ...suiteResultBase,
  kind: z.literal('http-cache'),
  config: HttpCacheConfigSchema,
  metrics: HttpCacheMetricsSchema.nullable(),
  series: z.array(HttpCacheSampleSchema),
  /** every resource audited, in the order found */
  resources: z.array(CacheResourceSchema).default([]),
  histogram: z.string().nullable().default(null),
})
export type HttpCacheSuiteResult = z.infer<typeof HttpCacheSuiteResultSchema>

/** The per-second chart: the mean time of the audit's requests (live and in the reports' series). */
export const httpCacheCharts: ChartDescription[] = [
  {
    id: 'ms',
    title: 'Mean response time',
    unit: 'ms',
    series: [{ key: 'ms', label: 'mean', hue: 'green' }],
  },
]

/** The http-cache suite's shared half: one line in src/shared/suites/index.ts. */
export const httpCacheShared = {
  kind: 'http-cache',
  targetKind: 'http',
  config: HttpCacheConfigSchema,
  result: HttpCacheSuiteResultSchema,
  charts: httpCacheCharts,
} as const
