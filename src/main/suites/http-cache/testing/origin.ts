import { createServer, request } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'

/**
 * Test servers whose caching behaviour the tests control: one route per behaviour, a small
 * site to crawl, content that changes a known time after a trigger, and a caching proxy that
 * plays a CDN edge (X-Cache MISS, then HIT with Age).
 */

export interface Running {
  url: string
  port: number
  close(): Promise<void>
}

async function listen(server: Server): Promise<Running> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

/** A fixed Date so that heuristic lifetimes are exact: Date − Last-Modified = 10 days. */
export const FIXED_DATE = new Date('2026-01-10T12:00:00Z')
export const TEN_DAYS_BEFORE = new Date(FIXED_DATE.getTime() - 10 * 86_400_000)

const JS = `/* app */\n${'export function f(x) { return x * 2 }\n'.repeat(80)}`
const JSON_BODY = JSON.stringify({
  items: Array.from({ length: 120 }, (_, i) => ({ id: i, name: `item ${i}` })),
})
const PNG = Buffer.alloc(2048, 7)

/** Sets the headers, in order, and sends the body. */
function reply(res: ServerResponse, headers: Record<string, string>, body: string | Buffer): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.end(body)
}

function gzipped(req: IncomingMessage, res: ServerResponse, body: string): void {
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.setHeader('content-encoding', 'gzip')
    res.setHeader('vary', 'Accept-Encoding')
    res.end(gzipSync(body))
  } else res.end(body)
}

/** 304 when If-None-Match matches; true when it answered. */
function notModified(req: IncomingMessage, res: ServerResponse, etag: string): boolean {
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304
    res.setHeader('etag', etag)
    res.end()
    return true
  }
  return false
}

export const BEHAVIOURS = {
  immutable: '/assets/app.3f9a1c2b7d.js',
  noCacheEtag: '/no-cache-etag',
  privateCookie: '/private-cookie',
  brokenRevalidation: '/broken-revalidation',
  noHeaders: '/no-headers',
  cdn: '/cdn/page',
  varyStar: '/vary-star',
  noStore: '/static/logo.png',
  sharedCookie: '/shared-cookie',
  bigJson: '/api/items',
  longHtml: '/long.html',
} as const

/** The behaviours that are one fixed answer, whatever the request: its headers and body. */
const FIXED: Partial<Record<string, [headers: Record<string, string>, body: string | Buffer]>> = {
  [BEHAVIOURS.privateCookie]: [
    {
      'content-type': 'text/plain',
      'cache-control': 'private, max-age=60',
      'set-cookie': 'session=abc123; HttpOnly',
    },
    'your account',
  ],
  // a validator, but conditional requests are ignored: always the full body
  [BEHAVIOURS.brokenRevalidation]: [
    { 'content-type': 'text/plain', 'cache-control': 'no-cache', etag: '"always-the-same"' },
    'x'.repeat(500),
  ],
  [BEHAVIOURS.cdn]: [
    { 'content-type': 'text/plain', 'cache-control': 'public, max-age=60, s-maxage=300' },
    'through the edge',
  ],
  [BEHAVIOURS.varyStar]: [
    { 'content-type': 'text/plain', 'cache-control': 'max-age=600', vary: '*' },
    'varies on everything',
  ],
  [BEHAVIOURS.noStore]: [{ 'content-type': 'image/png', 'cache-control': 'no-store' }, PNG],
  [BEHAVIOURS.sharedCookie]: [
    {
      'content-type': 'text/plain',
      'cache-control': 'public, max-age=300',
      'set-cookie': 'session=leaks; Path=/',
    },
    'cached with a cookie',
  ],
  [BEHAVIOURS.bigJson]: [
    { 'content-type': 'application/json', 'cache-control': 'no-store' },
    JSON_BODY,
  ],
  [BEHAVIOURS.longHtml]: [
    { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=86400' },
    '<!doctype html><title>long</title><p>cached a day</p>',
  ],
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0]
  const fixed = FIXED[path ?? '']
  if (fixed) return reply(res, ...fixed)
  switch (path) {
    case BEHAVIOURS.immutable: {
      res.setHeader('content-type', 'application/javascript')
      res.setHeader('cache-control', 'public, max-age=31536000, immutable')
      if (notModified(req, res, '"app-1"')) return
      res.setHeader('etag', '"app-1"')
      return gzipped(req, res, JS)
    }
    case BEHAVIOURS.noCacheEtag: {
      res.setHeader('content-type', 'text/plain')
      res.setHeader('cache-control', 'no-cache')
      if (notModified(req, res, '"nc-7"')) return
      res.setHeader('etag', '"nc-7"')
      return void res.end('fresh each time, cheap to revalidate')
    }
    case BEHAVIOURS.noHeaders:
      // nothing about caching but Last-Modified: a cache must guess (10 % of 10 days = 1 day)
      res.sendDate = false
      return reply(
        res,
        {
          date: FIXED_DATE.toUTCString(),
          'last-modified': TEN_DAYS_BEFORE.toUTCString(),
          'content-type': 'text/plain',
        },
        'plain',
      )
  }
  res.statusCode = 404
  res.end('not found')
}

const PAGE = (body: string): string =>
  `<!doctype html><html><head><link rel="stylesheet" href="/site/style.css"><link rel="preconnect" href="https://fonts.example.com"></head><body>${body}</body></html>`

/** A small site: two linked pages and one reached from the second, with shared and own assets. */
export const SITE: Record<string, { type: string; body: string }> = {
  '/site/': {
    type: 'text/html',
    body: PAGE(
      `<a href="about.html">About</a> <a href="#top">top</a> <a href="mailto:a@b.c">mail</a>
       <a href="http://example.com/elsewhere">elsewhere</a>
       <!-- <a href="/site/commented.html">not a link</a> -->
       <script src="/site/app.1a2b3c4d5e.js"></script>
       <img src="img/logo.png" srcset="img/logo@2x.png 2x, img/logo.png 1x">`,
    ),
  },
  '/site/about.html': {
    type: 'text/html',
    body: PAGE(
      `<a href="/site/">home</a> <a href='/site/contact.html?from=about#form'>contact</a>`,
    ),
  },
  '/site/contact.html?from=about': {
    type: 'text/html',
    body: PAGE('<img src="/site/img/map.png">'),
  },
  '/site/style.css': { type: 'text/css', body: 'body { color: #333 }' },
  '/site/app.1a2b3c4d5e.js': { type: 'application/javascript', body: 'console.log(1)' },
  '/site/img/logo.png': { type: 'image/png', body: 'png' },
  '/site/img/logo@2x.png': { type: 'image/png', body: 'png2' },
  '/site/img/map.png': { type: 'image/png', body: 'map' },
}

export function startOrigin(): Promise<Running> {
  return listen(
    createServer((req, res) => {
      const full = req.url ?? '/'
      const page = SITE[full]
      if (page) {
        return reply(
          res,
          { 'content-type': page.type, 'cache-control': 'public, max-age=300' },
          page.body,
        )
      }
      route(req, res)
    }),
  )
}

/**
 * Content that changes `delayMs` after `POST /publish` arrives: GET /content says "v1" until
 * then, "v2" after. `triggeredAt()` is the server's receipt time (performance.now()).
 */
export async function startChangingServer(
  delayMs: number,
): Promise<Running & { triggeredAt(): number | null }> {
  let at: number | null = null
  const running = await listen(
    createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/publish') {
        at = performance.now()
        res.statusCode = 202
        return void res.end('accepted')
      }
      if (req.url === '/content') {
        res.setHeader('content-type', 'text/plain')
        res.setHeader('cache-control', 'public, max-age=1')
        const fresh = at !== null && performance.now() - at >= delayMs
        return void res.end(fresh ? 'v2' : 'v1')
      }
      res.statusCode = 404
      res.end()
    }),
  )
  return { ...running, triggeredAt: () => at }
}

/**
 * A CDN edge in front of `originPort`: stores GET 200 responses whose Cache-Control allows a
 * shared cache (s-maxage or max-age, not private/no-store), answers MISS the first time and
 * HIT with Age afterwards until the lifetime ends (304 to a matching If-None-Match).
 */
export function startEdge(originPort: number): Promise<Running> {
  const store = new Map<
    string,
    { at: number; ttl: number; status: number; headers: Record<string, string>; body: Buffer }
  >()
  return listen(
    createServer((req, res) => {
      const key = req.url ?? '/'
      const hit = req.method === 'GET' ? store.get(key) : undefined
      const age = hit ? Math.floor((Date.now() - hit.at) / 1000) : 0
      if (hit && age < hit.ttl) {
        const etag = hit.headers.etag
        if (etag !== undefined && req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag, 'x-cache': 'HIT', age: String(age) })
          return void res.end()
        }
        res.writeHead(hit.status, { ...hit.headers, 'x-cache': 'HIT', age: String(age) })
        return void res.end(hit.body)
      }
      const up = request(
        {
          host: '127.0.0.1',
          port: originPort,
          path: key,
          method: req.method,
          headers: req.headers,
        },
        (o) => {
          const chunks: Buffer[] = []
          o.on('data', (c: Buffer) => chunks.push(c))
          o.on('end', () => {
            const body = Buffer.concat(chunks)
            const headers: Record<string, string> = {}
            for (const [k, v] of Object.entries(o.headers))
              if (v !== undefined && k !== 'connection' && k !== 'transfer-encoding')
                headers[k] = Array.isArray(v) ? v.join(', ') : v
            const cc = headers['cache-control'] ?? ''
            const m = /s-maxage=(\d+)/.exec(cc) ?? /max-age=(\d+)/.exec(cc)
            if (req.method === 'GET' && o.statusCode === 200 && m && !/private|no-store/.test(cc))
              store.set(key, { at: Date.now(), ttl: Number(m[1]), status: 200, headers, body })
            res.writeHead(o.statusCode ?? 502, { ...headers, 'x-cache': 'MISS' })
            res.end(body)
          })
        },
      )
      up.on('error', () => {
        res.statusCode = 502
        res.end()
      })
      req.pipe(up)
    }),
  )
}
