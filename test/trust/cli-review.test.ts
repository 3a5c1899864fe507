import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRunResult } from '../fixtures/run-result'
import { startServer, type TestServer } from '../helpers/http-servers'
import { commandAndSecretPlan } from '../helpers/review-plan'
import { runCli } from '../cli/run-cli'

/** `perfdesk import` marks a run untrusted; re-running it needs the review and --yes. */
let server: TestServer
let dir: string
const ENV = 'PERFDESK_CLI_REVIEW_SECRET'

beforeAll(async () => {
  server = await startServer()
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-cli-review-'))
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('perfdesk import and run --run', () => {
  it('prints the review and refuses without --yes; runs with it', async () => {
    const marker = join(dir, 'command-ran')
    const plan = commandAndSecretPlan({
      name: 'imported',
      baseUrl: server.url,
      envVar: ENV,
      marker,
      markerText: 'x',
    })
    const file = join(dir, 'result.json')
    writeFileSync(file, JSON.stringify({ ...buildRunResult({ id: 'from-ci' }), plan }))
    const db = join(dir, 'history.db')
    const env = { [ENV]: 'cli-review-secret-value' }
    expect((await runCli(['import', file, '--db', db])).code).toBe(0)

    const refused = await runCli(['run', '--run', 'from-ci', '--db', db], env)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/was imported; its plan is untrusted/)
    expect(refused.stderr).toMatch(/command \(target "proc"\)/)
    expect(refused.stderr).toMatch(new RegExp(`environment variable ${ENV}`))
    expect(refused.stderr).toMatch(/--yes/)
    expect(existsSync(marker)).toBe(false)
    expect(server.stats().requests).toBe(0)

    const ran = await runCli(['run', '--run', 'from-ci', '--yes', '--db', db], env)
    expect(ran.code, ran.stderr).toBe(0)
    expect(existsSync(marker)).toBe(true)
    expect(server.stats().lastHeaders?.authorization).toBe('Bearer cli-review-secret-value')
    expect(ran.stdout + ran.stderr).not.toContain('cli-review-secret-value')
  }, 120_000)

  it("prints what the user's own plan file will do before it starts", async () => {
    const file = join(dir, 'own.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'own',
        targets: [
          {
            id: 'api',
            kind: 'http',
            baseUrl: server.url,
            auth: { type: 'bearer', token: { env: ENV } },
          },
        ],
        suites: [{ kind: 'http-load', target: 'api', requests: [{ path: '/' }], amount: 3 }],
      }),
    )
    const r = await runCli(['run', file, '--db', join(dir, 'own.db')], { [ENV]: 'own-value' })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(new RegExp(`this plan will:[\\s\\S]*environment variable ${ENV}`))
  }, 60_000)
})
