import { ms, num, pct } from '../../lib/format'
import type { ChartSpec } from '../types'

/** Live charts: one sample per second or per matrix step. */
export const redisCharts: ChartSpec[] = [
  {
    id: 'redis-ops',
    title: 'Throughput (ops/s)',
    format: (v) => num(v, v < 10 ? 1 : 0),
    series: [{ key: 'opsPerSec', label: 'ops/s', color: '#4fa3ff' }],
  },
  {
    id: 'redis-latency',
    title: 'Latency per command',
    format: (v) => ms(v),
    series: [
      { key: 'p50', label: 'p50', color: '#3ecf8e' },
      { key: 'p99', label: 'p99', color: '#f0664f' },
    ],
  },
  {
    id: 'redis-errors',
    title: 'Error replies',
    format: (v) => num(v, Number.isInteger(v) ? 0 : 1),
    series: [{ key: 'errors', label: 'errors', color: '#f0664f' }],
  },
  {
    id: 'redis-hit-rate',
    title: 'Hit rate (replay)',
    format: (v) => pct(v, 0),
    series: [{ key: 'hitRate', label: 'hit rate', color: '#b88cff' }],
  },
]

/** Colours for pipeline depths, shallow to deep. */
export const depthColors = ['#4fa3ff', '#3ecf8e', '#f5b945', '#f0664f', '#b88cff', '#5fd3d3']
