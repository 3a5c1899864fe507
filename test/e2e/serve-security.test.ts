import { request } from 'node:http'
import { networkInterfaces } from 'node:os'
import { rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { buildRenderer, startApp, type App } from './harness'
import { ServerMessageSchema } from '../../src/shared/wire'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw request: the path goes out exactly as written (no URL normalisation). */
function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  host = '127.0.0.1',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: 'GET', headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens a WebSocket; resolves with the HTTP status it was refused with, or 101. */
function wsStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', (err) => reject(err))
  })
}

describe('perfdesk serve refuses what is not its own page', () => {
  let staticDir: string
  let app: App
  let port: number
  let token: string
  let origin: string
  let secretFile: string

  beforeAll(async () => {
    staticDir = await buildRenderer()
    // a file beside the served folder, and a link to it inside: neither may be served
    secretFile = join(dirname(staticDir), `perfdesk-secret-${process.pid}.txt`)
    writeFileSync(secretFile, 'TOPSECRET')
    symlinkSync(secretFile, join(staticDir, 'link.txt'))
    app = await startApp(staticDir)
    port = app.serve.port
    token = app.serve.token
    origin = `http://127.0.0.1:${port}`
  })
  afterAll(async () => {
    await app?.close()
    rmSync(staticDir, { recursive: true, force: true })
    rmSync(secretFile, { force: true })
  })

  it('has a 32-byte random token and prints a URL on 127.0.0.1 carrying it', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    expect(app.serve.url).toBe(`http://127.0.0.1:${port}/?token=${token}`)
  })

  it('answers 403 to every HTTP request without the right token', async () => {
    expect((await get(port, '/')).status).toBe(403)
    expect((await get(port, '/index.html')).status).toBe(403)
    expect((await get(port, '/?token=wrong')).status).toBe(403)
    // the right token but its last digit: must differ from the real one, whatever that digit is
    const nearMiss = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0')
    expect((await get(port, `/?token=${nearMiss}`)).status).toBe(403)
    expect((await get(port, '/', { cookie: `perfdesk_token_${port}=nope` })).status).toBe(403)
    // another port's cookie is not this server's
    expect((await get(port, '/', { cookie: `perfdesk_token_1=${token}` })).status).toBe(403)
  })

  it('serves the page with its token, sets a cookie for its assets and sends the CSP', async () => {
    const page = await get(port, `/?token=${token}`)
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:*")
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    const cookie = String(page.headers['set-cookie'])
    expect(cookie).toContain(`perfdesk_token_${port}=${token}`)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')

    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(page.body)?.[1]
    expect(script).toBeTruthy()
    expect((await get(port, `/${script}`)).status).toBe(403)
    const js = await get(port, `/${script}`, { cookie: `perfdesk_token_${port}=${token}` })
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    const css = /href="\.?\/?(assets\/[^"]+\.css)"/.exec(page.body)?.[1]
    const style = await get(port, `/${css}?token=${token}`)
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8')
  })

  it('never serves a file outside its folder', async () => {
    const name = basename(secretFile)
    for (const path of [
      `/../${name}`,
      `/%2e%2e/${name}`,
      `/..%2f${name}`,
      `/assets/..%2f..%2f${name}`,
      `/%2e%2e%5c${name}`,
      `/..%00/${name}`,
      `/${encodeURIComponent(secretFile)}`,
      `//${secretFile}`,
      '/link.txt',
      '/assets',
    ]) {
      const r = await get(port, `${path}?token=${token}`)
      expect(r.status, path).toBe(404)
      expect(r.body).not.toContain('TOPSECRET')
    }
  })

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    expect((await get(port, `/?token=${token}`, { host: `evil.example:${port}` })).status).toBe(403)
  })

  it('accepts the WebSocket only with the token and from its own origin', async () => {
    const ws = `ws://127.0.0.1:${port}/ws`
    expect(await wsStatus(ws, { origin })).toBe(403)
    expect(await wsStatus(`${ws}?token=wrong`, { origin })).toBe(403)
    expect(await wsStatus(`${ws}?token=${token}`, { origin: 'http://evil.example' })).toBe(403)
    expect(await wsStatus(`${ws}?token=${token}`, { origin: `http://127.0.0.1:${port + 1}` })).toBe(
      403,
    )
    expect(await wsStatus(`${ws}?token=${token}`, {})).toBe(403)
    expect(await wsStatus(`${ws}?token=${token}`, { origin })).toBe(101)
    expect(await wsStatus(ws, { origin, cookie: `perfdesk_token_${port}=${token}` })).toBe(101)
  })

  it('answers API calls over the WebSocket, validating every message', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { headers: { origin } })
    await new Promise((r, j) => {
      ws.on('open', r)
      ws.on('error', j)
    })
    const replies: unknown[] = []
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())))
    const next = async (n: number): Promise<void> => {
      await expect.poll(() => replies.length).toBeGreaterThanOrEqual(n)
    }
    ws.send(JSON.stringify({ id: 1, method: 'app.info', input: {} }))
    await next(1)
    expect(replies[0]).toMatchObject({
      id: 1,
      ok: true,
      value: { mode: 'browser', version: 'e2e' },
    })
    ws.send('not json')
    await next(2)
    expect(replies[1]).toMatchObject({ id: null, ok: false, error: { code: 'invalid-input' } })
    ws.send(JSON.stringify({ id: 3, method: 'runs.get', input: { runId: 'nope' } }))
    await next(3)
    expect(replies[2]).toMatchObject({ id: 3, ok: false, error: { code: 'not-found' } })
    ws.send(
      JSON.stringify({
        id: 4,
        method: 'targets.save',
        input: { kind: 'http', id: 'x', baseUrl: 'ftp://x' },
      }),
    )
    await next(4)
    const bad = replies[3] as { error: { problems: { path: string }[]; message: string } }
    expect(bad.error.problems.map((p) => p.path)).toEqual(['baseUrl'])
    expect(bad.error.message).not.toMatch(/at .*\.ts:\d+/)
    ws.send(JSON.stringify({ id: 5, method: 'process.exit', input: {} }))
    await next(5)
    expect(replies[4]).toMatchObject({ id: 5, ok: false, error: { code: 'failed' } })
    // every answer is in the shared envelope the page parses
    for (const r of replies) expect(ServerMessageSchema.parse(r)).toEqual(r)
    ws.close()
  })

  it('listens on 127.0.0.1 only', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address)
    for (const address of others) {
      await expect(get(port, `/?token=${token}`, {}, address)).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      })
    }
    // and not on IPv6 loopback either
    await expect(get(port, `/?token=${token}`, {}, '::1')).rejects.toBeTruthy()
  })
})
