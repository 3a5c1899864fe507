import type { CacheResource, HttpCacheConfig } from '@shared/index'
import { joinPath, originOf } from '../../targets/http'
import { auditResource } from './audit'
import { CancelledError } from './fetch'
import type { CacheClient } from './fetch'
import { extractLinks } from './links'

/** A crawl audits at most this many resources (pages and their assets together). */
export const MAX_RESOURCES = 2000

interface Item {
  url: string
  source: CacheResource['source']
  /** an HTML page found by the crawl: its links are followed */
  follow: boolean
}

export interface AuditRun {
  resources: CacheResource[]
  requests: number
  pages: number
  /** pages or assets left out by maxPages or MAX_RESOURCES */
  truncated: boolean
  /** the signal aborted: what was audited before is kept */
  cancelled: boolean
}

/**
 * Audits the plan's paths and, with a crawl, every same-origin page reachable from its start
 * (up to maxPages pages) and every asset those pages reference. `concurrency` resources at a
 * time; results keep the order in which they were found.
 */
export async function auditAll(
  client: CacheClient,
  config: HttpCacheConfig,
  onResource: (r: CacheResource, done: number, known: number) => void,
): Promise<AuditRun> {
  const baseUrl = client.target.baseUrl
  const origin = originOf(baseUrl)
  const queue: Item[] = []
  const seen = new Set<string>()
  let pagesQueued = 0
  let truncated = false
  const push = (url: string, source: Item['source'], follow: boolean): void => {
    if (seen.has(url)) return
    if (queue.length >= MAX_RESOURCES || (follow && pagesQueued >= (config.crawl?.maxPages ?? 0))) {
      truncated = true
      return
    }
    seen.add(url)
    if (follow) pagesQueued++
    queue.push({ url, source, follow })
  }
  for (const p of config.paths) push(new URL(joinPath(baseUrl, p), origin).href, 'path', false)
  if (config.crawl) push(new URL(joinPath(baseUrl, config.crawl.start), origin).href, 'crawl', true)

  const results: (CacheResource | undefined)[] = []
  let next = 0
  let active = 0
  let requests = 0
  let done = 0
  let pages = 0
  let waiters: (() => void)[] = []
  const wake = (): void => {
    const w = waiters
    waiters = []
    for (const f of w) f()
  }
  let cancelled = false
  let failure: unknown = null

  const loop = async (): Promise<void> => {
    for (;;) {
      if (cancelled || failure) return
      if (next >= queue.length) {
        if (active === 0) return
        await new Promise<void>((r) => waiters.push(r))
        continue
      }
      const i = next++
      const item = queue[i]!
      active++
      try {
        const audited = await auditResource(client, item.url, item.source, config.repeat)
        requests += audited.requests
        results[i] = audited.resource
        if (item.follow && audited.html !== null) {
          pages++
          for (const link of extractLinks(audited.html, item.url, origin))
            push(link.url, 'crawl', link.role === 'page')
        }
        done++
        onResource(audited.resource, done, queue.length)
      } catch (err) {
        if (err instanceof CancelledError) cancelled = true
        else failure = err
      } finally {
        active--
        wake()
      }
    }
  }
  await Promise.all(Array.from({ length: config.concurrency }, loop))
  const resources = results.filter((r): r is CacheResource => r !== undefined)
  if (failure) throw failure
  return { resources, requests, pages, truncated, cancelled }
}
