import type { CacheResource, HttpCacheSuiteResult } from '@shared/index'
import type { MetricInput } from '../../analysis/compare'

/**
 * What `compare` sets side by side for two http-cache runs. The shares and the staleness
 * window are one number per run (shown with their delta, not tested); the cold, warm and
 * revalidated times are tested with the resources of each run as the samples.
 */
export function cacheCompareInputs(
  a: HttpCacheSuiteResult,
  b: HttpCacheSuiteResult,
): MetricInput[] {
  const ma = a.metrics
  const mb = b.metrics
  const times = (s: HttpCacheSuiteResult, pick: (r: CacheResource) => number | null): number[] =>
    s.resources.map(pick).filter((v): v is number => v !== null && Number.isFinite(v))
  const timing = (
    key: string,
    label: string,
    pick: (r: CacheResource) => number | null,
    median: number | null | undefined,
    medianB: number | null | undefined,
  ): MetricInput => ({
    key,
    label,
    unit: 'ms',
    better: 'lower',
    a: median ?? null,
    b: medianB ?? null,
    kind: 'latency',
    samplesA: times(a, pick),
    samplesB: times(b, pick),
  })
  const plain = (
    key: string,
    label: string,
    unit: string,
    better: MetricInput['better'],
    va: number | null | undefined,
    vb: number | null | undefined,
  ): MetricInput => ({
    key,
    label,
    unit,
    better,
    a: va ?? null,
    b: vb ?? null,
    kind: 'none',
    samplesA: [],
    samplesB: [],
  })
  return [
    plain(
      'cacheableShare',
      'cacheable share',
      'fraction',
      'higher',
      ma?.cacheableShare,
      mb?.cacheableShare,
    ),
    plain(
      'compressedShare',
      'compressed share',
      'fraction',
      'higher',
      ma?.compressedShare,
      mb?.compressedShare,
    ),
    plain(
      'revalidatingShare',
      'revalidating share',
      'fraction',
      'higher',
      ma?.revalidatingShare,
      mb?.revalidatingShare,
    ),
    plain('cdnHitRatio', 'CDN hit ratio', 'fraction', 'higher', ma?.cdnHitRatio, mb?.cdnHitRatio),
    plain(
      'repeatViewSavedBytes',
      'bytes a repeat view saves',
      'B',
      'higher',
      ma?.repeatViewSavedBytes,
      mb?.repeatViewSavedBytes,
    ),
    plain('stalenessSec', 'staleness window', 's', 'lower', ma?.stalenessSec, mb?.stalenessSec),
    timing(
      'coldMs',
      'cold response time (median)',
      (r) => r.coldMs,
      ma?.coldMsMedian,
      mb?.coldMsMedian,
    ),
    timing(
      'warmMs',
      'warm response time (median)',
      (r) => r.warmMs,
      ma?.warmMsMedian,
      mb?.warmMsMedian,
    ),
    timing(
      'revalidateMs',
      'revalidated response time (median)',
      (r) => r.revalidateMs,
      ma?.revalidateMsMedian,
      mb?.revalidateMsMedian,
    ),
    plain('resources', 'resources', '', 'none', ma?.resources, mb?.resources),
  ]
}
