/**
 * What a report chart shows: a suite's per-second series picked by key. The suites build these
 * (their report parts); report/charts.ts turns them into geometry for the PDF and the HTML.
 */

export interface ChartSeriesSpec {
  key: string
  label: string
  color: string
  values: readonly (number | null)[]
}

export interface ChartSpec {
  id: string
  title: string
  /** unit of the y axis, e.g. "ms" or "req/s" */
  unit: string
  /** seconds since the suite began, one per sample */
  xs: readonly number[]
  series: readonly ChartSeriesSpec[]
  /** counts: ticks at whole numbers */
  integer?: boolean
  /** an x that is not time (a cache size): its axis label and how a tick or a point reads */
  x?: { label: string; format: (x: number) => string }
}

/** The report colours (on white paper), one hue per meaning as in the app. */
export const palette = {
  blue: '#2563eb',
  green: '#16a34a',
  orange: '#ea580c',
  red: '#dc2626',
  purple: '#7c3aed',
  teal: '#0d9488',
  grey: '#6b7280',
}

export type SeriesSample = { t: number } & Record<string, number | null | undefined>

/** One key of a per-second series, null where a sample lacks it. */
export function seriesColumn(series: readonly SeriesSample[], key: string): (number | null)[] {
  return series.map((s) => {
    const v = s[key]
    return typeof v === 'number' && Number.isFinite(v) ? v : null
  })
}

export function seriesHas(series: readonly SeriesSample[], key: string): boolean {
  return series.some((s) => typeof s[key] === 'number')
}
