import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../helpers/http-servers'
import { runCli, type CliResult } from '../cli/run-cli'

/**
 * Acceptance of the one redaction rule: a credential in each place a plan can hold one is
 * sent by the run (the test server sees it) and appears nowhere else — not in the history's
 * bytes (db, -wal, -shm), the result, the five exports, nor the terminal.
 */
const tag = randomBytes(4).toString('hex')
const secrets = {
  requestToken: `reqTok-${tag}-A1`,
  cookie: `cookieSecret-${tag}-B2`,
  targetKey: `tgtKey-${tag}-C3`,
  urlPass: `urlPass-${tag}-D4`,
  queryToken: `qTok-${tag}-E5`,
  pgPass: `pgPass-${tag}-F6`,
  redisPass: `redisPass-${tag}-G7`,
  envToken: `envTok-${tag}-H8`,
}

let server: TestServer
let dir: string
let run: CliResult
let exported: CliResult
const file = (name: string): string => join(dir, name)

beforeAll(async () => {
  server = await startServer()
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-redact-'))
  const port = new URL(server.url).port
  const plan = {
    name: 'credentials everywhere',
    targets: [
      {
        id: 'api',
        kind: 'http',
        baseUrl: `http://bob:${secrets.urlPass}@127.0.0.1:${port}`,
        headers: { 'X-Api-Key': secrets.targetKey, 'X-Trace': 'visible-trace' },
        auth: { type: 'bearer', token: { env: 'PERFDESK_TEST_BEARER' } },
      },
      {
        id: 'db',
        kind: 'postgres',
        connectionString: `postgres://postgres:${secrets.pgPass}@127.0.0.1:5432/test`,
      },
      { id: 'cache', kind: 'redis', url: `redis://:${secrets.redisPass}@127.0.0.1:6379` },
    ],
    suites: [
      {
        kind: 'http-load',
        target: 'api',
        requests: [
          {
            method: 'GET',
            path: `/items?page=1&access_token=${secrets.queryToken}`,
            headers: { 'X-Auth-Token': secrets.requestToken, Cookie: `sid=${secrets.cookie}` },
          },
        ],
        connections: 2,
        durationSec: 1,
      },
      {
        kind: 'postgres',
        target: 'db',
        queries: [{ name: 'one', sql: 'SELECT 1' }],
        poolSizes: [2],
        clients: 2,
        durationSec: 1,
        explain: 'off',
      },
      {
        kind: 'redis',
        target: 'cache',
        operations: ['get'],
        payloadBytes: [100],
        pipeline: [1],
        clients: 2,
        durationSec: 0.5,
      },
    ],
  }
  writeFileSync(file('plan.json'), JSON.stringify(plan))
  const env = { PERFDESK_TEST_BEARER: secrets.envToken }
  const db = file('history.db')
  run = await runCli(
    [
      'run',
      file('plan.json'),
      '--db',
      db,
      '--out',
      file('result.json'),
      '--pdf',
      file('report.pdf'),
      '--html',
      file('report.html'),
      '--junit',
      file('junit.xml'),
      '--markdown',
      file('summary.md'),
    ],
    env,
  )
  const result = JSON.parse(readFileSync(file('result.json'), 'utf8')) as { id: string }
  exported = await runCli(
    ['export', result.id, '--db', db, '--json', file('export.json'), '--pdf', file('export.pdf')],
    env,
  )
}, 120_000)

afterAll(async () => {
  await server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function textOf(name: string): string {
  const path = file(name)
  if (name.endsWith('.pdf')) return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' })
  return readFileSync(path, 'latin1')
}

describe('one redaction rule', () => {
  it('the run sent every credential to the server', () => {
    expect(run.code, run.stderr).not.toBe(2)
    const h = server.stats().lastHeaders!
    expect(h['x-auth-token']).toBe(secrets.requestToken)
    expect(h.cookie).toBe(`sid=${secrets.cookie}`)
    expect(h['x-api-key']).toBe(secrets.targetKey)
    expect(h.authorization).toBe(`Bearer ${secrets.envToken}`)
    expect(Object.keys(server.stats().byRoute).join(' ')).toContain(secrets.queryToken)
  })

  it('no credential is in the history bytes, the result, the exports or the terminal', () => {
    const places: Record<string, string> = {
      stdout: run.stdout + exported.stdout,
      stderr: run.stderr + exported.stderr,
    }
    for (const f of ['history.db', 'history.db-wal', 'history.db-shm'])
      if (existsSync(file(f))) places[f] = readFileSync(file(f)).toString('latin1')
    for (const f of [
      'result.json',
      'report.pdf',
      'report.html',
      'junit.xml',
      'summary.md',
      'export.json',
      'export.pdf',
    ])
      places[f] = textOf(f)
    expect(Object.keys(places)).toContain('history.db')
    const leaks: string[] = []
    for (const [place, text] of Object.entries(places))
      for (const [name, value] of Object.entries(secrets))
        if (text.includes(value)) leaks.push(`${name} in ${place}`)
    expect(leaks).toEqual([])
    expect(places['result.json']).toContain('[redacted]')
    const result = JSON.parse(places['result.json']!) as {
      suites: { status: string; error?: string }[]
    }
    expect(result.suites.map((s) => s.error ?? s.status)).toEqual(['passed', 'passed', 'passed'])
    // what is not a credential stays readable
    expect(places['result.json']).toContain('visible-trace')
    expect(places['result.json']).toContain('page=1')
    expect(places['result.json']).toContain('127.0.0.1:5432/test')
  })

  it('keeps the history folder and files private', () => {
    expect(statSync(file('history.db')).mode & 0o077).toBe(0)
    if (existsSync(file('history.db-wal')))
      expect(statSync(file('history.db-wal')).mode & 0o077).toBe(0)
  })
})
