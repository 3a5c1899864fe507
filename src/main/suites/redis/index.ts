import type { SuiteDefinition } from '../registry'
import { expectedSeconds, matrixSteps, validateRedisConfig } from './config'

export const redisSuite: SuiteDefinition<'redis'> = {
  kind: 'redis',
  describe: (c) => c.name ?? `redis: ${c.operations.join('/')} × ${matrixSteps(c).length} steps`,
  expectedSec: (c) => expectedSeconds(c),
  validate: (c) => validateRedisConfig(c),
}
