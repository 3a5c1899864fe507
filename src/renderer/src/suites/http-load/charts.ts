import { httpLoadCharts, type SuiteConfig } from '@shared/index'
import { PALETTE } from '../../components/palette'
import { screenCharts } from '../common/chart-specs'
import type { ChartSpec, SeriesPoint } from '../types'
import { isOpenModel, rateOverSecond, rateShape } from './load-shape'

export const httpCharts: ChartSpec[] = screenCharts(httpLoadCharts)

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
  const [throughput, latency, errors] = screenCharts(httpLoadCharts, { optional: true })
  return [
    {
      ...throughput!,
      title: 'Throughput: delivered and target (req/s)',
      series: [
        { key: 'rps', label: 'delivered', color: PALETTE.blue },
        { key: 'target', label: 'target', color: PALETTE.target, value: target, dash: [6, 4] },
      ],
    },
    { ...latency!, title: 'Latency (from the intended send time)' },
    { ...errors!, title: 'Errors, late and dropped (per second)' },
  ]
}
