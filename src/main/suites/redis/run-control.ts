/** Timeouts, cancellation and error classes shared by the Redis suite's phases. */

/** The server stopped answering or the connection is gone: the suite cannot go on. */
export class RedisLostError extends Error {
  override name = 'RedisLostError'
}

/** The run was cancelled. */
export class CancelledError extends Error {
  override name = 'CancelledError'
  constructor() {
    super('cancelled')
  }
}

/** An error reply (WRONGTYPE, OOM, …): one command failed, the connection is fine. */
export function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError'
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * Settles with the promise, or rejects after `ms` (RedisLostError) or when `signal` aborts
 * (CancelledError); a paused server never answers, and ioredis does not time pipelines out.
 */
export function bounded<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) return Promise.reject(new CancelledError())
  return new Promise<T>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
    const onAbort = (): void => {
      done()
      reject(new CancelledError())
    }
    const timer = setTimeout(() => {
      done()
      reject(new RedisLostError(`the server did not answer within ${ms} ms`))
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (v) => {
        done()
        resolve(v)
      },
      (e: unknown) => {
        done()
        reject(
          isReplyError(e) || e instanceof CancelledError ? e : new RedisLostError(errorText(e)),
        )
      },
    )
  })
}

/** Resolves after `ms`, or early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      resolve()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Human payload size: 100 → "100 B", 1024 → "1 KB", 102400 → "100 KB". */
export function formatPayload(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`
  return `${bytes} B`
}

/** Escapes glob characters so that a prefix matches itself only in SCAN MATCH. */
export function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`)
}
