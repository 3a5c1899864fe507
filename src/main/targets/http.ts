import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { ClientRequest, IncomingMessage } from 'node:http'
import { connect as netConnect, isIP } from 'node:net'
import type { Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import type { TLSSocket } from 'node:tls'
import type { ConnectionTestResult, HttpTarget, Secret } from '@shared/index'

/**
 * The HTTP target outside of any suite: its headers and credentials, the "Test connection"
 * button, and the plain-language messages for network errors that suites reuse.
 */

/** The text of a secret; the engine resolves secrets before a suite runs, env refs are a fallback. */
export function secretText(secret: Secret, field: string): string {
  if (typeof secret === 'string') return secret
  if ('env' in secret) {
    const v = process.env[secret.env]
    if (v === undefined) {
      throw new Error(
        `${field}: environment variable ${secret.env} is not set; export it or write the value`,
      )
    }
    return v
  }
  throw new Error(
    `${field}: the stored secret could not be read on this machine; enter it again in the target`,
  )
}

/** Target headers plus the Authorization header its `auth` implies. */
export function targetHeaders(target: HttpTarget): Record<string, string> {
  const headers: Record<string, string> = { ...target.headers }
  const hasAuthHeader = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')
  if (target.auth && !hasAuthHeader) {
    if (target.auth.type === 'bearer') {
      headers.Authorization = `Bearer ${secretText(target.auth.token, 'auth.token')}`
    } else {
      const password = secretText(target.auth.password, 'auth.password')
      const encoded = Buffer.from(`${target.auth.username}:${password}`).toString('base64')
      headers.Authorization = `Basic ${encoded}`
    }
  }
  return headers
}

/** `http://host:port`, as users write it (no trailing slash). */
export function originOf(url: URL | string): string {
  const u = typeof url === 'string' ? new URL(url) : url
  return `${u.protocol}//${u.host}`
}

/** The base URL's path prefix joined with a request path: /v1 + /items?x=1 → /v1/items?x=1. */
export function joinPath(baseUrl: string, path: string): string {
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '')
  return `${prefix}${path}`
}

const TLS_HINTS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is not signed by a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate issuer is not trusted on this machine',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name this host',
}

/** One plain sentence for a network-level failure, naming the URL and what to check. */
export function describeNetworkError(err: unknown, url: string, timeoutMs?: number): string {
  const e = err as NodeJS.ErrnoException & { reason?: string }
  const code = e?.code ?? ''
  const origin = originOf(url)
  const host = new URL(url).hostname
  if (code === 'ECONNREFUSED') return `connection refused at ${origin} — is the server running?`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return `cannot resolve host "${host}" (DNS lookup failed) — check the base URL and your network`
  }
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT') {
    const within = timeoutMs !== undefined ? ` within ${timeoutMs / 1000} s` : ''
    return `no answer from ${origin}${within} — is the host up, and is a firewall dropping the traffic?`
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return `host unreachable: ${origin} — check the address and the network route`
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return `${origin} reset the connection — if it happens at once, check that the URL scheme (http/https) matches the server`
  }
  if (code in TLS_HINTS) {
    return (
      `TLS error at ${origin}: ${TLS_HINTS[code]} (${code}) — install the CA certificate, or set ` +
      `tls.rejectUnauthorized to false on the target for a test server`
    )
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return `TLS handshake with ${origin} failed (${code}) — does the server speak HTTPS on this port?`
  }
  if (code.startsWith('HPE_')) {
    return `${origin} did not answer with valid HTTP (${code}) — is it an HTTPS port? use https://`
  }
  const msg = e instanceof Error ? e.message : String(err)
  return `request to ${origin} failed: ${msg}${code && !msg.includes(code) ? ` (${code})` : ''}`
}

export type ProbeResult =
  { ok: true; connectMs: number } | { ok: false; code: string; message: string }

/**
 * Opens (and closes) one TCP or TLS connection, honouring tls.rejectUnauthorized: a suite's
 * preflight, so that an unreachable or untrusted target fails clearly before any load.
 */
export function probeConnect(
  target: HttpTarget,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<ProbeResult> {
  const u = new URL(target.baseUrl)
  const secure = u.protocol === 'https:'
  const port = Number(u.port || (secure ? 443 : 80))
  const hostname = u.hostname.replace(/^\[|\]$/g, '')
  const started = performance.now()
  return new Promise((resolve) => {
    let done = false
    let socket: Socket | undefined
    const finish = (r: ProbeResult): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
      socket?.destroy()
      resolve(r)
    }
    const fail = (err: unknown): void => {
      const code = (err as NodeJS.ErrnoException)?.code ?? 'ERROR'
      finish({
        ok: false,
        code,
        message: describeNetworkError(err, target.baseUrl, opts.timeoutMs),
      })
    }
    const onAbort = (): void => finish({ ok: false, code: 'ABORTED', message: 'cancelled' })
    const timer = setTimeout(
      () => fail(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      opts.timeoutMs,
    )
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    const ok = (): void => finish({ ok: true, connectMs: performance.now() - started })
    if (secure) {
      socket = tlsConnect(
        {
          host: hostname,
          port,
          servername: isIP(hostname) ? undefined : hostname,
          rejectUnauthorized: target.tls?.rejectUnauthorized ?? true,
        },
        ok,
      )
    } else {
      socket = netConnect({ host: hostname, port }, ok)
    }
    socket.on('error', fail)
  })
}

const r1 = (v: number): number => Math.round(v * 10) / 10

/**
 * "Test connection": GET the base URL with the target's headers and credentials, within 5 s.
 * Reports the status, the latency (to the end of the body, read up to 64 KiB), the phases,
 * the Server header and, over HTTPS, the negotiated TLS and the certificate.
 */
export function testHttpTarget(
  target: HttpTarget,
  opts: { timeoutMs?: number } = {},
): Promise<ConnectionTestResult> {
  const timeoutMs = opts.timeoutMs ?? 5000
  let headers: Record<string, string>
  let url: URL
  try {
    url = new URL(target.baseUrl)
    headers = targetHeaders(target)
  } catch (err) {
    return Promise.resolve({
      ok: false,
      message: err instanceof Error ? err.message : String(err),
      latencyMs: null,
      details: {},
    })
  }
  const secure = url.protocol === 'https:'
  const started = performance.now()
  const phases: Record<string, number> = {}
  const details: Record<string, string> = { url: url.href }

  return new Promise((resolve) => {
    let done = false
    let req: ClientRequest | undefined
    const finish = (r: ConnectionTestResult): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      req?.destroy()
      resolve(r)
    }
    const failed = (err: unknown): void =>
      finish({
        ok: false,
        message: describeNetworkError(err, target.baseUrl, timeoutMs),
        latencyMs: null,
        details,
      })
    const timer = setTimeout(
      () => failed(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      timeoutMs,
    )
    const requestOpts = {
      method: 'GET',
      headers: { 'user-agent': 'PerfDesk connection test', ...headers },
      agent: false as const,
      rejectUnauthorized: target.tls?.rejectUnauthorized ?? true,
    }
    const onResponse = (res: IncomingMessage): void => {
      phases.firstByte = performance.now() - started
      // read the TLS session now: by the end of the body the socket may be gone
      const tlsSocket = res.socket as TLSSocket | null
      if (secure && tlsSocket && typeof tlsSocket.getProtocol === 'function') {
        details.tlsProtocol = tlsSocket.getProtocol() ?? 'unknown'
        details.tlsCipher = tlsSocket.getCipher()?.name ?? 'unknown'
        const cert = tlsSocket.getPeerCertificate()
        if (cert && cert.subject) {
          details.certSubject = String(cert.subject.CN ?? '')
          details.certIssuer = String(cert.issuer?.CN ?? cert.issuer?.O ?? '')
          details.certValidTo = cert.valid_to
        }
        details.certTrusted = tlsSocket.authorized
          ? 'yes'
          : `no (${String(tlsSocket.authorizationError)})`
      }
      let bytes = 0
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (bytes > 65_536) res.destroy()
      })
      const complete = (): void => {
        const latencyMs = r1(performance.now() - started)
        const status = res.statusCode ?? 0
        details.status = `${status} ${res.statusMessage ?? ''}`.trim()
        details.httpVersion = res.httpVersion
        if (res.headers.server) details.server = String(res.headers.server)
        if (res.headers['content-type']) details.contentType = res.headers['content-type']
        for (const [k, v] of Object.entries(phases)) details[`${k}Ms`] = String(r1(v))
        const reason = `${status} ${res.statusMessage ?? ''}`.trim()
        if (status === 401 || status === 403) {
          finish({
            ok: false,
            message: `reached ${originOf(url)} but it refused the credentials (${reason}) — check the target's auth and headers`,
            latencyMs,
            details,
          })
        } else if (status >= 500) {
          finish({
            ok: false,
            message: `${originOf(url)} answered ${reason} in ${latencyMs} ms — the server reports an error`,
            latencyMs,
            details,
          })
        } else {
          const server = res.headers.server ? ` (${res.headers.server})` : ''
          finish({ ok: true, message: `${reason} in ${latencyMs} ms${server}`, latencyMs, details })
        }
      }
      res.on('end', complete)
      res.on('close', complete)
      res.on('error', failed)
    }
    try {
      req = secure
        ? httpsRequest(url, requestOpts, onResponse)
        : httpRequest(url, requestOpts, onResponse)
    } catch (err) {
      // e.g. a header value with a line break: Node refuses it before sending
      finish({
        ok: false,
        message: `the request could not be built: ${err instanceof Error ? err.message : String(err)}`,
        latencyMs: null,
        details,
      })
      return
    }
    req.on('socket', (socket: Socket) => {
      socket.once('lookup', () => (phases.dns = performance.now() - started))
      socket.once('connect', () => (phases.connect = performance.now() - started))
      socket.once('secureConnect', () => (phases.tls = performance.now() - started))
    })
    req.on('error', failed)
    req.end()
  })
}
