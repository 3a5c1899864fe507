import type { SuiteDefinition } from '../registry'

export const redisSuite: SuiteDefinition<'redis'> = {
  kind: 'redis',
  describe: (c) => c.name ?? 'redis',
  expectedSec: (c) => c.durationSec,
}
