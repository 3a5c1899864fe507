import { PALETTE } from '../../components/palette'
import { ms, pct } from '../../lib/format'
import { countTick, percentileSeries, throughputChart } from '../common/chart-specs'
import type { ChartSpec } from '../types'

/** Live charts: one sample per second or per matrix step. */
export const redisCharts: ChartSpec[] = [
  throughputChart('redis-ops', 'Throughput (ops/s)', { key: 'opsPerSec', label: 'ops/s' }),
  {
    id: 'redis-latency',
    title: 'Latency per command',
    format: (v) => ms(v),
    series: percentileSeries('p50', 'p99'),
  },
  {
    id: 'redis-errors',
    title: 'Error replies',
    format: countTick,
    series: [{ key: 'errors', label: 'errors', color: PALETTE.red }],
  },
  {
    id: 'redis-hit-rate',
    title: 'Hit rate (replay)',
    format: (v) => pct(v, 0),
    series: [{ key: 'hitRate', label: 'hit rate', color: PALETTE.purple }],
  },
]

/** Colours for pipeline depths, shallow to deep. */
export const depthColors = [
  PALETTE.blue,
  PALETTE.green,
  PALETTE.amber,
  PALETTE.red,
  PALETTE.purple,
  PALETTE.teal,
]
