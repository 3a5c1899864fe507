import { PALETTE } from '../../components/palette'
import { ms } from '../../lib/format'
import { countTick } from '../common/chart-specs'
import type { ChartSpec } from '../types'

/** Live charts: one sample a second while the audit runs. */
export const httpCacheCharts: ChartSpec[] = [
  {
    id: 'cache-resources',
    title: 'Resources audited',
    format: countTick,
    series: [{ key: 'resources', label: 'resources', color: PALETTE.blue }],
  },
  {
    id: 'cache-ms',
    title: 'Mean response time',
    format: (v) => ms(v),
    series: [{ key: 'ms', label: 'mean', color: PALETTE.green }],
  },
]
