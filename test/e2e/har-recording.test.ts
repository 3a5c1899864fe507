import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../cli/run-cli'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium'

// A HAR recorded by Chromium itself (not a hand-written fixture): a page with assets and API calls,
// turned into a plan by `perfdesk plan from`, then run against the same server.
const TOKEN = 'Bearer rec-7f3a9c2e1d-secret'
const PAGE = `<!doctype html><html><head><link rel="stylesheet" href="/app.css"></head>
<body><img src="/logo.svg" alt=""><script src="/app.js"></script></body></html>`
const SCRIPT = `(async () => {
  const auth = { Authorization: '${TOKEN}' }
  await fetch('/api/items?page=1', { headers: auth })
  await fetch('/api/items?page=1', { headers: auth })
  await fetch('/api/cart', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ sku: 'A-1', qty: 2 }) })
  document.title = 'done'
})()`

let dir: string
let server: Server
let url: string
const seen: { method: string; path: string; auth?: string; body: string }[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-har-'))
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      const path = req.url ?? '/'
      seen.push({ method: req.method ?? '', path, auth: req.headers.authorization, body })
      const type = path.endsWith('.css')
        ? 'text/css'
        : path.endsWith('.js')
          ? 'text/javascript'
          : path.endsWith('.svg')
            ? 'image/svg+xml'
            : path.startsWith('/api/')
              ? 'application/json'
              : 'text/html'
      const text =
        path === '/'
          ? PAGE
          : path === '/app.js'
            ? SCRIPT
            : path.endsWith('.svg')
              ? '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
              : path.startsWith('/api/')
                ? '{"ok":true}'
                : 'body{}'
      res.writeHead(200, { 'content-type': type })
      res.end(text)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
  rmSync(dir, { recursive: true, force: true })
})

describe('a HAR exported by Chromium', () => {
  it('becomes a plan that runs: API calls kept, assets dropped, the token from the environment', async () => {
    const har = join(dir, 'recorded.har')
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
    })
    try {
      const context = await browser.newContext({ recordHar: { path: har } })
      const page = await context.newPage()
      await page.goto(url)
      await page.waitForFunction(() => document.title === 'done', null, { timeout: 20_000 })
      await context.close() // writes the HAR
    } finally {
      await browser.close()
    }
    const recorded = JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: unknown[] } }
    expect(recorded.log.entries.length).toBeGreaterThanOrEqual(6)

    const planFile = join(dir, 'recorded.perfdesk.json')
    const made = await runCli(['plan', 'from', har, '--base-url', url, '--out', planFile])
    expect(made.code).toBe(0)
    expect(made.stderr).toContain('export PERFDESK_AUTHORIZATION=')
    const text = readFileSync(planFile, 'utf8')
    expect(text).not.toContain('rec-7f3a9c2e1d')
    const plan = JSON.parse(text) as {
      suites: { durationSec: number; requests: { method: string; path: string }[] }[]
    }
    const paths = plan.suites[0]!.requests.map((r) => `${r.method} ${r.path}`).sort()
    // the page itself is a document, not an API call; the stylesheet, script and image are assets
    expect(paths).toContain('GET /api/items?page=1')
    expect(paths).toContain('POST /api/cart')
    expect(paths.some((p) => /\.(css|js|svg)$/.test(p))).toBe(false)

    plan.suites[0]!.durationSec = 2
    writeFileSync(planFile, JSON.stringify(plan))
    seen.length = 0
    const run = await runCli(['run', planFile, '--db', join(dir, 'h.db'), '--quiet'], {
      PERFDESK_AUTHORIZATION: TOKEN,
    })
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/)
    expect(run.code).toBe(0)
    const api = seen.filter((s) => s.path.startsWith('/api/'))
    expect(api.length).toBeGreaterThan(50)
    expect(api.every((s) => s.auth === TOKEN)).toBe(true)
    const carts = api.filter((s) => s.method === 'POST')
    expect(carts.length).toBeGreaterThan(0)
    expect(JSON.parse(carts[0]!.body)).toEqual({ sku: 'A-1', qty: 2 })
    expect(seen.some((s) => /\.(css|js|svg)$/.test(s.path))).toBe(false)
  }, 90_000)
})
