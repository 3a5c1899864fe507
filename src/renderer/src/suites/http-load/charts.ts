import { ms, num } from '../../lib/format'
import type { ChartSpec } from '../types'

export const httpCharts: ChartSpec[] = [
  {
    id: 'rps',
    title: 'Throughput (req/s)',
    format: (v) => num(v, v < 10 ? 1 : 0),
    series: [{ key: 'rps', label: 'req/s', color: '#4fa3ff' }],
  },
  {
    id: 'latency',
    title: 'Latency',
    format: (v) => ms(v),
    series: [
      { key: 'p50', label: 'p50', color: '#3ecf8e' },
      { key: 'p95', label: 'p95', color: '#f5b945' },
      { key: 'p99', label: 'p99', color: '#f0664f' },
    ],
  },
  {
    id: 'errors',
    title: 'Errors (per second)',
    format: (v) => num(v, v < 10 && !Number.isInteger(v) ? 1 : 0),
    series: [{ key: 'errors', label: 'errors/s', color: '#f0664f' }],
  },
]
