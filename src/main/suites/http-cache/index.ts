import type { SuiteDefinition } from '../registry'
import { describeCacheSuite, expectedSeconds, validateCacheConfig } from './config'

export const httpCacheSuite: SuiteDefinition<'http-cache'> = {
  kind: 'http-cache',
  describe: describeCacheSuite,
  expectedSec: expectedSeconds,
  validate: validateCacheConfig,
}
