import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nginxInstalled, startNginxCache } from './testing/nginx'
import { runCacheSuite } from './testing/run-suite'

const SLOW_MS = 400
const REPEAT = 4

/** A slow upstream: every answer takes SLOW_MS; /slow is cacheable for a minute, with an ETag. */
const upstream = createServer((req, res) => {
  setTimeout(() => {
    if (req.url === '/slow') {
      res.setHeader('content-type', 'text/plain')
      res.setHeader('cache-control', 'public, max-age=60')
      res.setHeader('etag', '"slow-1"')
      if (req.headers['if-none-match'] === '"slow-1"') {
        res.statusCode = 304
        return void res.end()
      }
      return void res.end('slow but cacheable')
    }
    res.setHeader('content-type', 'text/plain')
    res.setHeader('cache-control', 'private, no-cache')
    res.end('never cached')
  }, SLOW_MS)
})

describe.skipIf(!nginxInstalled())('http-cache against nginx proxy_cache', () => {
  let nginx: { url: string; stop(): Promise<void> }
  beforeAll(async () => {
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
    nginx = await startNginxCache((upstream.address() as AddressInfo).port)
  })
  afterAll(async () => {
    await nginx?.stop()
    upstream.closeAllConnections()
    await new Promise<void>((r) => upstream.close(() => r()))
  })

  it('reads nginx MISS then HIT, times the slow cold fetch against cached ones, and gets 304 from the cache', async () => {
    const out = await runCacheSuite(nginx.url, { paths: ['/slow', '/private'], repeat: REPEAT })
    expect(out.status).toBe('passed')
    const [slow, priv] = out.resources
    expect(slow).toMatchObject({
      path: '/slow',
      cacheable: true,
      ttlSec: 60,
      sharedTtlSec: 60,
      revalidation: '304',
      cdn: {
        provider: 'nginx',
        hits: REPEAT - 1,
        misses: 1,
        hitRatio: (REPEAT - 1) / REPEAT,
        statuses: ['miss', 'hit', 'hit', 'hit'],
      },
    })
    // the cold request waited for the upstream; the hits did not (generous bound: the delay itself)
    expect(slow!.coldMs!).toBeGreaterThanOrEqual(SLOW_MS)
    expect(slow!.warmMs!).toBeLessThan(SLOW_MS)
    // private, no-cache: nginx passes every request to the upstream
    expect(priv).toMatchObject({ sharedTtlSec: null, ttlSec: 0, cdn: { hits: 0, misses: REPEAT } })
    expect(priv!.warmMs!).toBeGreaterThanOrEqual(SLOW_MS)
    expect(out.metrics?.cdnProvider).toBe('nginx')
  })
})
