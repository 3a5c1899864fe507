import { ms, num } from '../../lib/format'
import type { ChartSpec } from '../types'

/** Per-second charts over the whole sweep (the steps follow each other in time). */
export const postgresCharts: ChartSpec[] = [
  {
    id: 'tps',
    title: 'Transactions per second',
    format: (v) => num(v, v < 10 ? 1 : 0),
    series: [{ key: 'tps', label: 'TPS', color: '#4fa3ff' }],
  },
  {
    id: 'latency',
    title: 'Latency (wait for a connection + execution)',
    format: (v) => ms(v),
    series: [
      { key: 'p50', label: 'p50', color: '#3ecf8e' },
      { key: 'p95', label: 'p95', color: '#f5b945' },
      { key: 'p99', label: 'p99', color: '#f0664f' },
      { key: 'waitMs', label: 'mean wait', color: '#b58cff' },
    ],
  },
  {
    id: 'pool',
    title: 'Pool size · errors per second',
    format: (v) => num(v, v < 10 && !Number.isInteger(v) ? 1 : 0),
    series: [
      { key: 'poolSize', label: 'pool size', color: '#8b96a8' },
      { key: 'errors', label: 'errors/s', color: '#f0664f' },
    ],
  },
]
