import type { SuiteConfig } from '@shared/index'
import { ms, num } from '../../lib/format'
import type { ChartSpec, SeriesPoint } from '../types'
import { isOpenModel, rateOverSecond, rateShape } from './load-shape'

const perSecond = (v: number): string => num(v, v < 10 && !Number.isInteger(v) ? 1 : 0)

const latencyChart: ChartSpec = {
  id: 'latency',
  title: 'Latency',
  format: (v) => ms(v),
  series: [
    { key: 'p50', label: 'p50', color: '#3ecf8e' },
    { key: 'p95', label: 'p95', color: '#f5b945' },
    { key: 'p99', label: 'p99', color: '#f0664f' },
  ],
}

export const httpCharts: ChartSpec[] = [
  {
    id: 'rps',
    title: 'Throughput (req/s)',
    format: (v) => num(v, v < 10 ? 1 : 0),
    series: [{ key: 'rps', label: 'req/s', color: '#4fa3ff' }],
  },
  latencyChart,
  {
    id: 'errors',
    title: 'Errors (per second)',
    format: perSecond,
    series: [{ key: 'errors', label: 'errors/s', color: '#f0664f' }],
  },
]

export const TARGET_GREY = '#a9b4c6'
export const LATE_AMBER = '#f5b945'
export const DROPPED_PURPLE = '#c58cff'

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
      format: (v) => num(v, v < 10 ? 1 : 0),
      series: [
        { key: 'rps', label: 'delivered', color: '#4fa3ff' },
        { key: 'target', label: 'target', color: TARGET_GREY, value: target, dash: [6, 4] },
      ],
    },
    { ...latencyChart, title: 'Latency (from the intended send time)' },
    {
      id: 'errors',
      title: 'Errors, late and dropped (per second)',
      format: perSecond,
      series: [
        { key: 'errors', label: 'errors/s', color: '#f0664f' },
        { key: 'late', label: 'late/s', color: LATE_AMBER },
        { key: 'dropped', label: 'dropped/s', color: DROPPED_PURPLE },
      ],
    },
  ]
}
