import { createHash } from 'node:crypto'
import type { CacheInvalidationResult, HttpCacheInvalidation } from '@shared/index'
import { joinPath, originOf } from '../../targets/http'
import { decodeBuffer, encodingOf } from './classify'
import type { CacheClient, FetchResponse } from './fetch'
import { header } from './freshness'

function contentHash(r: FetchResponse): string {
  const body = decodeBuffer(r.body, encodingOf(header(r.headers, 'content-encoding'))) ?? r.body
  return createHash('sha256').update(body).digest('hex')
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(done, Math.max(0, ms))
    function done(): void {
      clearTimeout(t)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })

/**
 * How long the old content is still served after a change: reads the watched path, sends the
 * trigger (or, without one, waits for the user's change), then requests the path every
 * `intervalMs` as any client would, until the body differs. The window runs from the
 * trigger's send time to the midpoint between the last old and the first new answer, so it
 * is known to within ± intervalMs / 2 plus one round trip.
 */
export async function probeInvalidation(
  client: CacheClient,
  cfg: HttpCacheInvalidation,
  signal: AbortSignal,
  onPoll: (polls: number, elapsedSec: number) => void = () => {},
): Promise<CacheInvalidationResult> {
  const base = client.target.baseUrl
  const url = new URL(joinPath(base, cfg.path), originOf(base)).href
  const result: CacheInvalidationResult = {
    path: cfg.path,
    triggered: false,
    triggerStatus: null,
    windowSec: null,
    resolutionSec: cfg.intervalMs / 1000,
    changed: false,
    polls: 0,
    timedOut: false,
  }
  const before = contentHash(await client.fetch({ url }))
  let t0 = performance.now()
  if (cfg.trigger) {
    const trigger = cfg.trigger
    const sent = client.fetch({
      method: trigger.method,
      url: new URL(joinPath(base, trigger.path), originOf(base)).href,
      ...(trigger.headers ? { headers: trigger.headers } : {}),
      ...(trigger.body !== undefined ? { body: trigger.body } : {}),
    })
    t0 = performance.now()
    const r = await sent
    result.triggered = true
    result.triggerStatus = r.status
    if (r.status >= 400) {
      result.error = `the trigger ${trigger.method} ${trigger.path} answered ${r.status}; the content may not change`
    }
  }
  const deadline = t0 + cfg.timeoutSec * 1000
  let lastOld = t0
  while (!signal.aborted && performance.now() < deadline) {
    const r = await client.fetch({ url })
    result.polls++
    onPoll(result.polls, (performance.now() - t0) / 1000)
    if (contentHash(r) !== before) {
      result.changed = true
      const mid = (lastOld + r.sentAt) / 2
      result.windowSec = Math.round(((mid - t0) / 1000) * 100) / 100
      return result
    }
    lastOld = r.sentAt
    await sleep(r.sentAt + cfg.intervalMs - performance.now(), signal)
  }
  result.timedOut = !signal.aborted
  return result
}
