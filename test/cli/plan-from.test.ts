import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../helpers/http-servers'
import { runCli } from './run-cli'

const HAR = fileURLToPath(new URL('../fixtures/import/shop.chromium.har', import.meta.url))
const TOKEN = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2VjcmV0LXNpZ25hdHVyZQ'
const COOKIE = 'sessionid=s3cr3t-sess-9f8e7d; csrftoken=Q1w2E3r4T5y6'

let dir: string
let server: TestServer
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-plan-from-'))
  // answers every path of the HAR (any path: 200 "ok") and counts them by method and path
  server = await startServer({ delayMs: 1 })
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('perfdesk plan from', () => {
  it('turns a browser HAR into a plan that runs against the base URL, credentials from the environment', async () => {
    const out = join(dir, 'shop.perfdesk.json')
    const made = await runCli(['plan', 'from', HAR, '--base-url', server.url, '--out', out])
    expect(made.stderr).toContain('perfdesk plan: HAR')
    expect(made.code).toBe(0)
    expect(made.stdout).toBe('')
    expect(made.stderr).toContain('6 requests kept (8 before merging duplicates)')
    expect(made.stderr).toContain('dropped 6: static assets')
    expect(made.stderr).toContain('dropped 1: other origins')
    expect(made.stderr).toContain('export PERFDESK_AUTHORIZATION=')
    expect(made.stderr).toContain('export PERFDESK_COOKIE=')
    // the value is never printed nor written
    const text = readFileSync(out, 'utf8')
    for (const secret of ['eyJhbGci', 's3cr3t', 'Q1w2E3r4T5y6']) {
      expect(text).not.toContain(secret)
      expect(made.stderr).not.toContain(secret)
    }

    // the suite is 30 s by default; this test runs it for 2 s
    const plan = JSON.parse(text) as { suites: { durationSec: number }[] }
    plan.suites[0]!.durationSec = 2
    writeFileSync(out, JSON.stringify(plan))
    const db = join(dir, 'history.db')
    const run = await runCli(['run', out, '--db', db, '--quiet'], {
      PERFDESK_AUTHORIZATION: TOKEN,
      PERFDESK_COOKIE: COOKIE,
    })
    expect(run.stderr).not.toContain('not valid')
    expect(run.code).toBe(0)

    const seen = server.stats()
    for (const route of [
      'GET /',
      'GET /api/session',
      'GET /api/products?page=1&sort=popular',
      'GET /api/products/42',
      'POST /api/cart/items',
      'GET /api/cart',
    ])
      expect(seen.byRoute[route], route).toBeGreaterThan(0)
    // nothing else: no assets, no other origin's paths
    expect(Object.keys(seen.byRoute).sort()).toHaveLength(6)
    expect(seen.lastHeaders?.authorization).toBe(TOKEN)
    expect(seen.lastHeaders?.cookie).toBe(COOKIE)
  })

  it('without the environment variable the run is refused before any load, naming it', async () => {
    const out = join(dir, 'noenv.perfdesk.json')
    expect((await runCli(['plan', 'from', HAR, '--base-url', server.url, '--out', out])).code).toBe(
      0,
    )
    const before = server.stats().requests
    // PERFDESK_AUTHORIZATION and PERFDESK_COOKIE are not set in this process
    const refused = await runCli(['run', out, '--db', join(dir, 'h2.db'), '--quiet'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('environment variable PERFDESK_AUTHORIZATION is not set')
    expect(server.stats().requests).toBe(before)
  })

  it('prints the plan on stdout without --out; refuses a file it does not know, naming it', async () => {
    const r = await runCli(['plan', 'from', HAR])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      targets: [{ baseUrl: 'https://shop.example.com' }],
    })
    const bad = join(dir, 'notes.txt')
    writeFileSync(bad, 'just some notes\n')
    const refused = await runCli(['plan', 'from', bad])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`perfdesk plan: ${bad}: not a file PerfDesk imports; expected`)
  })
})
