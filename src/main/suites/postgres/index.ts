import type { SuiteDefinition } from '../registry'

export const postgresSuite: SuiteDefinition<'postgres'> = {
  kind: 'postgres',
  describe: (c) => c.name ?? 'postgres',
  expectedSec: (c) => c.durationSec,
}
