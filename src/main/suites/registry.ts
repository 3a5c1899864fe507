import type { SuiteConfig, SuiteKind } from '@shared/index'
import type { SuiteWorker } from './types'
import { httpLoadSuite } from './http-load'
import { postgresSuite } from './postgres'
import { redisSuite } from './redis'
import { postgresHealthSuite } from './postgres-health'
import { redisHealthSuite } from './redis-health'

/** The main-thread half of a suite: what the engine needs to know before and after the worker. */
export interface SuiteDefinition<K extends SuiteKind = SuiteKind> {
  kind: K
  /** a human name for the suite when the plan gives none */
  describe(config: Extract<SuiteConfig, { kind: K }>): string
  /** seconds the suite will take, when known; drives the progress bar and the hang watchdog */
  expectedSec(config: Extract<SuiteConfig, { kind: K }>): number | null
  /** checks the plan cannot express in its schema (e.g. a write query without allowWrites) */
  validate?(config: Extract<SuiteConfig, { kind: K }>): { path: string; message: string }[]
}

export const suiteDefinitions: { [K in SuiteKind]: SuiteDefinition<K> } = {
  'http-load': httpLoadSuite,
  postgres: postgresSuite,
  redis: redisSuite,
  'postgres-health': postgresHealthSuite,
  'redis-health': redisHealthSuite,
}

export function suiteDefinition<K extends SuiteKind>(kind: K): SuiteDefinition<K> {
  return suiteDefinitions[kind] as SuiteDefinition<K>
}

/** Loaded inside the worker thread only, so that the main thread never imports pg, ioredis or autocannon. */
export async function loadSuiteWorker(kind: SuiteKind): Promise<SuiteWorker<SuiteKind>> {
  switch (kind) {
    case 'http-load':
      return (await import('./http-load/worker')).httpLoadWorker as SuiteWorker<SuiteKind>
    case 'postgres':
      return (await import('./postgres/worker')).postgresWorker as SuiteWorker<SuiteKind>
    case 'redis':
      return (await import('./redis/worker')).redisWorker as SuiteWorker<SuiteKind>
    case 'postgres-health':
      return (await import('./postgres-health/worker'))
        .postgresHealthWorker as SuiteWorker<SuiteKind>
    case 'redis-health':
      return (await import('./redis-health/worker')).redisHealthWorker as SuiteWorker<SuiteKind>
  }
}
