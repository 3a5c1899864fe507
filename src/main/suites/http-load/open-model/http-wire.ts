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

export function checkHeader(name: string, value: string, field: string): void {
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

const CR = 13
const LF = 10
const COLON = 58

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

/** ASCII lower case of a byte (letters only; other bytes unchanged). */
const lower = (b: number): number => (b >= 65 && b <= 90 ? b | 0x20 : b)

/** Whether buf[at, at + word.length) is `word` (lower case ASCII), ignoring case. */
function matchesAt(buf: Buffer, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (lower(buf[at + k]!) !== word.charCodeAt(k)) return false
  return true
}

/** Whether `word` (lower case ASCII) occurs in buf[from, to), ignoring case. */
function containsWord(buf: Buffer, from: number, to: number, word: string): boolean {
  for (let i = from; i + word.length <= to; i++) if (matchesAt(buf, i, word)) return true
  return false
}

/**
 * Incremental response parser for one connection. `feed` calls `onResponse` for each response
 * the chunk completes, in order. It reads the head byte by byte without making strings (only
 * status, Content-Length, Transfer-Encoding and Connection matter), so a response costs no
 * allocation; the chunk may be a reused read buffer, since a partial head is copied out.
 */
export class ResponseParser {
  private state = State.Head
  private pending: Buffer | null = null
  private remaining = 0
  private status = 0
  private close = false
  /** the request on the wire is a HEAD request */
  expectNoBody = false
  /** set to '' to have the next response's Server header captured here (then left alone) */
  server: string | null = null
  /** keep the next response's head and body (checks and extracts read them); off: nothing is copied */
  capture = false
  /** the head (status line and headers) of the last captured response */
  lastHead: string | null = null
  /** the body of the last captured response */
  lastBody: Buffer | null = null
  private chunks: Buffer[] | null = null

  /** Copies body bytes of a captured response (the chunk may be a reused read buffer). */
  private keep(buf: Buffer, from: number, to: number): void {
    if (this.chunks && to > from) this.chunks.push(Buffer.from(buf.subarray(from, to)))
  }

  /** `onResponse(status, close)`: two arguments, so that a response allocates no object */
  constructor(private readonly onResponse: (status: number, close: boolean) => void) {}

  /** The connection ended: a body delimited by the close is complete now. */
  end(): boolean {
    if (this.state === State.UntilClose) {
      this.close = true
      this.complete()
      return true
    }
    return false
  }

  /** whether a response has started arriving but is not complete */
  get midResponse(): boolean {
    return this.state !== State.Head || this.pending !== null
  }

  /** Feeds buf[0, len) (len defaults to the whole buffer). */
  feed(chunk: Buffer, chunkLen = chunk.length): void {
    let buf = chunk
    let len = chunkLen
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk.subarray(0, chunkLen)])
      len = buf.length
      this.pending = null
    }
    let pos = 0
    while (pos < len) {
      switch (this.state) {
        case State.Head: {
          const next = this.parseHead(buf, pos, len)
          if (next < 0) {
            if (len - pos > 65_536) throw new ParseError('response headers larger than 64 KiB')
            // copied: the caller may reuse its read buffer
            this.pending = Buffer.from(buf.subarray(pos, len))
            return
          }
          pos = next
          break
        }
        case State.Body: {
          const take = Math.min(this.remaining, len - pos)
          this.keep(buf, pos, pos + take)
          pos += take
          this.remaining -= take
          if (this.remaining === 0) this.complete()
          break
        }
        case State.ChunkSize: {
          const eol = buf.indexOf(LF, pos)
          if (eol < 0 || eol >= len) {
            this.pending = Buffer.from(buf.subarray(pos, len))
            return
          }
          const size = parseInt(buf.toString('latin1', pos, eol).split(';')[0] ?? '', 16)
          if (!Number.isFinite(size) || size < 0) throw new ParseError('bad chunk size')
          pos = eol + 1
          if (size === 0) this.state = State.Trailers
          else {
            this.remaining = size
            this.state = State.ChunkData
          }
          break
        }
        case State.ChunkData: {
          const take = Math.min(this.remaining, len - pos)
          this.keep(buf, pos, pos + take)
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
          const eol = buf.indexOf(LF, pos)
          if (eol < 0 || eol >= len) {
            this.pending = Buffer.from(buf.subarray(pos, len))
            return
          }
          const empty = eol === pos || (eol === pos + 1 && buf[pos] === CR)
          pos = eol + 1
          if (empty) this.complete()
          break
        }
        case State.UntilClose:
          this.keep(buf, pos, len)
          pos = len
          break
      }
    }
  }

  /**
   * Parses one complete head starting at `start`; returns where its body starts, or -1 when
   * the head is not complete within buf[start, len).
   */
  private parseHead(buf: Buffer, start: number, len: number): number {
    // the end of the status line first: a short read leaves the head for the next chunk
    let eol = buf.indexOf(LF, start)
    if (eol < 0 || eol >= len) return -1
    if (!matchesAt(buf, start, 'http/1.')) {
      throw new ParseError(
        `not an HTTP/1.x response: ${buf.toString('latin1', start, Math.min(len, start + 40))}`,
      )
    }
    const d0 = buf[start + 9]! - 48
    const d1 = buf[start + 10]! - 48
    const d2 = buf[start + 11]! - 48
    const status = d0 * 100 + d1 * 10 + d2
    if (!(d0 >= 1 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) {
      throw new ParseError('bad status line')
    }
    let contentLength = -1
    let chunked = false
    let close = buf[start + 7] === 48 // HTTP/1.0
    let line = eol + 1
    for (;;) {
      eol = buf.indexOf(LF, line)
      if (eol < 0 || eol >= len) return -1
      const lineEnd = eol > line && buf[eol - 1] === CR ? eol - 1 : eol
      if (lineEnd === line) break // the empty line: end of the head
      let colon = line
      while (colon < lineEnd && buf[colon] !== COLON) colon++
      const nameLen = colon - line
      if (colon < lineEnd) {
        let v = colon + 1
        while (v < lineEnd && (buf[v] === 32 || buf[v] === 9)) v++
        // Only these headers matter; the name's length tells them apart before any compare.
        if (nameLen === 14 && matchesAt(buf, line, 'content-length')) {
          let n = 0
          let digits = 0
          for (let i = v; i < lineEnd; i++) {
            const c = buf[i]! - 48
            if (c < 0 || c > 9) break
            n = n * 10 + c
            digits++
          }
          contentLength = digits > 0 ? n : -1
        } else if (nameLen === 17 && matchesAt(buf, line, 'transfer-encoding')) {
          chunked = containsWord(buf, v, lineEnd, 'chunked')
        } else if (nameLen === 10 && matchesAt(buf, line, 'connection')) {
          if (containsWord(buf, v, lineEnd, 'close')) close = true
          else if (containsWord(buf, v, lineEnd, 'keep-alive')) close = false
        } else if (nameLen === 6 && this.server === '' && matchesAt(buf, line, 'server')) {
          this.server = buf.toString('latin1', v, lineEnd).trim()
        }
      }
      line = eol + 1
    }
    const bodyStart = eol + 1
    if (status < 200) {
      // 100 Continue and friends: informational, the real response follows.
      return bodyStart
    }
    this.status = status
    this.close = close
    if (this.capture) {
      this.lastHead = buf.toString('latin1', start, eol).trimEnd()
      this.chunks = []
    }
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
    if (this.chunks) {
      this.lastBody = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
      this.chunks = null
    }
    this.onResponse(this.status, this.close)
  }
}
