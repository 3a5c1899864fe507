import type { HttpTarget } from '@shared/index'
import type { PlannedRequest } from '../request-plan'

/**
 * A minimal HTTP/1.1 client wire format: requests are encoded once, up front, into the exact
 * bytes sent on every repetition, and responses are parsed incrementally with nothing but
 * Buffer scans. That keeps the per-request cost of the generator to one write and one parse,
 * which is what lets one core drive tens of thousands of requests per second.
 */

export interface Endpoint {
  host: string
  port: number
  tls: boolean
  rejectUnauthorized: boolean
  /** for messages: the base URL as the user wrote it */
  url: string
}

export interface EncodedRequest {
  bytes: Buffer
  /** a HEAD response carries no body whatever its Content-Length says */
  head: boolean
  label: string
}

/** Bad input in the requests, named by field. */
export class WireInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`)
    this.name = 'WireInputError'
  }
}

export function endpointOf(target: HttpTarget): Endpoint {
  const u = new URL(target.baseUrl)
  const tls = u.protocol === 'https:'
  // URL keeps IPv6 hosts in brackets; net.connect wants them bare.
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1')
  return {
    host,
    port: u.port ? Number(u.port) : tls ? 443 : 80,
    tls,
    rejectUnauthorized: target.tls?.rejectUnauthorized ?? true,
    url: target.baseUrl,
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

function checkHeader(name: string, value: string, field: string): void {
  if (!TOKEN.test(name)) throw new WireInputError(field, `"${name}" is not a valid header name`)
  if (/[\r\n\0]/.test(value)) {
    throw new WireInputError(`${field}.${name}`, 'a header value cannot contain line breaks')
  }
}

/**
 * Encodes each planned request (full path, merged headers: see ../request-plan) into the
 * bytes to send. `origin` gives the Host header.
 */
export function encodeRequests(
  origin: string,
  requests: readonly PlannedRequest[],
): EncodedRequest[] {
  const hostHeader = new URL(origin).host
  return requests.map((r, i) => {
    const field = `requests[${i}]`
    if (/[\s]/.test(r.path)) {
      throw new WireInputError(`${field}.path`, 'encode spaces and control characters, e.g. %20')
    }
    const headers: Record<string, string> = { host: hostHeader, 'user-agent': 'perfdesk' }
    for (const [k, v] of Object.entries(r.headers)) {
      checkHeader(k, v, `${field}.headers`)
      headers[k.toLowerCase()] = v
    }
    const body = r.body === undefined ? null : Buffer.from(r.body, 'utf8')
    delete headers['transfer-encoding']
    if (body) headers['content-length'] = String(body.length)
    else if (r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH') {
      headers['content-length'] = '0'
    } else delete headers['content-length']
    let head = `${r.method} ${r.path} HTTP/1.1\r\n`
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`
    head += '\r\n'
    const bytes = body
      ? Buffer.concat([Buffer.from(head, 'latin1'), body])
      : Buffer.from(head, 'latin1')
    return { bytes, head: r.method === 'HEAD', label: `${r.method} ${r.path}` }
  })
}

const CRLF = Buffer.from('\r\n')
const CRLFCRLF = Buffer.from('\r\n\r\n')

const enum State {
  Head,
  Body,
  ChunkSize,
  ChunkData,
  ChunkCrlf,
  Trailers,
  UntilClose,
}

export interface ParsedResponse {
  status: number
  /** the server asked to close the connection after this response */
  close: boolean
}

export class ParseError extends Error {
  override name = 'ParseError'
}

/**
 * Incremental response parser for one connection. `feed` returns how many responses were
 * completed by this chunk and calls `onResponse` for each, in order.
 */
export class ResponseParser {
  private state = State.Head
  private pending: Buffer | null = null
  private remaining = 0
  private status = 0
  private close = false
  /** the request on the wire is a HEAD request */
  expectNoBody = false

  constructor(private readonly onResponse: (r: ParsedResponse) => void) {}

  /** The connection ended: a body delimited by the close is complete now. */
  end(): boolean {
    if (this.state === State.UntilClose) {
      this.state = State.Head
      this.onResponse({ status: this.status, close: true })
      return true
    }
    return false
  }

  /** whether a response has started arriving but is not complete */
  get midResponse(): boolean {
    return this.state !== State.Head || this.pending !== null
  }

  feed(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = null
    let pos = 0
    const len = buf.length
    while (pos < len) {
      switch (this.state) {
        case State.Head: {
          const end = buf.indexOf(CRLFCRLF, pos)
          if (end < 0) {
            if (len - pos > 65_536) throw new ParseError('response headers larger than 64 KiB')
            this.pending = buf.subarray(pos)
            return
          }
          pos = this.parseHead(buf.toString('latin1', pos, end), end + 4)
          break
        }
        case State.Body: {
          const take = Math.min(this.remaining, len - pos)
          pos += take
          this.remaining -= take
          if (this.remaining === 0) this.complete()
          break
        }
        case State.ChunkSize: {
          const eol = buf.indexOf(CRLF, pos)
          if (eol < 0) {
            this.pending = buf.subarray(pos)
            return
          }
          const size = parseInt(buf.toString('latin1', pos, eol).split(';')[0] ?? '', 16)
          if (!Number.isFinite(size) || size < 0) throw new ParseError('bad chunk size')
          pos = eol + 2
          if (size === 0) this.state = State.Trailers
          else {
            this.remaining = size
            this.state = State.ChunkData
          }
          break
        }
        case State.ChunkData: {
          const take = Math.min(this.remaining, len - pos)
          pos += take
          this.remaining -= take
          if (this.remaining === 0) {
            this.remaining = 2
            this.state = State.ChunkCrlf
          }
          break
        }
        case State.ChunkCrlf: {
          const take = Math.min(this.remaining, len - pos)
          pos += take
          this.remaining -= take
          if (this.remaining === 0) this.state = State.ChunkSize
          break
        }
        case State.Trailers: {
          const eol = buf.indexOf(CRLF, pos)
          if (eol < 0) {
            this.pending = buf.subarray(pos)
            return
          }
          const empty = eol === pos
          pos = eol + 2
          if (empty) this.complete()
          break
        }
        case State.UntilClose:
          pos = len
          break
      }
    }
  }

  private parseHead(text: string, bodyStart: number): number {
    if (!text.startsWith('HTTP/1.'))
      throw new ParseError(`not an HTTP/1.x response: ${text.slice(0, 40)}`)
    const status = parseInt(text.slice(9, 12), 10)
    if (!(status >= 100 && status <= 999)) throw new ParseError('bad status line')
    let contentLength = -1
    let chunked = false
    let close = text.startsWith('HTTP/1.0')
    let lineStart = text.indexOf('\r\n') + 2
    while (lineStart > 1 && lineStart < text.length) {
      let lineEnd = text.indexOf('\r\n', lineStart)
      if (lineEnd < 0) lineEnd = text.length
      const colon = text.indexOf(':', lineStart)
      // Only three headers matter; telling them by the name's length first spares a string
      // or two per header line. (A name padded with spaces, which HTTP forbids, is trimmed.)
      const nameLen = colon - lineStart
      const padded = text.charCodeAt(lineStart) <= 32 || text.charCodeAt(colon - 1) <= 32
      if (
        colon > 0 &&
        colon < lineEnd &&
        (padded || nameLen === 14 || nameLen === 17 || nameLen === 10)
      ) {
        const raw = text.slice(lineStart, colon)
        const name = (padded ? raw.trim() : raw).toLowerCase()
        if (name === 'content-length')
          contentLength = parseInt(text.slice(colon + 1, lineEnd).trim(), 10)
        else if (name === 'transfer-encoding')
          chunked = /chunked/i.test(text.slice(colon + 1, lineEnd))
        else if (name === 'connection') {
          const v = text
            .slice(colon + 1, lineEnd)
            .trim()
            .toLowerCase()
          if (v.includes('close')) close = true
          else if (v.includes('keep-alive')) close = false
        }
      }
      lineStart = lineEnd + 2
    }
    if (status < 200) {
      // 100 Continue and friends: informational, the real response follows.
      return bodyStart
    }
    this.status = status
    this.close = close
    if (this.expectNoBody || status === 204 || status === 304) this.complete()
    else if (chunked) this.state = State.ChunkSize
    else if (contentLength > 0) {
      this.remaining = contentLength
      this.state = State.Body
    } else if (contentLength === 0) this.complete()
    else this.state = State.UntilClose
    return bodyStart
  }

  private complete(): void {
    this.state = State.Head
    this.onResponse({ status: this.status, close: this.close })
  }
}
