import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { randomBytes } from 'node:crypto'

/**
 * A test server with routes whose behaviour the scenario tests control: per-route delays,
 * a route that answers a wrong body one time in five (a server-side counter), a login that
 * issues random tokens bound to the connection, and a record of every path it saw.
 */
export interface RoutedServer {
  url: string
  /** every request's path, in arrival order */
  paths: string[]
  /** answers to requests that carried no token, or one not issued on their connection */
  unauthorised: number
  /** requests that carried a token issued on their connection */
  authorised: number
  close(): Promise<void>
}

export async function startRoutedServer(
  delays: Record<string, number> = {},
): Promise<RoutedServer> {
  const tokens = new WeakMap<Socket, Set<string>>()
  let flaky = 0
  const s: RoutedServer = {
    url: '',
    paths: [],
    unauthorised: 0,
    authorised: 0,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
  const send = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(body)
  }
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url ?? '/'
    s.paths.push(path)
    const route = path.split('?')[0]!.split('/').slice(0, 2).join('/')
    if (route === '/login') {
      const token = randomBytes(12).toString('hex')
      const mine = tokens.get(req.socket) ?? new Set<string>()
      mine.add(token)
      tokens.set(req.socket, mine)
      return send(res, 200, JSON.stringify({ token }))
    }
    if (route === '/orders') {
      const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
      if (!m || !tokens.get(req.socket)?.has(m[1]!)) {
        s.unauthorised++
        return send(res, 401, '{"error":"unauthorised"}')
      }
      s.authorised++
      return send(res, 200, '{"orders":[{"id":1}]}')
    }
    if (route === '/flaky') {
      // every fifth answer is wrong, whatever the order requests come in
      flaky++
      return send(res, 200, flaky % 5 === 0 ? '{"ok":false}' : '{"ok":true,"items":[{"id":7}]}')
    }
    setTimeout(() => send(res, 200, '{"ok":true}'), delays[route] ?? 0)
  }
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => handle(req, res))
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return s
}
