import { defineSuite } from '../contract'
import { describeCacheSuite, expectedSeconds, validateCacheConfig } from './config'
import { httpCacheReport } from './report'

export const httpCacheSuite = defineSuite({
  kind: 'http-cache',
  label: 'HTTP cache',
  loadWorker: async () => (await import('./worker')).httpCacheWorker,
  report: httpCacheReport,
  describe: describeCacheSuite,
  expectedSec: expectedSeconds,
  validate: validateCacheConfig,
})
