import { afterEach, describe, expect, it } from 'vitest'
import type { HttpTarget } from '@shared/index'
import { selfSignedCert, startServer, unusedPort } from '../../../test/helpers/http-servers'
import type { TestServer } from '../../../test/helpers/http-servers'
import { describeNetworkError, joinPath, probeConnect, targetHeaders, testHttpTarget } from './http'

const target = (baseUrl: string, over: Partial<HttpTarget> = {}): HttpTarget => ({
  id: 't',
  kind: 'http',
  baseUrl,
  ...over,
})

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})
async function start(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args)
  servers.push(s)
  return s
}

describe('HTTP target: test connection', () => {
  it('GETs the base URL with the headers and bearer token, and reports status, latency and Server', async () => {
    const s = await start({ delayMs: 30, headers: { server: 'test-server/1.2' } })
    const r = await testHttpTarget(
      target(`${s.url}/health`, {
        headers: { 'x-env': 'ci' },
        auth: { type: 'bearer', token: 'tok' },
      }),
    )
    expect(r.ok).toBe(true)
    expect(r.message).toMatch(/^200 OK in [\d.]+ ms \(test-server\/1\.2\)$/)
    expect(r.latencyMs).toBeGreaterThanOrEqual(30)
    expect(r.latencyMs).toBeLessThan(1000)
    expect(r.details).toMatchObject({
      status: '200 OK',
      server: 'test-server/1.2',
      httpVersion: '1.1',
    })
    expect(Number(r.details.connectMs)).toBeGreaterThan(0)
    const st = s.stats()
    expect(st.byRoute['GET /health']).toBe(1)
    expect(st.lastHeaders?.authorization).toBe('Bearer tok')
    expect(st.lastHeaders?.['x-env']).toBe('ci')
  })

  it('says when the credentials are refused, and when the server fails', async () => {
    const denied = await start({ status: 401 })
    const r = await testHttpTarget(target(denied.url))
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/refused the credentials \(401 Unauthorized\)/)
    const broken = await start({ status: 503 })
    const b = await testHttpTarget(target(broken.url))
    expect(b.ok).toBe(false)
    expect(b.message).toMatch(/answered 503 Service Unavailable/)
  })

  it('names a refused connection and a timeout plainly', async () => {
    const port = await unusedPort()
    const refused = await testHttpTarget(target(`http://127.0.0.1:${port}/x`))
    expect(refused).toMatchObject({
      ok: false,
      latencyMs: null,
      message: `connection refused at http://127.0.0.1:${port} — is the server running?`,
    })
    const slow = await start({ delayMs: 5000 })
    const started = performance.now()
    const timedOut = await testHttpTarget(target(slow.url), { timeoutMs: 300 })
    expect(performance.now() - started).toBeLessThan(1500)
    expect(timedOut.ok).toBe(false)
    expect(timedOut.message).toBe(
      `no answer from ${slow.url} within 0.3 s — is the host up, and is a firewall dropping the traffic?`,
    )
  })

  it('explains DNS failures', () => {
    const err = Object.assign(new Error('getaddrinfo ENOTFOUND api.invalid'), { code: 'ENOTFOUND' })
    expect(describeNetworkError(err, 'https://api.invalid/v1')).toBe(
      'cannot resolve host "api.invalid" (DNS lookup failed) — check the base URL and your network',
    )
  })

  it('rejects a self-signed certificate unless the target allows it, and reports the TLS details', async () => {
    const s = await start({ tls: selfSignedCert() })
    const strict = await testHttpTarget(target(s.url))
    expect(strict.ok).toBe(false)
    expect(strict.message).toMatch(
      /^TLS error at https:\/\/127\.0\.0\.1:\d+: the certificate is self-signed/,
    )
    expect(strict.message).toMatch(/tls\.rejectUnauthorized/)
    const lax = await testHttpTarget(target(s.url, { tls: { rejectUnauthorized: false } }))
    expect(lax.ok).toBe(true)
    expect(lax.details.tlsProtocol).toMatch(/^TLSv1\.[23]$/)
    expect(lax.details.certSubject).toBe('127.0.0.1')
    expect(lax.details.certTrusted).toMatch(/^no \(/)
    // the suites' preflight applies the same rule
    expect((await probeConnect(target(s.url), { timeoutMs: 2000 })).ok).toBe(false)
    expect(
      (
        await probeConnect(target(s.url, { tls: { rejectUnauthorized: false } }), {
          timeoutMs: 2000,
        })
      ).ok,
    ).toBe(true)
  })

  it('says when an HTTP URL points at an HTTPS port', async () => {
    const s = await start({ tls: selfSignedCert() })
    const r = await testHttpTarget(target(s.url.replace('https:', 'http:')))
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/https/)
  })
})

describe('HTTP target: headers and paths', () => {
  it('adds basic auth unless an Authorization header is set', () => {
    const basic = targetHeaders(
      target('http://x', { auth: { type: 'basic', username: 'a', password: 'b' } }),
    )
    expect(basic.Authorization).toBe('Basic YTpi')
    const own = targetHeaders(
      target('http://x', {
        headers: { authorization: 'Token z' },
        auth: { type: 'bearer', token: 't' },
      }),
    )
    expect(own).toEqual({ authorization: 'Token z' })
  })
  it('names an unset environment variable instead of sending an empty token', () => {
    delete process.env.PERFDESK_TEST_UNSET
    expect(() =>
      targetHeaders(
        target('http://x', { auth: { type: 'bearer', token: { env: 'PERFDESK_TEST_UNSET' } } }),
      ),
    ).toThrow('auth.token: environment variable PERFDESK_TEST_UNSET is not set')
  })
  it('joins the base path and the request path', () => {
    expect(joinPath('http://h:1/api/', '/items?x=1')).toBe('/api/items?x=1')
    expect(joinPath('http://h:1', '/')).toBe('/')
  })
})
