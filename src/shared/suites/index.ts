import { z } from 'zod'
import { HttpCacheConfigSchema, HttpCacheSuiteResultSchema } from './http-cache'
import { HttpLoadConfigSchema, HttpLoadSuiteResultSchema } from './http-load'
import { PostgresConfigSchema, PostgresSuiteResultSchema } from './postgres'
import { RedisConfigSchema, RedisSuiteResultSchema } from './redis'
import type { TargetKind } from '../targets'

export const SuiteConfigSchema = z.discriminatedUnion('kind', [
  HttpLoadConfigSchema,
  PostgresConfigSchema,
  RedisConfigSchema,
  HttpCacheConfigSchema,
])
export type SuiteConfig = z.infer<typeof SuiteConfigSchema>
export type SuiteKind = SuiteConfig['kind']
export type SuiteConfigOf<K extends SuiteKind> = Extract<SuiteConfig, { kind: K }>

export const SuiteResultSchema = z.discriminatedUnion('kind', [
  HttpLoadSuiteResultSchema,
  PostgresSuiteResultSchema,
  RedisSuiteResultSchema,
  HttpCacheSuiteResultSchema,
])
export type SuiteResult = z.infer<typeof SuiteResultSchema>
export type SuiteResultOf<K extends SuiteKind> = Extract<SuiteResult, { kind: K }>

/** Which kind of target each suite measures. */
export const suiteTargetKind: Record<SuiteKind, TargetKind> = {
  'http-load': 'http',
  postgres: 'postgres',
  redis: 'redis',
  'http-cache': 'http',
}

export * from './http-cache'
export * from './http-load'
export * from './postgres'
export * from './redis'
