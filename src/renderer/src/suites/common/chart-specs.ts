import type { ChartDescription, ChartUnit } from '@shared/charts'
import {
  RATE_UNITS,
  percentileSeries as sharedPercentiles,
  throughputChart as sharedThroughput,
} from '@shared/charts'
import { PALETTE } from '../../components/palette'
import { ms, num, pct } from '../../lib/format'
import type { ChartSeriesSpec, ChartSpec } from '../types'

/** A rate's ticks: a decimal only below 10. */
export const rateTick = (v: number): string => num(v, v < 10 ? 1 : 0)

/** A count's ticks (errors per second): a decimal only for small fractions. */
export const countTick = (v: number): string => num(v, v < 10 && !Number.isInteger(v) ? 1 : 0)

const FORMAT: Record<ChartUnit, (v: number) => string> = {
  ms: (v) => ms(v),
  'req/s': rateTick,
  'tx/s': rateTick,
  'ops/s': rateTick,
  'per second': countTick,
  connections: countTick,
  fraction: (v) => pct(v, 0),
}

/** "Throughput (req/s)"; a unit the ticks already carry (ms, %) is not repeated. */
const titleOf = (d: ChartDescription): string =>
  d.unit === 'ms' || d.unit === 'fraction' ? d.title : `${d.title} (${d.unit})`

/**
 * A chart description from src/shared (the one the reports draw too) as a uPlot chart spec.
 * Optional series (late, dropped) only when asked for: they belong to the open model.
 */
export function screenChart(d: ChartDescription, o: { optional?: boolean } = {}): ChartSpec {
  return {
    id: d.id,
    title: titleOf(d),
    format: FORMAT[d.unit],
    ...(RATE_UNITS.has(d.unit) ? { rate: true } : {}),
    series: d.series
      .filter((s) => o.optional || !s.optional)
      .map((s) => ({ key: s.key, label: s.label, color: PALETTE[s.hue] })),
  }
}

export const screenCharts = (
  ds: readonly ChartDescription[],
  o: { optional?: boolean } = {},
): ChartSpec[] => ds.map((d) => screenChart(d, o))

/** Latency percentiles as chart series, each in its colour everywhere. */
export const percentileSeries = (
  ...percentiles: Parameters<typeof sharedPercentiles>
): ChartSeriesSpec[] =>
  sharedPercentiles(...percentiles).map((s) => ({ ...s, color: PALETTE[s.hue] }))

/** One throughput series, in the throughput colour. */
export const throughputChart = (
  id: string,
  title: string,
  series: { key: string; label: string },
): ChartSpec => ({ ...screenChart(sharedThroughput(id, 'req/s', series)), title })
