import type { SuiteKind } from '@shared/index'
import type { SuiteDefinition } from './contract'
import type { SuiteWorker } from './types'
import { httpCacheSuite } from './http-cache'
import { httpLoadSuite } from './http-load'
import { postgresSuite } from './postgres'
import { redisSuite } from './redis'
import { postgresHealthSuite } from './postgres-health'
import { redisHealthSuite } from './redis-health'

export type { SuiteDefinition } from './contract'

/** Every suite, one line each (its folder's index.ts exports the definition). */
export const suiteDefinitions: { [K in SuiteKind]: SuiteDefinition<K> } = {
  'http-load': httpLoadSuite,
  postgres: postgresSuite,
  redis: redisSuite,
  'http-cache': httpCacheSuite,
  'postgres-health': postgresHealthSuite,
  'redis-health': redisHealthSuite,
}

export function suiteDefinition<K extends SuiteKind>(kind: K): SuiteDefinition<K> {
  return suiteDefinitions[kind] as SuiteDefinition<K>
}

/** The definition of a kind read from a stored row or a file, if PerfDesk knows the kind. */
export function findSuiteDefinition(kind: string): SuiteDefinition | undefined {
  return Object.hasOwn(suiteDefinitions, kind)
    ? (suiteDefinitions[kind as SuiteKind] as SuiteDefinition)
    : undefined
}

/** Loaded inside the worker thread only, so that the main thread never imports pg, ioredis or autocannon. */
export async function loadSuiteWorker(kind: SuiteKind): Promise<SuiteWorker<SuiteKind>> {
  return (await suiteDefinition(kind).loadWorker()) as SuiteWorker<SuiteKind>
}
