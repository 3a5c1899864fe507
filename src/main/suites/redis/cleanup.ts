import type { Redis } from 'ioredis'
import { bounded, globEscape } from './run-control'

/**
 * Removes every key that starts with `prefix`: SCAN MATCH + UNLINK, in batches, each call
 * bounded in time. Never FLUSHDB, never a key outside the prefix. Returns how many were removed.
 */
export async function removePrefix(
  client: Redis,
  prefix: string,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<number> {
  if (!/^perfdesk:.+:$/.test(prefix))
    throw new Error(`refusing to remove keys under "${prefix}": not a PerfDesk run prefix`)
  const match = `${globEscape(prefix)}*`
  let cursor = '0'
  let removed = 0
  do {
    const [next, keys] = await bounded(
      client.scan(cursor, 'MATCH', match, 'COUNT', 1000),
      opts.timeoutMs,
      opts.signal,
    )
    cursor = next
    // SCAN MATCH already filters; the check keeps a glob surprise from ever touching another key
    const ours = keys.filter((k) => k.startsWith(prefix))
    for (let i = 0; i < ours.length; i += 500) {
      removed += await bounded(
        client.unlink(...ours.slice(i, i + 500)),
        opts.timeoutMs,
        opts.signal,
      )
    }
  } while (cursor !== '0')
  return removed
}
