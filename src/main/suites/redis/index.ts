import type { SuiteDefinition } from '../contract'
import { redisReport } from './report'
import { expectedSeconds, matrixSteps, validateRedisConfig } from './config'

export const redisSuite: SuiteDefinition<'redis'> = {
  kind: 'redis',
  label: 'Redis',
  loadWorker: async () => (await import('./worker')).redisWorker,
  report: redisReport,
  describe: (c) => c.name ?? `redis: ${c.operations.join('/')} × ${matrixSteps(c).length} steps`,
  expectedSec: (c) => expectedSeconds(c),
  validate: (c) => validateRedisConfig(c),
}
