import { RATE_UNITS, partialSamples, type ChartDescription, type ChartUnit } from '@shared/charts'
import { PAPER_PALETTE } from '@shared/palette'

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
  /** grouped bars, one group per x (0, 1, 2, … each a category named by `x.format`) */
  bars?: boolean
}

/** The report's tones of the one palette (on white paper), one hue per meaning as in the app. */
export const palette = {
  ...PAPER_PALETTE,
  /** the name the report used for amber before the one palette */
  orange: PAPER_PALETTE.amber,
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

const PAPER_UNIT: Record<ChartUnit, string> = {
  ms: 'ms',
  'req/s': 'req/s',
  'tx/s': 'tx/s',
  'ops/s': 'ops/s',
  'per second': 'per second',
  connections: 'connections',
  fraction: '%',
}

/**
 * A suite's chart descriptions (src/shared, the same the app draws) as report charts over its
 * per-second series: optional series and charts only where they have data, fractions in %.
 */
export function paperCharts(
  descriptions: readonly ChartDescription[],
  suite: { index: number; series: readonly SeriesSample[] },
): ChartSpec[] {
  const all = suite.series
  const partial = partialSamples(all.map((s) => s.t))
  const whole = all.filter((_, i) => !partial.has(i))
  const specs: ChartSpec[] = []
  for (const d of descriptions) {
    // a rate over a few ms is no rate: see partialSamples
    const series = RATE_UNITS.has(d.unit) ? whole : all
    const xs = series.map((s) => s.t)
    const shown = d.series.filter((s) => !s.optional || seriesHas(all, s.key))
    if (d.optional && !shown.some((s) => seriesHas(all, s.key))) continue
    const scale = d.unit === 'fraction' ? 100 : 1
    specs.push({
      id: `s${suite.index}-${d.id}`,
      title: d.title,
      unit: PAPER_UNIT[d.unit],
      xs,
      ...(d.integer ? { integer: true } : {}),
      series: shown.map((s) => ({
        key: s.key,
        label: s.label,
        color: palette[s.hue],
        values: seriesColumn(series, s.key).map((v) => (v === null ? null : v * scale)),
      })),
    })
  }
  return specs
}
