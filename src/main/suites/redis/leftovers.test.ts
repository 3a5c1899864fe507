import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { Plan, SuiteResult } from '@shared/index'
import { captureEnvironment } from '../../engine/environment'
import { openHistory, openHistoryAndRecover } from '../../store'
import { removePrefix } from './cleanup'
import { sweepLeftoverKeys } from './sweep'
import { redisConfig, sharedClient, sharedTarget } from './test-support'

/**
 * Nothing a run writes outlives it for long: keys of a run that died are swept at the next
 * start, and every key a killed run leaves carries a TTL. Against the local Redis, db 13.
 */

const client = sharedClient()
const dir = mkdtempSync(join(tmpdir(), 'perfdesk-leftovers-'))
afterAll(() => {
  client.disconnect()
  rmSync(dir, { recursive: true, force: true })
})

const plan: Plan = {
  name: 'leftovers',
  targets: [sharedTarget],
  suites: [redisConfig({ operations: ['get'] })],
} as Plan

async function keysUnder(prefix: string): Promise<string[]> {
  const out: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    cursor = next
    out.push(...keys)
  } while (cursor !== '0')
  return out
}

/** Runs a script in a child Node with tsx, from the worktree root; resolves with its stdout. */
function node(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script])
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))))
  })
}

describe('redis keys of earlier runs are swept at the next start', () => {
  it('a dead run’s keys go, a failed run’s keys with an incomplete cleanup go, a passed run’s stay', async () => {
    const db = join(dir, 'history.db')
    const dead = `dead-${process.pid}-${Date.now()}`
    const failed = `failed-${process.pid}-${Date.now()}`
    const passed = `passed-${process.pid}-${Date.now()}`
    const store = openHistory(db)
    const environment = captureEnvironment('cli')
    const now = new Date().toISOString()
    for (const id of [failed, passed])
      store.createRun({ id, plan, planId: null, startedAt: now, environment })
    const suite = (status: 'error' | 'passed', done: boolean, id: string): SuiteResult =>
      ({
        index: 0,
        name: 'redis',
        target: 'r',
        kind: 'redis',
        status,
        startedAt: now,
        endedAt: now,
        checks: [],
        findings: [],
        notes: [],
        config: plan.suites[0],
        metrics: null,
        series: [],
        histogram: null,
        details: {
          keyPrefix: `perfdesk:${id}:0:`,
          cleanup: { done, removed: 0 },
          server: { version: null, mode: null },
        },
      }) as SuiteResult
    store.saveSuiteResult(failed, suite('error', false, failed))
    store.finishRun(failed, { status: 'error', endedAt: now, findings: [] })
    store.saveSuiteResult(passed, suite('passed', true, passed))
    store.finishRun(passed, { status: 'passed', endedAt: now, findings: [] })
    store.close()

    // a process starts a run, writes keys (one without any TTL, as older versions did) and dies
    const storeModule = fileURLToPath(new URL('../../store/index.ts', import.meta.url))
    const envModule = fileURLToPath(new URL('../../engine/environment.ts', import.meta.url))
    await node(`
      const { openHistory } = await import(${JSON.stringify(storeModule)})
      const { captureEnvironment } = await import(${JSON.stringify(envModule)})
      const store = openHistory(${JSON.stringify(db)})
      store.createRun({ id: ${JSON.stringify(dead)}, plan: ${JSON.stringify(plan)}, planId: null,
        startedAt: new Date().toISOString(), environment: captureEnvironment('cli') })
      store.close()
      process.exit(0)
    `)
    for (const id of [dead, failed, passed]) {
      await client.set(`perfdesk:${id}:0:m:get:100:r:1`, 'v', 'EX', 600)
      await client.set(`perfdesk:${id}:0:h:7`, 'v')
    }
    expect(await keysUnder(`perfdesk:${dead}:`)).toHaveLength(2)

    const reopened = openHistoryAndRecover(db)
    try {
      expect(reopened.interrupted).toBe(1)
      const report = await sweepLeftoverKeys(reopened.store)
      expect(report.problems).toEqual([])
      expect(report.runs).toBe(2)
      expect(report.removed).toBe(4)
    } finally {
      reopened.store.close()
    }
    expect(await keysUnder(`perfdesk:${dead}:`)).toEqual([])
    expect(await keysUnder(`perfdesk:${failed}:`)).toEqual([])
    expect((await keysUnder(`perfdesk:${passed}:`)).sort()).toEqual([
      `perfdesk:${passed}:0:h:7`,
      `perfdesk:${passed}:0:m:get:100:r:1`,
    ])
    await removePrefix(client, `perfdesk:${passed}:`, { timeoutMs: 5000 })
  }, 60_000)
})

/** Starts the suite in a child process; resolves once `until` appears in its output. */
function startChild(
  config: unknown,
  runId: string,
  until: RegExp,
): Promise<{ kill(): Promise<void> }> {
  const script = fileURLToPath(new URL('./testing/child-run.ts', import.meta.url))
  const child = spawn(process.execPath, [
    '--import',
    'tsx',
    script,
    JSON.stringify(config),
    JSON.stringify(sharedTarget),
    runId,
  ])
  const exited = new Promise<void>((r) => child.on('exit', () => r()))
  let out = ''
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('ready\n') && !out.includes('go')) {
        out += 'go'
        child.stdin.write('go\n')
      }
      if (until.test(out))
        resolve({
          kill: async () => {
            child.kill('SIGKILL')
            await exited
          },
        })
    })
    child.on('exit', () => reject(new Error(`the child ended before ${until}: ${err}${out}`)))
  })
}

describe('a run killed mid-way', () => {
  const config = redisConfig({
    operations: ['set', 'hset', 'incr', 'lpush', 'zadd', 'sadd', 'del', 'get', 'mget', 'lrange'],
    payloadBytes: [100],
    pipeline: [1, 8],
    clients: 3,
    durationSec: 0.3,
    hitRate: { keys: 300, requests: 5_000_000, maxSec: 30, valueBytes: 32 },
  })

  for (const [where, until] of [
    ['in the matrix (LPUSH, after the writes)', /label LPUSH 100 B ×8/],
    ['in the hit-rate replay', /label hit-rate replay [1-9]/],
  ] as const) {
    it(`${where}: every key it left carries a TTL`, async () => {
      const runId = `killed-${process.pid}-${Date.now()}`
      const child = await startChild(config, runId, until)
      await new Promise((r) => setTimeout(r, 150))
      await child.kill()
      const prefix = `perfdesk:${runId}:`
      const left = await keysUnder(prefix)
      try {
        expect(left.length).toBeGreaterThan(0)
        const ttls = await Promise.all(left.map((k) => client.pttl(k)))
        const without = left.filter((_, i) => !(ttls[i]! > 0))
        expect(without).toEqual([])
      } finally {
        await removePrefix(client, prefix, { timeoutMs: 5000 })
      }
    }, 120_000)
  }
})
