import { describe, expect, it } from 'vitest'
import { PostgresHealthConfigSchema, RedisHealthConfigSchema } from '@shared/index'
import { validatePostgresHealthConfig } from '../../../../main/suites/postgres-health'
import {
  redisHealthConfigFromDraft,
  redisHealthDraftFromConfig,
  newRedisHealthDraft,
} from '../redis-health/draft'
import { newPgHealthDraft, pgHealthConfigFromDraft, pgHealthDraftFromConfig } from './draft'

describe('health suite form drafts', () => {
  it('round-trip a postgres-health config, settings the form does not show included', () => {
    const config = PostgresHealthConfigSchema.parse({
      kind: 'postgres-health',
      target: 'db',
      name: 'nightly',
      statementTimeoutMs: 2000,
      limits: { idleInTransactionSec: 30, deadTupleRatio: 0.4 },
      backupCheck: true,
      allowWrites: true,
      rtoSec: 120,
      backupMaxSec: 300,
    })
    const back = pgHealthConfigFromDraft(pgHealthDraftFromConfig(config), 'db')
    expect(back.problems).toEqual([])
    expect(PostgresHealthConfigSchema.parse(back.config)).toEqual(config)
  })

  it('a new postgres-health form is a valid read-only config; the backup box needs allowWrites', () => {
    const plain = PostgresHealthConfigSchema.parse(
      pgHealthConfigFromDraft(newPgHealthDraft(), 'db').config,
    )
    expect(plain).toMatchObject({ backupCheck: false, allowWrites: false })
    expect(validatePostgresHealthConfig(plain)).toEqual([])
    const backup = PostgresHealthConfigSchema.parse({ ...plain, backupCheck: true })
    expect(validatePostgresHealthConfig(backup)[0]!.path).toBe('backupCheck')
  })

  it('round-trip a redis-health config and name the field of a bad size', () => {
    const config = RedisHealthConfigSchema.parse({
      kind: 'redis-health',
      target: 'cache',
      maxKeys: 5000,
      bigKeyBytes: 512 * 1024,
      noTtlShare: 0.25,
      zipf: 0.8,
      timeoutMs: 2000,
    })
    const back = redisHealthConfigFromDraft(redisHealthDraftFromConfig(config), 'cache')
    expect(back.problems).toEqual([])
    expect(RedisHealthConfigSchema.parse(back.config)).toEqual(config)
    const bad = { ...newRedisHealthDraft(), bigKeyBytes: 'huge' }
    expect(redisHealthConfigFromDraft(bad, 'cache').problems.map((p) => p.path)).toEqual([
      'bigKeyBytes',
    ])
  })
})
