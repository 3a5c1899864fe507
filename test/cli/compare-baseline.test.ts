import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../helpers/http-servers'
import { runCli } from './run-cli'

/**
 * `perfdesk compare` guards like the app (no verdict without a suite in common, a different load
 * said first), and `perfdesk baseline` chooses what `perfdesk run` compares with.
 */
describe('perfdesk compare and perfdesk baseline', () => {
  let dir: string
  let db: string
  let server: TestServer
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perfdesk-cli-baseline-'))
    db = join(dir, 'history.db')
    server = await startServer({ delayMs: 2 })
  })
  afterAll(async () => {
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** one 1 s run against the test server; returns its id and what it printed */
  async function run(name: string, target: string, connections: number) {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`)
    writeFileSync(
      file,
      JSON.stringify({
        name,
        targets: [{ id: target, kind: 'http', baseUrl: server.url }],
        suites: [
          { kind: 'http-load', target, requests: [{ path: '/' }], connections, durationSec: 1 },
        ],
      }),
    )
    const r = await runCli(['run', file, '--db', db, '--quiet'])
    expect(r.code, r.stderr).toBe(0)
    const list = await runCli(['runs', '--db', db, '--json'])
    const id = (JSON.parse(list.stdout) as { id: string }[])[0]!.id
    return { id, stdout: r.stdout }
  }

  it('refuses runs with no suite in common and warns when the load differed', async () => {
    const a = await run('checkout', 'api', 2)
    const b = await run('checkout', 'api', 4)
    const elsewhere = await run('checkout', 'other', 2)

    const none = await runCli(['compare', a.id, elsewhere.id, '--db', db])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no suite in common')
    expect(none.stderr).toContain('http-load on api')
    expect(none.stdout).toBe('')

    const differ = await runCli(['compare', a.id, b.id, '--db', db])
    expect([0, 1]).toContain(differ.code)
    expect(differ.stderr).toContain('warning: the load differed (connections 2 → 4)')
    expect(differ.stdout).toContain('Suite 1')
  }, 120_000)

  it('a chosen baseline is what a renamed run of the same plan and target is compared with', async () => {
    const base = await run('cart', 'cart-api', 2)
    const second = await run('cart', 'cart-api', 2)
    // nothing chosen: the latest finished run stands in, and says so
    expect(second.stdout).toContain(`run ${base.id}, automatic`)

    const set = await runCli(['baseline', 'set', base.id, '--db', db])
    expect(set.code, set.stderr).toBe(0)
    expect(set.stdout).toContain(
      `run ${base.id} is now the baseline of plan "suites:http-load" on cart-api`,
    )

    const renamed = await run('cart, renamed', 'cart-api', 2)
    expect(renamed.stdout).toContain(`Baseline: cart, `)
    expect(renamed.stdout).toContain(`run ${base.id}, chosen`)
    expect(renamed.stdout).toContain(`perfdesk compare ${base.id} ${renamed.id}`)

    const shown = await runCli(['baseline', 'show', renamed.id, '--db', db])
    expect(shown.stdout).toContain(`run ${base.id}, chosen`)
    const cleared = await runCli(['baseline', 'clear', 'suites:http-load', 'cart-api', '--db', db])
    expect(cleared.code).toBe(0)
    expect(cleared.stdout).toContain(`cleared: run ${base.id} is no longer the baseline`)
    const after = await runCli(['baseline', 'show', renamed.id, '--db', db])
    expect(after.stdout).toContain(`run ${second.id}, automatic`)

    const bad = await runCli(['baseline', 'set', 'nope', '--db', db])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('no run "nope"')
  }, 120_000)
})
