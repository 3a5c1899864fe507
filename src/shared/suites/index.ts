import { z } from 'zod'
import { HttpLoadConfigSchema, HttpLoadSuiteResultSchema } from './http-load'
import { PostgresConfigSchema, PostgresSuiteResultSchema } from './postgres'
import { RedisConfigSchema, RedisSuiteResultSchema } from './redis'
import { PostgresHealthConfigSchema, PostgresHealthSuiteResultSchema } from './postgres-health'
import { RedisHealthConfigSchema, RedisHealthSuiteResultSchema } from './redis-health'
import type { Target, TargetKind } from '../targets'

export const SuiteConfigSchema = z.discriminatedUnion('kind', [
  HttpLoadConfigSchema,
  PostgresConfigSchema,
  RedisConfigSchema,
  PostgresHealthConfigSchema,
  RedisHealthConfigSchema,
])
export type SuiteConfig = z.infer<typeof SuiteConfigSchema>
export type SuiteKind = SuiteConfig['kind']
export type SuiteConfigOf<K extends SuiteKind> = Extract<SuiteConfig, { kind: K }>

export const SuiteResultSchema = z.discriminatedUnion('kind', [
  HttpLoadSuiteResultSchema,
  PostgresSuiteResultSchema,
  RedisSuiteResultSchema,
  PostgresHealthSuiteResultSchema,
  RedisHealthSuiteResultSchema,
])
export type SuiteResult = z.infer<typeof SuiteResultSchema>
export type SuiteResultOf<K extends SuiteKind> = Extract<SuiteResult, { kind: K }>

/** Which kind of target each suite measures. */
export const suiteTargetKind = {
  'http-load': 'http',
  postgres: 'postgres',
  redis: 'redis',
  'postgres-health': 'postgres',
  'redis-health': 'redis',
} as const satisfies Record<SuiteKind, TargetKind>

/** The target a suite of kind K measures, e.g. PostgresTarget for 'postgres'. */
export type SuiteTargetOf<K extends SuiteKind> = Extract<
  Target,
  { kind: (typeof suiteTargetKind)[K] }
>

/** Narrows a target to the kind suite K measures. */
export function targetFitsSuite<K extends SuiteKind>(kind: K, t: Target): t is SuiteTargetOf<K> {
  return t.kind === suiteTargetKind[kind]
}

export * from './http-load'
export * from './postgres'
export * from './redis'
export * from './postgres-health'
export * from './redis-health'
