/** How late a shard may be told to start before it refuses (clock skew, a slow pod start). */
export const START_AT_GRACE_MS = 5000

/**
 * Milliseconds to wait until the shared `--start-at` time. A time further in the past than
 * the grace is refused: the shards would not overlap, and the merged rate would be wrong.
 */
export function delayUntil(iso: string, now = Date.now()): number {
  const at = Date.parse(iso)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(at)) {
    throw new Error(
      `--start-at "${iso}": give an ISO time such as ${new Date(now + 60_000).toISOString()}`,
    )
  }
  const wait = at - now
  if (wait < -START_AT_GRACE_MS) {
    throw new Error(
      `--start-at ${iso} is ${Math.round(-wait / 1000)} s in the past (more than ${START_AT_GRACE_MS / 1000} s): ` +
        'give a time a little ahead of now, the same for every shard',
    )
  }
  return Math.max(0, wait)
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(t)
      resolve()
    })
  })
}
