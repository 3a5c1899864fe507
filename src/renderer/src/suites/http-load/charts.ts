import type { SuiteConfig } from '@shared/index'
import { PALETTE } from '../../components/palette'
import { ms } from '../../lib/format'
import { countTick, percentileSeries, rateTick, throughputChart } from '../common/chart-specs'
import type { ChartSpec, SeriesPoint } from '../types'
import { isOpenModel, rateOverSecond, rateShape } from './load-shape'

const latencyChart: ChartSpec = {
  id: 'latency',
  title: 'Latency',
  format: (v) => ms(v),
  series: percentileSeries('p50', 'p95', 'p99'),
}

export const httpCharts: ChartSpec[] = [
  throughputChart('rps', 'Throughput (req/s)', { key: 'rps', label: 'req/s' }),
  latencyChart,
  {
    id: 'errors',
    title: 'Errors (per second)',
    format: countTick,
    series: [{ key: 'errors', label: 'errors/s', color: PALETTE.red }],
  },
]

/**
 * The open model's charts: delivered throughput against the target rate (from the config's
 * schedule, or a sweep step's rate), and late and dropped requests next to the errors.
 */
export function httpChartsFor(config: SuiteConfig): ChartSpec[] {
  if (config.kind !== 'http-load' || !isOpenModel(config)) return httpCharts
  const shape = rateShape(config)
  const rates = config.sweep?.rates
  const target = (p: SeriesPoint): number | null => {
    const step = p.step
    if (rates && typeof step === 'number') return rates[step] ?? null
    return rateOverSecond(shape, p.t)
  }
  return [
    {
      id: 'rps',
      title: 'Throughput: delivered and target (req/s)',
      format: rateTick,
      series: [
        { key: 'rps', label: 'delivered', color: PALETTE.blue },
        { key: 'target', label: 'target', color: PALETTE.target, value: target, dash: [6, 4] },
      ],
    },
    { ...latencyChart, title: 'Latency (from the intended send time)' },
    {
      id: 'errors',
      title: 'Errors, late and dropped (per second)',
      format: countTick,
      series: [
        { key: 'errors', label: 'errors/s', color: PALETTE.red },
        { key: 'late', label: 'late/s', color: PALETTE.amber },
        { key: 'dropped', label: 'dropped/s', color: PALETTE.purple },
      ],
    },
  ]
}
