import type { HttpCacheConfig } from '@shared/index'

/** A rough duration: resources × requests at ~20 ms each over `concurrency`, plus the probe. */
export function expectedSeconds(c: HttpCacheConfig): number | null {
  const resources = c.paths.length + (c.crawl ? c.crawl.maxPages * 3 : 0)
  const audit = (resources * (c.repeat + 1) * 0.02) / c.concurrency
  const probe = c.invalidation ? Math.min(c.invalidation.timeoutSec, 10) : 0
  return c.crawl ? null : Math.ceil(audit + probe + 1)
}

export function describeCacheSuite(c: HttpCacheConfig): string {
  if (c.name) return c.name
  const what = [
    c.paths.length ? `${c.paths.length} path${c.paths.length === 1 ? '' : 's'}` : '',
    c.crawl ? `crawl from ${c.crawl.start} (≤ ${c.crawl.maxPages} pages)` : '',
  ].filter(Boolean)
  return `HTTP cache: ${what.join(' + ')}`
}

/** Checks the schema cannot express; each names the field and the fix. */
export function validateCacheConfig(c: HttpCacheConfig): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  const dup = c.paths.find((p, i) => c.paths.indexOf(p) !== i)
  if (dup !== undefined)
    problems.push({ path: 'paths', message: `"${dup}" is listed twice; list each path once` })
  const inv = c.invalidation
  if (inv?.trigger && inv.trigger.method === 'GET' && inv.trigger.path === inv.path)
    problems.push({
      path: 'invalidation.trigger',
      message:
        'the trigger is the same GET as the watched path; give the request that changes the content (e.g. POST /admin/publish), or leave trigger out to change it yourself',
    })
  if (inv && inv.intervalMs > inv.timeoutSec * 1000)
    problems.push({
      path: 'invalidation.intervalMs',
      message: 'the polling interval is longer than the timeout; poll more often or wait longer',
    })
  return problems
}
