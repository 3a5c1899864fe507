import type { SuiteDefinition } from '../registry'

export const redisHealthSuite: SuiteDefinition<'redis-health'> = {
  kind: 'redis-health',
  describe: (c) => c.name ?? 'Redis health',
  // the scan stops at maxSec; INFO, SLOWLOG and CONFIG GET take a moment more
  expectedSec: (c) => c.maxSec + 1,
}
