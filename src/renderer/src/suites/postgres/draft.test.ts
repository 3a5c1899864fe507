import { describe, expect, it } from 'vitest'
import { PostgresConfigSchema } from '@shared/index'
import { newPostgresDraft, postgresConfigFromDraft, postgresDraftFromConfig } from './draft'

describe('postgres suite form draft', () => {
  it('round-trips a config through the form', () => {
    const config = PostgresConfigSchema.parse({
      kind: 'postgres',
      target: 'db',
      name: 'orders',
      queries: [
        {
          name: 'by id',
          sql: 'SELECT * FROM t WHERE id = $1',
          params: [{ randomInt: [1, 9] }],
          weight: 3,
        },
        { name: 'all', sql: 'SELECT 1' },
      ],
      poolSizes: [2, 8],
      clients: 12,
      durationSec: 3,
      threads: 'auto',
      explain: 'analyze',
      thresholds: { p95Ms: 20, errorRate: 0.01 },
    })
    const back = postgresConfigFromDraft(postgresDraftFromConfig(config), 'db')
    expect(back.problems).toEqual([])
    expect(PostgresConfigSchema.parse(back.config)).toEqual(config)
  })

  it('names the field of params that are not a JSON array, and of bad pool sizes', () => {
    const d = newPostgresDraft()
    d.queries[0]!.params = '{"randomInt": [1, 2]'
    d.poolSizes = '5, ten'
    d.threads = 'two'
    const { problems } = postgresConfigFromDraft(d, 'db')
    expect(problems.map((p) => p.path)).toEqual(['queries[0].params', 'poolSizes', 'threads'])
    expect(problems[0]!.message).toMatch(/not valid JSON/)
    expect(problems[2]!.message).toMatch(/whole number of generator threads.*"auto"/)
  })
})
