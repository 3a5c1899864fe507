import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCacheSuite } from './testing/run-suite'

/** /fast answers at once; /slow after 20 s (longer than any test waits). */
const server = createServer((req, res) => {
  if (req.url === '/fast') return void res.end('ok')
  const t = setTimeout(() => res.end('late'), 20_000)
  res.on('close', () => clearTimeout(t))
})
let url = ''
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
})

describe('http-cache cancel and failures', () => {
  it('returns within a second of cancel, keeping the resources audited before', async () => {
    const ac = new AbortController()
    const started = Date.now()
    const pending = runCacheSuite(
      url,
      { paths: ['/fast', '/slow'], repeat: 1, concurrency: 1, timeoutSec: 60 },
      ac.signal,
    )
    setTimeout(() => ac.abort(), 500)
    const out = await pending
    // generous: the abort itself comes at 0.5 s
    expect(Date.now() - started).toBeLessThan(2500)
    expect(out.status).toBe('cancelled')
    expect(out.resources.map((r) => r.path)).toEqual(['/fast'])
  })

  it('a resource that does not answer in time is a failed resource with the reason, not a crashed suite', async () => {
    const out = await runCacheSuite(url, { paths: ['/fast', '/slow'], repeat: 1, timeoutSec: 0.5 })
    expect(out.status).toBe('passed')
    const slow = out.resources.find((r) => r.path === '/slow')
    expect(slow).toMatchObject({ status: null, error: 'no answer within 0.5 s' })
    expect(out.findings.map((f) => f.id)).toContain('cache.fetch-failed')
    expect(out.metrics?.failed).toBe(1)
  })
})
