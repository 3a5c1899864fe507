/** Helpers for this suite's tests: a fake worker context and fixture tables on the local server. */
import pg from 'pg'
import { randomBytes } from 'node:crypto'
import { PostgresConfigSchema, type PostgresTarget } from '@shared/index'
import { localPostgres } from '../../../../test/fixtures/targets'
import type { SuiteContext, SuiteProgress } from '../types'

export const LOCAL: PostgresTarget = localPostgres('pg')

export const fixtureName = (what: string): string =>
  `perfdesk_fx_${randomBytes(4).toString('hex')}_${what}`

export async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' })
  await c.connect()
  try {
    return await f(c)
  } finally {
    await c.end()
  }
}

export interface FakeRun {
  ctx: SuiteContext<'postgres'>
  abort: AbortController
  progress: SuiteProgress[]
  logs: string[]
}

export function fakeContext(config: unknown, target: PostgresTarget = LOCAL): FakeRun {
  const abort = new AbortController()
  const progress: SuiteProgress[] = []
  const logs: string[] = []
  const ctx: SuiteContext<'postgres'> = {
    runId: `t${randomBytes(4).toString('hex')}`,
    suiteIndex: 0,
    config: PostgresConfigSchema.parse({
      kind: 'postgres',
      target: target.id,
      ...(config as object),
    }),
    target,
    signal: abort.signal,
    progress: (p) => progress.push(p),
    log: (m) => logs.push(m),
  }
  return { ctx, abort, progress, logs }
}
