import type { CacheInvalidationResult, CacheResource, HttpCacheMetrics } from '@shared/index'
import { median } from './audit'
import { isCompressible } from './classify'

const ok = (r: CacheResource): boolean => r.status !== null && r.status >= 200 && r.status < 400
const r3 = (v: number): number => Math.round(v * 1000) / 1000
const share = (n: number, d: number): number | null => (d > 0 ? n / d : null)

function present(xs: readonly (number | null)[]): number[] {
  return xs.filter((v): v is number => v !== null)
}

/** The suite's numbers from its resources (see the schema for each one's meaning). */
export function cacheMetrics(
  resources: readonly CacheResource[],
  requests: number,
  invalidation: CacheInvalidationResult | null,
  crawlTruncated: boolean,
): HttpCacheMetrics {
  const good = resources.filter(ok)
  const compressible = good.filter(
    (r) => isCompressible(r.contentType) && (r.compression.identityBytes ?? r.bytes) > 1024,
  )
  const compressibleBytes = compressible.reduce(
    (a, r) => a + (r.compression.identityBytes ?? r.bytes),
    0,
  )
  const compressedBytes = compressible
    .filter((r) => r.compression.encoding !== null)
    .reduce((a, r) => a + (r.compression.identityBytes ?? r.bytes), 0)
  const withValidator = good.filter((r) => r.revalidation !== 'none')
  const hits = good.reduce((a, r) => a + r.cdn.hits, 0)
  const misses = good.reduce((a, r) => a + r.cdn.misses, 0)
  const providers = new Map<string, number>()
  for (const r of good)
    if (r.cdn.provider) providers.set(r.cdn.provider, (providers.get(r.cdn.provider) ?? 0) + 1)
  const provider = [...providers.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null

  const saved = good.reduce(
    (a, r) => a + ((r.ttlSec ?? 0) > 0 ? r.bytes : r.revalidation === '304' ? r.bytes : 0),
    0,
  )
  const times = present(resources.flatMap((r) => [r.coldMs, r.warmMs, r.revalidateMs]))
  const floorMs = times.length ? Math.min(...times) : 0
  // API answers no cache served: every repeat went to the origin
  const uncachedApi = good.filter(
    (r) => r.kind === 'api' && r.cdn.hits === 0 && !((r.ttlSec ?? 0) > 0),
  )
  const apiTimes = uncachedApi.map((r) => r.warmMs ?? r.coldMs ?? 0)
  const apiTotal = apiTimes.reduce((a, v) => a + v, 0)
  const apiSaved = apiTimes.reduce((a, v) => a + Math.max(0, v - floorMs), 0)
  const api = uncachedApi.length
    ? {
        resources: uncachedApi.length,
        originMs: r3(apiTotal / uncachedApi.length),
        floorMs: r3(floorMs),
        savedMsPerRepeat: r3(apiSaved),
        savedShare: share(apiSaved, apiTotal) ?? 0,
      }
    : null
  const med = (xs: (number | null)[]): number | null => {
    const m = median(present(xs))
    return m === null ? null : r3(m)
  }
  return {
    resources: resources.length,
    ok: good.length,
    failed: resources.length - good.length,
    requests,
    cacheableShare: share(good.filter((r) => r.cacheable).length, good.length) ?? 0,
    compressedShare: share(compressedBytes, compressibleBytes),
    revalidatingShare: share(
      withValidator.filter((r) => r.revalidation === '304').length,
      withValidator.length,
    ),
    cdnHitRatio: share(hits, hits + misses),
    cdnProvider: provider,
    totalBytes: good.reduce((a, r) => a + r.bytes, 0),
    repeatViewSavedBytes: saved,
    api,
    coldMsMedian: med(good.map((r) => r.coldMs)),
    warmMsMedian: med(good.map((r) => r.warmMs)),
    revalidateMsMedian: med(good.map((r) => r.revalidateMs)),
    invalidation,
    stalenessSec: invalidation?.windowSec ?? null,
    crawlTruncated,
  }
}
