import { redisCharts as descriptions } from '@shared/index'
import { PALETTE } from '../../components/palette'
import { screenCharts } from '../common/chart-specs'
import type { ChartSpec } from '../types'

/** Live charts: one sample per second or per matrix step. */
export const redisCharts: ChartSpec[] = screenCharts(descriptions)

/** Colours for pipeline depths, shallow to deep. */
export const depthColors = [
  PALETTE.blue,
  PALETTE.green,
  PALETTE.amber,
  PALETTE.red,
  PALETTE.purple,
  PALETTE.teal,
]
