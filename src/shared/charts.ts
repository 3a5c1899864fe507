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

/** Units whose values are per-second rates: a sample over a short interval misleads as one. */
export const RATE_UNITS: ReadonlySet<ChartUnit> = new Set(['req/s', 'tx/s', 'ops/s', 'per second'])

/**
 * The samples of a series (by their `t`, seconds since the suite began) that cover less than
 * half an ordinary interval: the tail of a pool step or of a suite, a few ms holding the last
 * in-flight answers. A rate chart leaves them out: plotted, a 0.02 s tail reads as a dip (TPS 341
 * among ~1,000) or a spike. The ordinary interval is the median one (1 s until there are three).
 */
export function partialSamples(ts: readonly number[]): Set<number> {
  const gaps = ts.map((t, i) => t - (i === 0 ? 0 : ts[i - 1]!))
  const sorted = gaps.filter((g) => g > 0).sort((a, b) => a - b)
  const usual = sorted.length >= 3 ? sorted[Math.floor(sorted.length / 2)]! : 1
  const out = new Set<number>()
  gaps.forEach((g, i) => {
    if (g < usual / 2) out.add(i)
  })
  return out
}
