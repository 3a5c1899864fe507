import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { HttpTarget } from '@shared/index'
import { describeNetworkError, targetHeaders } from '../../targets/http'
import type { HeaderMap } from './freshness'

export interface FetchResponse {
  status: number
  headers: HeaderMap
  /** the body as sent (content-coded); cut at 8 MiB */
  body: Buffer
  /** body bytes received */
  bytes: number
  /** from sending the request to the body's last byte */
  ms: number
  /** performance.now() when the request was sent */
  sentAt: number
}

export interface FetchRequest {
  method?: string
  /** a URL on the target's origin */
  url: string
  headers?: Record<string, string>
  body?: string
}

/** What a browser sends; zstd last because Node 20 cannot decode it (we only count its bytes). */
export const ACCEPT_ENCODING = 'br, gzip, deflate, zstd'

/** Bodies above this are counted, not kept (a crawl only parses HTML pages). */
const KEEP_BODY_BYTES = 8 * 1024 * 1024

/**
 * One HTTP client per suite: keep-alive connections (so that cold/warm timings compare the
 * server and its caches, not TCP handshakes after the first), the target's headers and auth.
 */
export class CacheClient {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 16 })
  private readonly https: HttpsAgent
  private readonly base: Record<string, string>
  readonly hasAuthorization: boolean
  /** every request's time, for the suite's histogram and live samples */
  onTiming: (ms: number) => void = () => {}

  constructor(
    readonly target: HttpTarget,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal,
  ) {
    this.https = new HttpsAgent({
      keepAlive: true,
      maxSockets: 16,
      rejectUnauthorized: target.tls?.rejectUnauthorized ?? true,
    })
    this.base = targetHeaders(target)
    this.hasAuthorization = Object.keys(this.base).some((k) => k.toLowerCase() === 'authorization')
  }

  fetch(req: FetchRequest): Promise<FetchResponse> {
    const url = new URL(req.url)
    const secure = url.protocol === 'https:'
    const send = secure ? httpsRequest : httpRequest
    const headers: Record<string, string> = {
      'user-agent': 'PerfDesk http-cache',
      'accept-encoding': ACCEPT_ENCODING,
      accept: '*/*',
      ...this.base,
      ...req.headers,
    }
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body))
    return new Promise<FetchResponse>((resolve, reject) => {
      if (this.signal.aborted) return reject(new CancelledError())
      const sentAt = performance.now()
      let settled = false
      const finish = (err: Error | null, res?: FetchResponse): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this.signal.removeEventListener('abort', onAbort)
        if (err) reject(err)
        else {
          this.onTiming(res!.ms)
          resolve(res!)
        }
      }
      const r = send(
        url,
        { method: req.method ?? 'GET', headers, agent: secure ? this.https : this.http },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = []
          let kept = 0
          res.on('data', (c: Buffer) => {
            kept += c.length
            if (kept <= KEEP_BODY_BYTES) chunks.push(c)
          })
          res.on('end', () => {
            const body = Buffer.concat(chunks)
            const map: HeaderMap = {}
            for (const [k, v] of Object.entries(res.headersDistinct)) if (v) map[k] = v
            finish(null, {
              status: res.statusCode ?? 0,
              headers: map,
              body,
              bytes: kept,
              ms: performance.now() - sentAt,
              sentAt,
            })
          })
          res.on('error', (e) => finish(e))
        },
      )
      const onAbort = (): void => {
        r.destroy()
        finish(new CancelledError())
      }
      const timer = setTimeout(() => {
        r.destroy()
        finish(new Error(`no answer within ${this.timeoutMs / 1000} s`))
      }, this.timeoutMs)
      this.signal.addEventListener('abort', onAbort, { once: true })
      r.on('error', (e) => finish(new Error(describeNetworkError(e, req.url, this.timeoutMs))))
      r.end(req.body)
    })
  }

  close(): void {
    this.http.destroy()
    this.https.destroy()
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled')
  }
}
