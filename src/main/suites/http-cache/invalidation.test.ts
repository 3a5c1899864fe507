import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChangingServer } from './testing/origin'
import type { Running } from './testing/origin'
import { runCacheSuite } from './testing/run-suite'

const CHANGE_AFTER_MS = 2500

/** One audit of /content with the invalidation probe: POST /publish, then watch /content. */
function probeContent(
  url: string,
  probe: { timeoutSec: number; intervalMs?: number },
  more: Partial<Parameters<typeof runCacheSuite>[1]> = {},
): ReturnType<typeof runCacheSuite> {
  const trigger = { method: 'POST', path: '/publish' } as const
  const invalidation = { trigger, path: '/content', ...probe }
  return runCacheSuite(url, { paths: ['/content'], repeat: 1, invalidation, ...more })
}

describe('http-cache invalidation probe', () => {
  let server: Running & { triggeredAt(): number | null }
  beforeAll(async () => {
    server = await startChangingServer(CHANGE_AFTER_MS)
  })
  afterAll(() => server.close())

  it('measures the staleness window within 1 s of the truth', async () => {
    const out = await probeContent(server.url, { timeoutSec: 15, intervalMs: 200 })
    const inv = out.metrics?.invalidation
    expect(inv).toMatchObject({
      triggered: true,
      triggerStatus: 202,
      changed: true,
      timedOut: false,
    })
    expect(server.triggeredAt()).not.toBeNull()
    expect(Math.abs((inv?.windowSec ?? -99) - CHANGE_AFTER_MS / 1000)).toBeLessThanOrEqual(1)
    expect(out.metrics?.stalenessSec).toBe(inv?.windowSec)
    expect(out.findings.map((f) => f.id)).toContain('cache.invalidation-window')
  })

  it('content that never changes within the timeout: no window, a finding, a failed threshold', async () => {
    const fresh = await startChangingServer(60_000)
    try {
      const out = await probeContent(
        fresh.url,
        { timeoutSec: 1 },
        { thresholds: { maxStalenessSec: 5 } },
      )
      expect(out.metrics?.invalidation).toMatchObject({
        changed: false,
        timedOut: true,
        windowSec: null,
      })
      expect(out.findings.map((f) => f.id)).toContain('cache.invalidation-timeout')
      expect(out.status).toBe('failed')
    } finally {
      await fresh.close()
    }
  })
})
