import { postgresCharts as descriptions } from '@shared/index'
import { screenCharts } from '../common/chart-specs'
import type { ChartSpec } from '../types'

/** Per-second charts over the whole sweep (the steps follow each other in time). */
export const postgresCharts: ChartSpec[] = screenCharts(descriptions)
