import { PALETTE } from '../../components/palette'
import { ms } from '../../lib/format'
import { countTick, percentileSeries, throughputChart } from '../common/chart-specs'
import type { ChartSpec } from '../types'

/** Per-second charts over the whole sweep (the steps follow each other in time). */
export const postgresCharts: ChartSpec[] = [
  throughputChart('tps', 'Transactions per second', { key: 'tps', label: 'TPS' }),
  {
    id: 'latency',
    title: 'Latency (wait for a connection + execution)',
    format: (v) => ms(v),
    series: [
      ...percentileSeries('p50', 'p95', 'p99'),
      { key: 'waitMs', label: 'mean wait', color: PALETTE.purple },
    ],
  },
  {
    id: 'pool',
    title: 'Pool size · errors per second',
    format: countTick,
    series: [
      { key: 'poolSize', label: 'pool size', color: PALETTE.grey },
      { key: 'errors', label: 'errors/s', color: PALETTE.red },
    ],
  },
]
