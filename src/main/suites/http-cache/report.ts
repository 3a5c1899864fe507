import type { HttpCacheSuiteResult } from '@shared/index'
import { fmtBytes, fmtMs, fmtNumber, fmtPercent } from '@shared/format'
import { palette, type ChartSpec } from '../../analysis/chart-spec'
import type { DetailTable, Headline, KeyNumber, SuiteReportParts } from '../contract'
import { decodeHistogram, summarize } from '../common/latency'
import { cacheCompareInputs } from './compare'
import { fmtSec } from './findings'
import { CACHE_WEIGHTS, cacheQualityItems } from './score'

/** The http-cache suite's report parts: key numbers, headline, charts and the resources table. */

const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : fmtPercent(v, 0)

export function cacheKeyNumbers(s: HttpCacheSuiteResult): KeyNumber[] {
  const m = s.metrics
  if (!m) return []
  const out: KeyNumber[] = [
    {
      label: 'resources',
      text: `${fmtNumber(m.resources)}${m.failed ? ` (${fmtNumber(m.failed)} failed)` : ''}`,
    },
    { label: 'requests', text: fmtNumber(m.requests) },
    { label: 'cacheable', text: pct(m.cacheableShare) },
    { label: 'compressed (of compressible bytes)', text: pct(m.compressedShare) },
    { label: 'revalidating with 304', text: pct(m.revalidatingShare) },
    {
      label: 'CDN hit ratio',
      text:
        m.cdnHitRatio === null
          ? 'no CDN headers seen'
          : `${pct(m.cdnHitRatio)}${m.cdnProvider ? ` (${m.cdnProvider})` : ''}`,
    },
    { label: 'bytes', text: fmtBytes(m.totalBytes) },
    {
      label: 'a repeat view saves',
      text: `${fmtBytes(m.repeatViewSavedBytes)} (${pct(m.totalBytes ? m.repeatViewSavedBytes / m.totalBytes : null)})`,
    },
    {
      label: 'cold / warm / revalidated (median)',
      text: `${fmtMs(m.coldMsMedian)} / ${fmtMs(m.warmMsMedian)} / ${fmtMs(m.revalidateMsMedian)}`,
    },
  ]
  if (m.api)
    out.push({
      label: 'API response cache would save',
      text: `${fmtMs(m.api.savedMsPerRepeat)} per repeat of ${m.api.resources} uncached API path(s) (${pct(m.api.savedShare)})`,
    })
  if (m.invalidation)
    out.push({
      label: 'staleness window',
      text: m.invalidation.changed
        ? `${fmtNumber(m.invalidation.windowSec, 2)} s (± ${fmtNumber(m.invalidation.resolutionSec, 2)} s)`
        : `no change within the timeout (${m.invalidation.polls} polls)`,
    })
  return out
}

/** Error rate for the score: resources that failed or answered 4xx/5xx. */
export function cacheErrorRate(s: HttpCacheSuiteResult): number | null {
  const m = s.metrics
  return m && m.resources > 0 ? m.failed / m.resources : null
}

const shortSec = (v: number | null): string =>
  v === null ? 'no store' : fmtSec(v).replace(/ \(.*\)$/, '')
const ms0 = (v: number | null): string => (v === null ? '–' : fmtNumber(v, v < 10 ? 1 : 0))

export function cacheDetailTables(s: HttpCacheSuiteResult): DetailTable[] {
  if (!s.resources.length) return []
  return [
    {
      title: 'Resources',
      columns: [
        'path',
        'status',
        'cacheable',
        'TTL',
        'shared TTL',
        'revalidation',
        'coding',
        'CDN hits',
        'cold / warm / reval. ms',
      ],
      numeric: [false, true, false, true, true, false, false, false, true],
      widths: [3.2, 0.8, 1, 1.1, 1.1, 1.1, 0.8, 1, 1.6],
      rows: s.resources.map((r) => [
        r.path,
        r.status === null ? 'error' : `${r.status}`,
        r.cacheable ? 'yes' : 'no',
        `${shortSec(r.ttlSec)}${r.heuristic ? ' (heur.)' : ''}`,
        shortSec(r.sharedTtlSec),
        r.revalidation === '304' ? '304' : r.revalidation === 'full' ? 'full body' : 'none',
        r.compression.encoding ?? 'none',
        r.cdn.hitRatio === null ? '—' : `${r.cdn.hits}/${r.cdn.hits + r.cdn.misses}`,
        r.coldMs === null ? '—' : `${ms0(r.coldMs)} / ${ms0(r.warmMs)} / ${ms0(r.revalidateMs)}`,
      ]),
    },
  ]
}

/** Cold, warm and revalidated time per resource (x = the resource's number in the table). */
export function cacheCharts(s: HttpCacheSuiteResult, id: (name: string) => string): ChartSpec[] {
  const rs = s.resources.filter((r) => r.coldMs !== null)
  // a line needs two points; one resource's times are in the table
  if (rs.length < 2) return []
  return [
    {
      id: id('timings'),
      title: 'Cold, warm and revalidated response time per resource',
      unit: 'ms',
      x: { label: 'resource (# in the table)', format: (x: number) => `#${x}` },
      xs: rs.map((r) => s.resources.indexOf(r) + 1),
      series: [
        { key: 'cold', label: 'cold', color: palette.red, values: rs.map((r) => r.coldMs) },
        { key: 'warm', label: 'warm', color: palette.green, values: rs.map((r) => r.warmMs) },
        {
          key: 'revalidated',
          label: 'revalidated',
          color: palette.blue,
          values: rs.map((r) => r.revalidateMs),
        },
      ],
    },
  ]
}

/** One line: the latency of every audit request (its HDR histogram), failures, the shares. */
export function cacheHeadline(s: HttpCacheSuiteResult): Headline | null {
  const m = s.metrics
  if (!m) return null
  const lat = s.histogram ? summarize(decodeHistogram(s.histogram)) : null
  const extras = [`${fmtNumber(m.resources)} resources`, `${pct(m.cacheableShare)} cacheable`]
  if (m.cdnHitRatio !== null) extras.push(`CDN ${pct(m.cdnHitRatio)} hits`)
  if (m.stalenessSec !== null) extras.push(`stale ${fmtNumber(m.stalenessSec, 1)} s`)
  return {
    throughput: null,
    latencyMs: lat ? { p50: lat.p50, p95: lat.p95, p99: lat.p99 } : null,
    percentile: 'p95',
    errorRate: cacheErrorRate(s),
    extras,
  }
}

export const httpCacheReport: SuiteReportParts<'http-cache'> = {
  keyNumbers: cacheKeyNumbers,
  headline: cacheHeadline,
  errorRate: cacheErrorRate,
  scoreWeights: CACHE_WEIGHTS,
  qualityItems: cacheQualityItems,
  charts: (s) => cacheCharts(s, (name) => `s${s.index}-${name}`),
  compareInputs: cacheCompareInputs,
  detailTables: cacheDetailTables,
}
