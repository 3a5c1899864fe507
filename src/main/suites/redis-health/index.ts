import { defineSuite } from '../contract'
import { redisHealthReport } from './report'

export const redisHealthSuite = defineSuite({
  kind: 'redis-health',
  label: 'Redis health',
  loadWorker: async () => (await import('./worker')).redisHealthWorker,
  report: redisHealthReport,
  describe: (c) => c.name ?? 'Redis health',
  // the scan stops at maxSec; INFO, SLOWLOG and CONFIG GET take a moment more
  expectedSec: (c) => c.maxSec + 1,
})
