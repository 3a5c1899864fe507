import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RedisConfigSchema } from '@shared/index'
import { describeIssues } from '@shared/validation'
import { matrixSteps, validateRedisConfig } from './config'
import { redisConfig } from './test-support'
import { keyPrefixFor } from './worker'
import { globEscape } from './run-control'

describe('redis config', () => {
  it('plans operation × payload × pipeline steps with readable labels', () => {
    const steps = matrixSteps(
      redisConfig({
        operations: ['set', 'get'],
        payloadBytes: [1024, 100, 10240, 102400],
        pipeline: [16, 1],
      }),
    )
    expect(steps).toHaveLength(16)
    expect(steps[0]!.label).toBe('SET 100 B ×1 (1/16)')
    expect(steps[12]!.label).toBe('GET 10 KB ×1 (13/16)')
    expect(steps[13]!.label).toBe('GET 10 KB ×16 (14/16)')
    expect(steps[15]!.label).toBe('GET 100 KB ×16 (16/16)')
  })

  it('runs incr once per depth: it carries no value', () => {
    const steps = matrixSteps(
      redisConfig({ operations: ['incr'], payloadBytes: [100, 1024], pipeline: [1, 16] }),
    )
    expect(steps.map((s) => s.label)).toEqual(['INCR ×1 (1/2)', 'INCR ×16 (2/2)'])
  })

  it('rejects bad input naming the field', () => {
    const r = RedisConfigSchema.safeParse({
      kind: 'redis',
      target: 'r',
      operations: ['sett'],
      hitRate: { keys: 0, requests: 10 },
    })
    expect(r.success).toBe(false)
    const paths = describeIssues(r.error!).map((p) => p.path)
    expect(paths).toContain('operations[0]')
    expect(paths).toContain('hitRate.keys')
    const dir = mkdtempSync(join(tmpdir(), 'perfdesk-cfg-'))
    try {
      expect(validateRedisConfig(redisConfig({ valueSample: '{"a": ' }))[0]).toMatchObject({
        path: 'valueSample',
        message: expect.stringMatching(/does not parse/),
      })
      expect(
        validateRedisConfig(redisConfig({ valueSample: join(dir, 'missing.json') }))[0]!.message,
      ).toMatch(/no file at/)
      writeFileSync(join(dir, 'v.json'), '{"ok":true}')
      expect(validateRedisConfig(redisConfig({ valueSample: join(dir, 'v.json') }))).toEqual([])
      expect(validateRedisConfig(redisConfig({ valueSample: '[1,2,3]' }))).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keys live under perfdesk:<runId>:, with glob characters escaped for SCAN', () => {
    expect(keyPrefixFor('run-1', 0)).toBe('perfdesk:run-1:0:')
    expect(globEscape('perfdesk:a*b?[c]:')).toBe('perfdesk:a\\*b\\?\\[c\\]:')
  })
})
