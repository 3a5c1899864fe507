import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface DemoServer {
  url: string
  close(): Promise<void>
}

/** The endpoints the demo server lists at `/` and the demo plan loads, in that order. */
export const DEMO_ENDPOINTS = ['/fast', '/slow', '/flaky'] as const

/**
 * The built-in demo target: an HTTP API on 127.0.0.1 with a fast endpoint, a slow one and a
 * flaky one, so a first run shows real numbers, a threshold and findings without any setup.
 */
export function startDemoServer(port = 0): Promise<DemoServer> {
  let flakyCount = 0
  const items = JSON.stringify(
    Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: `item ${i + 1}`, price: 9.5 + i })),
  )
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const json = (status: number, body: string): void => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      })
      res.end(body)
    }
    switch (path) {
      case '/fast':
      case '/items':
        return json(200, items)
      case '/slow':
        // 40–120 ms, like a query that misses its cache
        return void setTimeout(() => json(200, '{"report":"ready"}'), 40 + Math.random() * 80)
      case '/flaky': {
        flakyCount++
        if (flakyCount % 12 === 0) return json(503, '{"error":"upstream unavailable"}')
        if (flakyCount % 25 === 0) return void setTimeout(() => json(200, '{"ok":true}'), 300)
        return json(200, '{"ok":true}')
      }
      case '/':
        return json(200, JSON.stringify({ name: 'PerfDesk demo API', endpoints: DEMO_ENDPOINTS }))
      default:
        return json(404, '{"error":"not found"}')
    }
  })
  server.keepAliveTimeout = 30_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${p}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections()
            server.close(() => r())
          }),
      })
    })
  })
}
