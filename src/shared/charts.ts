import type { Hue } from './palette'

/**
 * What a suite's per-second charts show, declared once for the app (live and stored, uPlot) and
 * the reports (PDF and HTML, from report/charts.ts): which series by key, in which hue, in
 * which unit. Each side only turns the description into its own drawing.
 */

/** How a chart's values read: the reports' y-axis label, the app's tick format. */
export type ChartUnit =
  'ms' | 'req/s' | 'tx/s' | 'ops/s' | 'per second' | 'connections' | 'fraction'

export interface ChartSeriesDescription {
  /** the key in the live sample and the stored series */
  key: string
  label: string
  hue: Hue
  /** drawn only when the series has data (the app draws it in the open model only) */
  optional?: boolean
}

export interface ChartDescription {
  id: string
  title: string
  unit: ChartUnit
  /** counts: ticks at whole numbers */
  integer?: boolean
  /** the reports draw the chart only when one of its series has data */
  optional?: boolean
  series: ChartSeriesDescription[]
}

const PERCENTILE_HUES = { p50: 'green', p95: 'amber', p99: 'red' } as const

/** Latency percentiles as series, each in its hue everywhere. */
export const percentileSeries = (
  ...percentiles: (keyof typeof PERCENTILE_HUES)[]
): ChartSeriesDescription[] =>
  percentiles.map((p) => ({ key: p, label: p, hue: PERCENTILE_HUES[p] }))

/** One throughput series in the throughput hue. */
export const throughputChart = (
  id: string,
  unit: ChartUnit,
  series: { key: string; label: string },
): ChartDescription => ({
  id,
  title: 'Throughput',
  unit,
  series: [{ ...series, hue: 'blue' }],
})

/** Errors per second, with more count series after them when given. */
export const errorsChart = (
  title = 'Errors',
  more: ChartSeriesDescription[] = [],
): ChartDescription => ({
  id: 'errors',
  title,
  unit: 'per second',
  integer: true,
  series: [{ key: 'errors', label: 'errors/s', hue: 'red' }, ...more],
})
