/** Helpers for this suite's tests: a scratch database per test file and a worker context. */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { PostgresHealthConfigSchema, type PostgresTarget } from '@shared/index'
import { localPostgres } from '../../../../test/fixtures/targets'
import type { SuiteContext, SuiteProgress } from '../types'

const ADMIN = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' }

export interface Scratch {
  name: string
  target: PostgresTarget
  /** a client connected to the scratch database */
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult>
  drop(): Promise<void>
}

/** CREATE DATABASE perfdesk_hx_<random>; drop() removes it (sessions included). */
export async function scratchDatabase(): Promise<Scratch> {
  const name = `perfdesk_hx_${randomBytes(4).toString('hex')}`
  await adminQuery(`CREATE DATABASE ${name}`)
  const c = new pg.Client({ ...ADMIN, database: name })
  await c.connect()
  return {
    name,
    target: localPostgres('pg', name),
    query: (sql, params) => c.query(sql, params),
    async drop() {
      await c.end().catch(() => undefined)
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

export async function adminQuery(sql: string, params?: unknown[]): Promise<pg.QueryResult> {
  const c = new pg.Client(ADMIN)
  await c.connect()
  try {
    return await c.query(sql, params)
  } finally {
    await c.end()
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  const r = await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])
  return (r.rowCount ?? 0) > 0
}

export interface FakeRun {
  ctx: SuiteContext<'postgres-health'>
  abort: AbortController
  progress: SuiteProgress[]
}

export function healthContext(config: object, target: PostgresTarget): FakeRun {
  const abort = new AbortController()
  const progress: SuiteProgress[] = []
  const ctx: SuiteContext<'postgres-health'> = {
    runId: `t${randomBytes(4).toString('hex')}`,
    suiteIndex: 0,
    config: PostgresHealthConfigSchema.parse({
      kind: 'postgres-health',
      target: target.id,
      ...config,
    }),
    target,
    signal: abort.signal,
    progress: (p) => progress.push(p),
    log: () => undefined,
  }
  return { ctx, abort, progress }
}
