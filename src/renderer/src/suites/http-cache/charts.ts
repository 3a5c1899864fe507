import { httpCacheCharts as descriptions } from '@shared/index'
import { screenCharts } from '../common/chart-specs'
import type { ChartSpec } from '../types'

/** Live chart: the mean response time of the audit's requests, once a second. */
export const httpCacheCharts: ChartSpec[] = screenCharts(descriptions)
