import type { SuiteDefinition } from '../contract'
import { mergeRedisShards } from './merge-shards'
import { redisReport } from './report'
import { classifyValueSample, expectedSeconds, matrixSteps, validateRedisConfig } from './config'

export const redisSuite: SuiteDefinition<'redis'> = {
  kind: 'redis',
  label: 'Redis',
  loadWorker: async () => (await import('./worker')).redisWorker,
  report: redisReport,
  splitShard: (c, s) => ({ ...c, clients: s.share(c.clients, 'clients') }),
  mergeShards: mergeRedisShards,
  describe: (c) => c.name ?? `redis: ${c.operations.join('/')} × ${matrixSteps(c).length} steps`,
  expectedSec: (c) => expectedSeconds(c),
  validate: (c) => validateRedisConfig(c),
  localFiles: (c) => {
    const s = classifyValueSample(c.valueSample)
    return s.kind === 'file' ? [{ path: 'valueSample', file: s.path }] : []
  },
}
