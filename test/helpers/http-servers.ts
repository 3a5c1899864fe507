import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { execFileSync, fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * HTTP servers whose behaviour a test controls exactly: a known delay, a deterministic error
 * rate, a known body size, a concurrency limit. They listen on 127.0.0.1, port 0.
 */
export interface ServerOptions {
  /** delay before answering, in ms; a function of the 1-based request number for stalls */
  delayMs?: number | ((requestNo: number) => number)
  /**
   * Fraction of requests answered with `errorStatus`, spread evenly and deterministically:
   * 0.1 fails requests 10, 20, 30, …; 0.25 fails 4, 8, 12, …
   */
  errorRate?: number
  /** status of the error answers (default 500) */
  errorStatus?: number
  /** status of the normal answers (default 200) */
  status?: number
  /** size of the response body in bytes (default 2: "ok") */
  bodyBytes?: number
  /**
   * At most this many requests are served at once; the others wait in a FIFO queue
   * (a server that saturates: latency grows with load beyond the limit).
   */
  concurrencyLimit?: number
  /** extra response headers */
  headers?: Record<string, string>
  /** serve HTTPS with this key and certificate (PEM) */
  tls?: { key: string; cert: string }
}

export interface ServerStats {
  /** requests received (including those still queued or in flight) */
  requests: number
  /** answers sent */
  answered: number
  /** answers sent with the error status */
  errorsSent: number
  inFlight: number
  maxInFlight: number
  queued: number
  maxQueued: number
  /** requests per "METHOD path" */
  byRoute: Record<string, number>
  /** headers of the last request received */
  lastHeaders: IncomingHttpHeaders | null
  /** body of the last request received */
  lastBody: string
}

export interface TestServer {
  url: string
  port: number
  close(): Promise<void>
  stats(): ServerStats
}

/** Whether request number `n` (1-based) is one of the deterministic failures for `rate`. */
export function isErrorRequest(n: number, rate: number): boolean {
  if (rate <= 0) return false
  return Math.floor(n * rate + 1e-9) > Math.floor((n - 1) * rate + 1e-9)
}

export async function startServer(opts: ServerOptions = {}): Promise<TestServer> {
  const status = opts.status ?? 200
  const errorStatus = opts.errorStatus ?? 500
  const errorRate = opts.errorRate ?? 0
  const body = opts.bodyBytes === undefined ? Buffer.from('ok') : Buffer.alloc(opts.bodyBytes, 'x')
  const delayOf =
    typeof opts.delayMs === 'function'
      ? opts.delayMs
      : (): number => (opts.delayMs as number | undefined) ?? 0
  const limit = opts.concurrencyLimit ?? Infinity

  const s: ServerStats = {
    requests: 0,
    answered: 0,
    errorsSent: 0,
    inFlight: 0,
    maxInFlight: 0,
    queued: 0,
    maxQueued: 0,
    byRoute: {},
    lastHeaders: null,
    lastBody: '',
  }
  const queue: (() => void)[] = []

  const serve = (n: number, res: ServerResponse): void => {
    s.inFlight++
    s.maxInFlight = Math.max(s.maxInFlight, s.inFlight)
    const answer = (): void => {
      const failed = isErrorRequest(n, errorRate)
      if (failed) s.errorsSent++
      res.writeHead(failed ? errorStatus : status, {
        'content-type': 'text/plain',
        'content-length': String(body.length),
        ...opts.headers,
      })
      res.end(body)
      s.answered++
      s.inFlight--
      const next = queue.shift()
      if (next) {
        s.queued--
        next()
      }
    }
    const delay = delayOf(n)
    if (delay > 0) setTimeout(answer, delay)
    else answer()
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const n = ++s.requests
    const route = `${req.method ?? '?'} ${req.url ?? '?'}`
    s.byRoute[route] = (s.byRoute[route] ?? 0) + 1
    s.lastHeaders = req.headers
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      s.lastBody = Buffer.concat(chunks).toString('utf8')
      if (s.inFlight < limit) serve(n, res)
      else {
        queue.push(() => serve(n, res))
        s.queued++
        s.maxQueued = Math.max(s.maxQueued, s.queued)
      }
    })
  }

  const server: Server = opts.tls
    ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, handler)
    : createHttpServer(handler)
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`

  let closed = false
  return {
    url,
    port,
    stats: () => ({ ...s, byRoute: { ...s.byRoute } }),
    close: async () => {
      if (closed) return
      closed = true
      queue.length = 0
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = createHttpServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A throw-away self-signed certificate for 127.0.0.1 (needs the openssl CLI). */
export function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'perfdesk-cert-'))
  try {
    const key = join(dir, 'key.pem')
    const cert = join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      // prettier-ignore
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-keyout', key, '-out', cert],
      { stdio: 'ignore' },
    )
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export interface ProcessTestServer {
  url: string
  port: number
  pid: number
  close(): Promise<void>
  stats(): Promise<ServerStats>
}

/**
 * The same server in a child process (through tsx), so that the load generator and the server
 * do not share one event loop: on a busy machine the in-process server's timers wait behind
 * the generator's work and the other way round. Options must be JSON (a number for delayMs).
 */
export async function startServerProcess(
  opts: Omit<ServerOptions, 'delayMs'> & { delayMs?: number } = {},
): Promise<ProcessTestServer> {
  const here = dirname(fileURLToPath(import.meta.url))
  const child = fork(join(here, 'http-server-child.ts'), [JSON.stringify(opts)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the test server process did not start in 20 s')),
      20_000,
    )
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`the test server process exited with code ${code}`)),
    )
    child.on('message', (m: { type: string; url: string; port: number }) => {
      if (m.type !== 'ready') return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      resolve({ url: m.url, port: m.port })
    })
  })
  let nextId = 0
  let closed = false
  return {
    ...ready,
    pid: child.pid ?? -1,
    stats: () =>
      new Promise((resolve) => {
        const id = ++nextId
        const onMessage = (m: { type: string; id: number; stats: ServerStats }): void => {
          if (m.type !== 'stats' || m.id !== id) return
          child.off('message', onMessage)
          resolve(m.stats)
        }
        child.on('message', onMessage)
        child.send({ type: 'stats', id })
      }),
    close: async () => {
      if (closed || child.exitCode !== null) return
      closed = true
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.send({ type: 'close' })
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    },
  }
}
