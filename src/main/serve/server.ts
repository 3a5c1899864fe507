import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import {
  WireCallSchema,
  type ConnectionTestResult,
  type ExportedFile,
  type RunEvent,
  type RunResult,
  type ServerMessage,
  type Target,
} from '@shared/index'
import { createApi, defaultRunExporter, type ApiEngine, type ApiSecrets } from '../api'
import type { ExportFormat } from '../api/export'
import { toApiError } from '../api/errors'
import { MemorySecretBox } from '../secrets'
import type { HistoryStore } from '../store/types'
import { testTarget as defaultTestTarget } from '../targets'
import {
  allowedHosts,
  allowedOrigins,
  cookieName,
  cookieValue,
  newToken,
  tokensEqual,
} from './auth'
import { locateRendererDir, resolveStaticPath, sendFile } from './static-files'

export const SERVE_HOST = '127.0.0.1'

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' ws://127.0.0.1:*",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

export interface ServeOptions {
  /** 0 (the default) picks a free port */
  port?: number
  store: HistoryStore
  engine: ApiEngine
  /** the same box the engine looks secrets up in; a memory box when not given */
  secrets?: ApiSecrets
  testTarget?: (target: Target) => Promise<ConnectionTestResult>
  exportRun?: (run: RunResult, format: ExportFormat) => Promise<ExportedFile>
  version?: string
  /** the built renderer; found next to the bundle or in out/renderer when not given */
  staticDir?: string
  /** a fixed token (tests); a random 32-byte one when not given */
  token?: string
  log?: (message: string) => void
}

export interface ServeHandle {
  /** open this in a browser: it carries the token */
  url: string
  token: string
  port: number
  close(): Promise<void>
}

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024

/**
 * `perfdesk serve`: the renderer and the API for a browser on this machine only. Bound to
 * 127.0.0.1; every request and the WebSocket need the random token (from the URL, then a
 * cookie); the WebSocket also checks that the page asking is our own (Origin).
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const root = options.staticDir ? resolve(options.staticDir) : locateRendererDir()
  if (!root) {
    throw new Error(
      'the PerfDesk UI is not built (out/renderer/index.html is missing); run "npm run build" first',
    )
  }
  const token = options.token ?? newToken()
  const log = options.log ?? (() => {})
  const api = createApi({
    engine: options.engine,
    store: options.store,
    secrets: options.secrets ?? new MemorySecretBox(),
    testTarget: options.testTarget ?? defaultTestTarget,
    exportRun: options.exportRun ?? defaultRunExporter(),
    mode: 'browser',
    version: options.version ?? '0.0.0',
  })

  let port = 0
  const hostOk = (req: IncomingMessage): boolean => allowedHosts(port).has(req.headers.host ?? '')
  const tokenOf = (req: IncomingMessage, url: URL): string | null =>
    url.searchParams.get('token') ?? cookieValue(req, cookieName(port))

  const server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500
      res.end()
    })
  })

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (!hostOk(req) || !tokensEqual(tokenOf(req, url), token)) {
      return plain(
        res,
        403,
        'Forbidden: open the address that "perfdesk serve" printed (it carries the token).',
      )
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return plain(res, 405, 'Method not allowed')
    }
    // The page's own requests (scripts, styles) carry no token in their URL: a cookie, scoped
    // to this port's name, carries it for them.
    if (url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`)
    }
    const file = await resolveStaticPath(root!, url.pathname)
    if (!file) return plain(res, 404, 'Not found')
    sendFile(req, res, file, (await stat(file)).size)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  server.on('upgrade', (req, socket: Socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const origin = req.headers.origin ?? ''
    const ok =
      url.pathname === '/ws' &&
      hostOk(req) &&
      allowedOrigins(port).has(origin) &&
      tokensEqual(tokenOf(req, url), token)
    if (!ok) {
      log(`refused a WebSocket from origin "${origin || 'none'}"`)
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws))
  })

  const clients = new Set<WebSocket>()
  const unsubscribe = api.onRunEvent((event: RunEvent) => {
    const data = JSON.stringify({ event } satisfies ServerMessage)
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(data)
  })

  function onConnection(ws: WebSocket): void {
    clients.add(ws)
    ws.on('close', () => clients.delete(ws))
    ws.on('error', () => clients.delete(ws))
    ws.on('message', (raw, isBinary) => {
      void answer(ws, isBinary ? null : raw.toString())
    })
  }

  async function answer(ws: WebSocket, text: string | null): Promise<void> {
    let reply: ServerMessage
    let json: unknown
    try {
      json = text === null ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    const parsed = WireCallSchema.safeParse(json)
    if (!parsed.success) {
      const id = extractId(json)
      reply = { id, ok: false, error: toApiError(parsed.error) }
    } else {
      const { id, method, input } = parsed.data
      const r = await api.respond(method, input)
      reply = { id, ...r }
    }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply))
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, SERVE_HOST, () => {
      server.off('error', reject)
      resolveListen()
    })
  })
  port = (server.address() as AddressInfo).port
  log(`serving ${join(root, 'index.html')} on http://${SERVE_HOST}:${port}`)

  let closed: Promise<void> | null = null
  return {
    url: `http://${SERVE_HOST}:${port}/?token=${token}`,
    token,
    port,
    close() {
      closed ??= new Promise<void>((done) => {
        unsubscribe()
        for (const ws of clients) ws.terminate()
        wss.close()
        server.close(() => done())
        server.closeAllConnections()
      })
      return closed
    },
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(text)
}

function extractId(json: unknown): number | string | null {
  if (json && typeof json === 'object' && 'id' in json) {
    const id = (json as { id: unknown }).id
    if (typeof id === 'number' || (typeof id === 'string' && id.length <= 64)) return id
  }
  return null
}
