import { PALETTE } from '../../components/palette'
import { num } from '../../lib/format'
import type { ChartSeriesSpec, ChartSpec } from '../types'

/** A rate's ticks: a decimal only below 10. */
export const rateTick = (v: number): string => num(v, v < 10 ? 1 : 0)

/** A count's ticks (errors per second): a decimal only for small fractions. */
export const countTick = (v: number): string => num(v, v < 10 && !Number.isInteger(v) ? 1 : 0)

const PERCENTILE_COLORS = { p50: PALETTE.green, p95: PALETTE.amber, p99: PALETTE.red }

/** Latency percentiles as chart series, each in its colour everywhere. */
export const percentileSeries = (
  ...percentiles: (keyof typeof PERCENTILE_COLORS)[]
): ChartSeriesSpec[] => percentiles.map((p) => ({ key: p, label: p, color: PERCENTILE_COLORS[p] }))

/** One throughput series, in the throughput colour. */
export const throughputChart = (
  id: string,
  title: string,
  series: { key: string; label: string },
): ChartSpec => ({
  id,
  title,
  format: rateTick,
  series: [{ ...series, color: PALETTE.blue }],
})
