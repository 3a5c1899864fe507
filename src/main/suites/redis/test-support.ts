import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { Redis } from 'ioredis'
import { RedisConfigSchema } from '@shared/index'
import type { RedisConfig, RedisMatrixCell, RedisTarget } from '@shared/index'
import type { SuiteContext, SuiteOutput, SuiteProgress } from '../types'
import { matrixSteps, type MatrixStep } from './config'
import type { StepKeys } from './operations'
import { runStep, type StepEnv, type StepOutcome } from './step'

/** Test helpers: a fake suite context, and a redis-server of the test's own. Not used by the app. */

/** The shared server's database the tests use, so that DBSIZE is not moved by anyone else. */
export const TEST_DB = 13
export const sharedTarget: RedisTarget = {
  id: 'r',
  kind: 'redis',
  url: 'redis://127.0.0.1:6379',
  db: TEST_DB,
}

/** The smallest matrix (one INCR cell for 0.2 s), for tests of what runs beside it. */
export const TINY_MATRIX = {
  operations: ['incr'],
  payloadBytes: [100],
  pipeline: [1],
  clients: 1,
  durationSec: 0.2,
}

export function redisConfig(input: Partial<Record<keyof RedisConfig, unknown>>): RedisConfig {
  return RedisConfigSchema.parse({ kind: 'redis', target: 'r', ...input })
}

export interface FakeContext {
  ctx: SuiteContext<'redis'>
  progress: SuiteProgress[]
  abort: AbortController
}

let runs = 0
export function fakeContext(config: RedisConfig, target: RedisTarget = sharedTarget): FakeContext {
  const abort = new AbortController()
  const progress: SuiteProgress[] = []
  const ctx: SuiteContext<'redis'> = {
    runId: `test-${process.pid}-${Date.now()}-${++runs}`,
    suiteIndex: 0,
    config,
    target,
    signal: abort.signal,
    progress: (p) => progress.push(p),
    log: () => {},
  }
  return { ctx, progress, abort }
}

/** A worker's output as the engine stores it (suite 0 of a run), for schema checks and views. */
export function storedResult(out: SuiteOutput<'redis'>, config: RedisConfig) {
  const { serverVersion: _v, notes, ...rest } = out
  return {
    ...rest,
    notes: notes ?? [],
    index: 0,
    name: 'redis',
    target: 'r',
    kind: 'redis' as const,
    config,
    startedAt: new Date().toISOString(),
    endedAt: new Date().toISOString(),
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export interface OwnRedis {
  port: number
  target: RedisTarget
  child: ChildProcess
  stop(): Promise<void>
}

/** A redis-server on a free port, no persistence, as a child of the test; stopped by `stop()`. */
export async function startOwnRedis(extraArgs: string[] = []): Promise<OwnRedis> {
  const port = await freePort()
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      ...extraArgs,
    ],
    { stdio: 'ignore' },
  )
  const deadline = Date.now() + 5000
  while (!(await accepts(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL')
      throw new Error(`redis-server on port ${port} did not start`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    port,
    target: { id: 'own', kind: 'redis', url: `redis://127.0.0.1:${port}` },
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      child.kill('SIGCONT')
      child.kill('SIGKILL')
      await exited
    },
  }
}

/** A plain client to the shared test database. */
export function sharedClient(): Redis {
  const c = new Redis({
    host: '127.0.0.1',
    port: 6379,
    db: TEST_DB,
    lazyConnect: false,
    maxRetriesPerRequest: 1,
  })
  c.on('error', () => {})
  return c
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: '127.0.0.1' }, () => {
      sock.destroy()
      resolve(true)
    })
    sock.on('error', () => resolve(false))
  })
}

/** The matrix cell of one operation × payload × pipeline depth; throws naming it when absent. */
export function matrixCell(
  cells: readonly RedisMatrixCell[],
  op: string,
  bytes: number,
  pipeline: number,
): RedisMatrixCell {
  const c = cells.find(
    (x) => x.operation === op && x.payloadBytes === bytes && x.pipeline === pipeline,
  )
  if (!c) throw new Error(`no cell ${op} ${bytes} ×${pipeline}`)
  return c
}

/** The one matrix step of a single operation, payload size and pipeline depth. */
export function singleStep(operation: string, payloadBytes: number, pipeline: number): MatrixStep {
  const config = redisConfig({
    operations: [operation],
    payloadBytes: [payloadBytes],
    pipeline: [pipeline],
  })
  return matrixSteps(config)[0]!
}

/** Runs one matrix step without warm-up, never aborted, with a 5 s command timeout. */
export function runTestStep(
  env: Pick<StepEnv, 'target' | 'clients' | 'threads' | 'engine'> & Partial<Pick<StepEnv, 'emit'>>,
  step: MatrixStep,
  keys: StepKeys,
  durationMs: number,
): Promise<StepOutcome> {
  const base = { timeoutMs: 5000, signal: new AbortController().signal, elapsed: () => 0 }
  return runStep({ ...base, emit: () => {}, ...env }, step, keys, durationMs, 0)
}
