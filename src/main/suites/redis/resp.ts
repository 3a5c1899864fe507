import { connect, type Socket } from 'node:net'
import type { RedisTarget } from '@shared/index'
import { secretText } from '../../targets/http'

/**
 * A minimal RESP2 client for the matrix's hot loop only. Why not ioredis here: on this machine
 * a plain ioredis loop reaches 0.34× redis-benchmark at pipeline 1 and 0.11× at pipeline 16
 * (GET 100 B, 50 clients) — every command is a JS object, a promise and a parsed reply string.
 * Commands pre-encoded in batches, one socket write per batch and replies counted by scanning
 * lengths (never turned into JS values) reach ~0.9× (`npm run bench redis`). Set-up, health,
 * hit-rate, cleanup and TLS stay on ioredis.
 */

export type Arg = string | Buffer | number

const CRLF = Buffer.from('\r\n')

/** One command in RESP2 (an array of bulk strings). */
export function encodeCommand(args: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)]
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a))
    parts.push(Buffer.from(`$${b.length}\r\n`), b, CRLF)
  }
  return Buffer.concat(parts)
}

/**
 * Several commands as one buffer, with the byte offset of every argument's data (to patch a
 * counter in place between batches without re-encoding).
 */
export function encodeBatch(commands: readonly (readonly Arg[])[]): {
  buf: Buffer
  argOffsets: number[][]
} {
  const parts: Buffer[] = []
  const argOffsets: number[][] = []
  let at = 0
  const push = (b: Buffer): void => {
    parts.push(b)
    at += b.length
  }
  for (const args of commands) {
    const offsets: number[] = []
    push(Buffer.from(`*${args.length}\r\n`))
    for (const a of args) {
      const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a))
      push(Buffer.from(`$${b.length}\r\n`))
      offsets.push(at)
      push(b)
      push(CRLF)
    }
    argOffsets.push(offsets)
  }
  return { buf: Buffer.concat(parts, at), argOffsets }
}

const enum S {
  /** at the first byte of an element */
  Type,
  /** in the length/integer line of `$`, `*` or `:` */
  Number,
  /** in a `+` line, skipping to its end */
  Simple,
  /** in a `-` line */
  Error,
  /** skipping `skip` bytes of a bulk body and its CRLF */
  Body,
}

const MAX_DEPTH = 32
const MAX_ERROR_TEXT = 200

/**
 * Counts complete top-level replies in a RESP2 stream, fed chunk by chunk, without building a
 * string for any value: bulk bodies are skipped by their length, arrays by a stack of pending
 * element counts. Only the first error reply's text is kept (for the result's `firstError`).
 */
export class ReplyScanner {
  /** complete top-level replies so far */
  replies = 0
  /** top-level error replies so far */
  errors = 0
  /** text of the first error reply, once one has been seen */
  firstError: string | undefined = undefined

  private state = S.Type
  private type = 0
  private num = 0
  private neg = false
  private skip = 0
  private depth = 0
  private readonly pending = new Int32Array(MAX_DEPTH)
  private errBytes: number[] | null = null

  reset(): void {
    this.replies = 0
    this.errors = 0
  }

  /** Scans `buf[0, len)` (a reused read buffer: nothing of it is kept). */
  feed(buf: Buffer, len = buf.length): void {
    let i = 0
    while (i < len) {
      switch (this.state) {
        case S.Body: {
          const take = Math.min(this.skip, len - i)
          i += take
          this.skip -= take
          if (this.skip === 0) {
            this.state = S.Type
            this.element()
          }
          break
        }
        case S.Type: {
          const c = buf[i++]!
          this.type = c
          if (c === 0x24 /* $ */ || c === 0x2a /* * */ || c === 0x3a /* : */) {
            this.state = S.Number
            this.num = 0
            this.neg = false
          } else if (c === 0x2b /* + */) this.state = S.Simple
          else if (c === 0x2d /* - */) {
            this.state = S.Error
            if (this.firstError === undefined && this.depth === 0) this.errBytes = []
          } else throw new Error(`protocol error: unexpected byte 0x${c.toString(16)} in a reply`)
          break
        }
        case S.Number: {
          const c = buf[i++]!
          if (c >= 0x30 && c <= 0x39) this.num = this.num * 10 + (c - 0x30)
          else if (c === 0x2d) this.neg = true
          else if (c === 0x0a) this.numberDone()
          break
        }
        case S.Simple: {
          const nl = buf.indexOf(0x0a, i)
          if (nl < 0 || nl >= len) i = len
          else {
            i = nl + 1
            this.state = S.Type
            this.element()
          }
          break
        }
        case S.Error: {
          let nl = buf.indexOf(0x0a, i)
          if (nl >= len) nl = -1
          const end = nl < 0 ? len : nl
          if (this.errBytes)
            for (let k = i; k < end && this.errBytes.length < MAX_ERROR_TEXT; k++)
              this.errBytes.push(buf[k]!)
          if (nl < 0) i = len
          else {
            i = nl + 1
            this.state = S.Type
            if (this.depth === 0) {
              this.errors++
              if (this.errBytes) {
                this.firstError = Buffer.from(this.errBytes).toString('utf8').replace(/\r$/, '')
                this.errBytes = null
              }
            }
            this.element()
          }
          break
        }
      }
    }
  }

  private numberDone(): void {
    const n = this.neg ? -this.num : this.num
    if (this.type === 0x24) {
      if (n < 0) {
        this.state = S.Type
        this.element()
      } else {
        this.skip = n + 2
        this.state = S.Body
      }
    } else if (this.type === 0x2a) {
      this.state = S.Type
      if (n <= 0) this.element()
      else {
        if (this.depth >= MAX_DEPTH) throw new Error('protocol error: replies nested too deeply')
        this.pending[this.depth++] = n
      }
    } else {
      this.state = S.Type
      this.element()
    }
  }

  /** An element is complete: count it in its array, or as a reply at the top level. */
  private element(): void {
    while (this.depth > 0) {
      const left = --this.pending[this.depth - 1]!
      if (left > 0) return
      this.depth--
    }
    this.replies++
  }
}

/** Where and how to connect, from a target (URL user, password and db; the target's win). */
export interface RespEndpoint {
  host: string
  port: number
  username?: string
  password?: string
  db: number
  tls: boolean
}

export function respEndpoint(target: RedisTarget): RespEndpoint {
  const u = new URL(target.url)
  const pathDb = /^\/(\d+)$/.exec(u.pathname)?.[1]
  const password =
    target.password !== undefined
      ? secretText(target.password, 'password')
      : u.password
        ? decodeURIComponent(u.password)
        : undefined
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(password !== undefined && password !== '' ? { password } : {}),
    db: target.db ?? (pathDb !== undefined ? Number(pathDb) : 0),
    tls: target.tls === true || u.protocol === 'rediss:',
  }
}

/** A connected socket whose reads go to `onData` (replaceable), from a buffer shared per thread. */
export interface RespSocket {
  socket: Socket
  onData: (buf: Buffer, len: number) => void
}

/** Every read of this thread's RESP sockets lands here: handled at once, so one buffer serves all. */
const readBuffer = Buffer.allocUnsafe(64 * 1024)

/**
 * A connected socket with AUTH and SELECT done (each reply checked), ready for pre-encoded
 * batches. Reads use one reused buffer (`onread`), so no Buffer is allocated per reply.
 * Rejects with the server's error text (WRONGPASS, NOAUTH, …) or the socket error.
 */
export function connectResp(
  ep: RespEndpoint,
  timeoutMs: number,
  name?: string,
): Promise<RespSocket> {
  const hello: Arg[][] = []
  if (ep.password !== undefined)
    hello.push(ep.username ? ['AUTH', ep.username, ep.password] : ['AUTH', ep.password])
  if (ep.db !== 0) hello.push(['SELECT', ep.db])
  if (name) hello.push(['CLIENT', 'SETNAME', name])
  return new Promise((resolve, reject) => {
    const scanner = new ReplyScanner()
    const rs: RespSocket = {
      socket: undefined as unknown as Socket,
      onData: (buf, len) => {
        try {
          scanner.feed(buf, len)
        } catch (err) {
          return fail(err as Error)
        }
        if (scanner.errors > 0) {
          // CLIENT SETNAME refused (old server, ACL) is harmless, and so is a password sent to a
          // server that needs none (ioredis only warns there too); other AUTH and SELECT errors are not
          const text = scanner.firstError ?? 'ERR'
          const harmless =
            /SETNAME|unknown subcommand|NOPERM.*client|without any password configured|no password is set/i
          if (!harmless.test(text)) return fail(new Error(text))
        }
        if (scanner.replies >= hello.length) ready()
      },
    }
    const sock = connect({
      host: ep.host,
      port: ep.port,
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback: (n: number, buf: Uint8Array): boolean => {
          rs.onData(buf as Buffer, n)
          return true
        },
      },
    })
    rs.socket = sock
    let connected = false
    const timer = setTimeout(
      () =>
        fail(
          new Error(
            connected
              ? `the server did not answer within ${timeoutMs} ms`
              : `connect ETIMEDOUT: no connection within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    )
    const fail = (err: Error): void => {
      clearTimeout(timer)
      rs.onData = () => {}
      sock.destroy()
      reject(err)
    }
    const ready = (): void => {
      clearTimeout(timer)
      rs.onData = () => {}
      sock.off('error', fail)
      // between loops an error must not go unheard (the next loop sees the socket closed)
      sock.on('error', () => {})
      resolve(rs)
    }
    sock.once('error', fail)
    sock.once('connect', () => {
      connected = true
      if (hello.length === 0) ready()
      else sock.write(Buffer.concat(hello.map(encodeCommand)))
    })
  })
}
