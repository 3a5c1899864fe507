import type { HttpCacheSuiteResult, Score } from '@shared/index'
import { allocate, type ScoreWeighting } from '../../analysis/score'

type Item = Score['items'][number]

/** The http-cache suite's 100 points: thresholds, failed resources and cache quality. */
export const CACHE_WEIGHTS: ScoreWeighting = {
  withThresholds: { thresholds: 50, apdex: 0, errorRate: 20, quality: 30 },
  noThresholds: { thresholds: 0, apdex: 0, errorRate: 30, quality: 70 },
}

/**
 * The cache-quality part of the http-cache score: 100 points (or what thresholds leave) split
 * over what was measured — cacheable share, compressed share, revalidating share, CDN hit
 * ratio — each costing its share × (1 − the measured fraction). A part not measured (no
 * compressible bytes, no validator, no CDN headers) hands its points to the others.
 */
export function cacheQualityItems(s: HttpCacheSuiteResult, points: number): Item[] {
  const m = s.metrics
  if (!m || points <= 0) return []
  const parts: { label: string; value: number | null; weight: number; what: string }[] = [
    {
      label: 'cacheable share',
      value: m.cacheableShare,
      weight: 35,
      what: 'resources a cache may store and reuse',
    },
    {
      label: 'compressed share',
      value: m.compressedShare,
      weight: 25,
      what: 'compressible bytes sent compressed',
    },
    {
      label: 'revalidating share',
      value: m.revalidatingShare,
      weight: 20,
      what: 'validators answered with 304',
    },
    {
      label: 'CDN hit ratio',
      value: m.cdnHitRatio,
      weight: 20,
      what: 'repeat requests the edge served',
    },
  ]
  const measured = parts.filter((p) => p.value !== null)
  const shares = allocate(
    points,
    measured.map((p) => p.weight),
  )
  const items: Item[] = []
  measured.forEach((p, i) => {
    const share = shares[i] ?? 0
    const v = Math.min(1, Math.max(0, p.value ?? 0))
    const cost = Math.round(share * (1 - v))
    if (cost > 0)
      items.push({
        label: `${p.label} ${Math.round(v * 100)} %`,
        points: -cost,
        reason: `${Math.round(v * 100)} % of ${p.what}: ${share} × (1 − ${v.toFixed(2)}) = ${cost} points`,
      })
  })
  return items
}
