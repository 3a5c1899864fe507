/**
 * The load loop's own PostgreSQL wire path: extended protocol only, named statements parsed
 * once per connection, then one write of Bind/Execute/Sync per transaction and a reply scan
 * that looks only at message types (rows are skipped, never decoded).
 *
 * Why not node-pg here: on this 2-core machine, a point query by primary key with 16 clients
 * reached ~7.4k TPS with node-pg unnamed statements and ~10.4k with named ones, against
 * pgbench -M extended -j 2 at ~14–17k (0.49× / 0.74×, TOOLCHAIN.md and issue 9); the target is
 * ≥ 0.80×. node-pg builds a Result object, parses every row and goes through several promise
 * and event hops per query. pg still opens the connection (authentication, SSL, options) and
 * does everything else (set-up, EXPLAIN, health); this module takes the socket over once the
 * session is ready.
 */
import { Socket, type SocketConstructorOpts } from 'node:net'
import type { Duplex } from 'node:stream'
import type pg from 'pg'

/**
 * A plain-TCP socket for pg that reads with `onread` (one reusable buffer, no stream
 * machinery per chunk): while pg opens the session its chunks are handed on as 'data'
 * events (copied), after the take-over straight to the wire connection. Used without SSL
 * (a TLS socket reads through its own layer).
 */
export class FastSocket extends Socket {
  private readonly route: { handler: ((chunk: Buffer) => void) | null }

  constructor() {
    // onread is read by the Socket constructor only, so its callback reaches the route object
    const route: { handler: ((chunk: Buffer) => void) | null; socket?: Socket } = { handler: null }
    // (Node's types list onread under connect(); the constructor is where Node reads it)
    super({
      onread: {
        buffer: Buffer.allocUnsafe(64 * 1024),
        callback: (n: number, buf: Uint8Array): boolean => {
          const chunk = Buffer.from(buf.buffer, buf.byteOffset, n)
          if (route.handler) route.handler(chunk)
          else route.socket?.emit('data', Buffer.from(chunk))
          return true
        },
      },
    } as SocketConstructorOpts)
    route.socket = this
    this.route = route
  }

  /** From now on chunks go to `h` (valid only during the call: copy what is kept). */
  takeOver(h: (chunk: Buffer) => void): void {
    this.route.handler = h
  }
}

export interface WireError {
  message: string
  code?: string
  /** the connection is unusable (socket closed, protocol error) */
  fatal: boolean
}

type Done = (err: WireError | null) => void

const SYNC = Buffer.from([0x53, 0, 0, 0, 4])
/** Execute the unnamed portal, all rows */
const EXECUTE = Buffer.from([0x45, 0, 0, 0, 9, 0, 0, 0, 0, 0])

function cstring(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])])
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.allocUnsafe(5)
  head.write(type, 0, 'latin1')
  head.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([head, body])
}

/** Parse: a named statement, parameter types left to the server. */
export function parseMessage(name: string, sql: string): Buffer {
  return message('P', Buffer.concat([cstring(name), cstring(sql), Buffer.from([0, 0])]))
}

/** Bind with no parameters (the statement's whole Bind is constant). */
function bindNoParams(statement: string): Buffer {
  return message('B', Buffer.concat([Buffer.from([0]), cstring(statement), Buffer.alloc(6)]))
}

/** A simple-protocol query; used only for our own ROLLBACK after an error. */
function simpleQuery(sql: string): Buffer {
  return message('Q', cstring(sql))
}

export type WireValue = string | number | boolean | null

/**
 * Encodes Bind(unnamed portal, named statement, text values) + Execute + Sync, optionally
 * framed by the prepared BEGIN READ ONLY / ROLLBACK of the read-only guard, as one buffer:
 * one socket write per transaction.
 */
export class BindEncoder {
  private readonly head: Buffer
  private readonly constant: Buffer | null

  constructor(
    statement: string,
    paramCount: number,
    private readonly frame: { before: Buffer; after: Buffer } | null,
  ) {
    // portal "" + statement name + 0 parameter format codes (all text)
    this.head = Buffer.concat([Buffer.from([0]), cstring(statement), Buffer.from([0, 0])])
    this.constant = paramCount === 0 ? this.wrap(bindNoParams(statement)) : null
  }

  private wrap(bind: Buffer): Buffer {
    const parts = this.frame
      ? [this.frame.before, bind, EXECUTE, this.frame.after, SYNC]
      : [bind, EXECUTE, SYNC]
    return Buffer.concat(parts)
  }

  encode(values: readonly WireValue[]): Buffer {
    if (this.constant) return this.constant
    const n = values.length
    const texts: (string | null)[] = new Array<string | null>(n)
    let size = 1 + 4 + this.head.length + 2 + 2 // type, length, head, nParams, nResultFormats
    for (let i = 0; i < n; i++) {
      const v = values[i]
      const t =
        v === null || v === undefined ? null : v === true ? 't' : v === false ? 'f' : String(v)
      texts[i] = t
      size += 4 + (t === null ? 0 : Buffer.byteLength(t, 'utf8'))
    }
    const before = this.frame?.before
    const after = this.frame?.after
    const extra = (before ? before.length + after!.length : 0) + EXECUTE.length + SYNC.length
    const buf = Buffer.allocUnsafe(size + extra)
    let o = 0
    if (before) o += before.copy(buf, o)
    buf[o++] = 0x42 // 'B'
    buf.writeInt32BE(size - 1, o)
    o += 4
    o += this.head.copy(buf, o)
    buf.writeInt16BE(n, o)
    o += 2
    for (let i = 0; i < n; i++) {
      const t = texts[i]
      if (t === null || t === undefined) {
        buf.writeInt32BE(-1, o)
        o += 4
      } else {
        const len = buf.write(t, o + 4, 'utf8')
        buf.writeInt32BE(len, o)
        o += 4 + len
      }
    }
    buf.writeInt16BE(0, o) // result columns in text (ignored anyway)
    o += 2
    o += EXECUTE.copy(buf, o)
    if (after) o += after.copy(buf, o)
    SYNC.copy(buf, o)
    return buf
  }
}

/** The fields of an ErrorResponse we report: message and SQLSTATE. */
function readError(buf: Buffer, start: number, end: number): WireError {
  let message = 'unknown server error'
  let code: string | undefined
  let i = start
  while (i < end && buf[i] !== 0) {
    const field = buf[i]!
    const stop = buf.indexOf(0, i + 1)
    if (stop < 0 || stop > end) break
    const value = buf.toString('utf8', i + 1, stop)
    if (field === 0x4d)
      message = value // 'M'
    else if (field === 0x43) code = value // 'C'
    i = stop + 1
  }
  const fatal = code?.startsWith('08') === true || code?.startsWith('57P') === true
  return code === undefined ? { message, fatal } : { message, code, fatal }
}

/**
 * One connection driven directly: a pg.Client opens it (auth, SSL, startup options), then the
 * socket is taken over. One transaction in flight at a time, like pgbench.
 */
export class WireConnection {
  private readonly socket: Duplex
  private pending: Buffer | null = null
  private done: Done | null = null
  private error: WireError | null = null
  /** after an error inside our BEGIN, a ROLLBACK is sent and its ReadyForQuery awaited */
  private rollingBack = false
  /** the server reported default_transaction_read_only turned off (see the `watch` option) */
  private readOnlyLost = false
  closed = false
  readonly processID: number | undefined

  /**
   * `watchReadOnly`: the session's transactions are read-only by default, and the server
   * reports any change of that default (GUC_REPORT since PostgreSQL 14) before its
   * ReadyForQuery; the connection is then failed, so nothing after it runs read-write.
   */
  constructor(
    client: pg.Client,
    private readonly watchReadOnly = false,
  ) {
    const internals = client as unknown as {
      connection: { stream: Duplex }
      processID?: number
    }
    this.processID = internals.processID
    this.socket = internals.connection.stream
    this.socket.removeAllListeners('data')
    if (this.socket instanceof FastSocket) this.socket.takeOver((chunk) => this.onData(chunk))
    else this.socket.on('data', (chunk: Buffer) => this.onData(chunk))
    const lost = (): void => {
      this.closed = true
      const cb = this.done
      this.done = null
      cb?.({ message: 'the server closed the connection', fatal: true })
    }
    this.socket.on('close', lost)
    this.socket.on('error', () => undefined)
  }

  /** Sends pre-encoded messages ending in Sync; `cb` runs at ReadyForQuery. */
  send(bytes: Buffer, cb: Done): void {
    if (this.closed) {
      cb({ message: 'the connection is closed', fatal: true })
      return
    }
    this.done = cb
    this.error = null
    this.socket.write(bytes)
  }

  /** Parses named statements (once per connection); rejects with the server's error. */
  prepare(statements: readonly { name: string; sql: string }[]): Promise<void> {
    const bytes = Buffer.concat([...statements.map((s) => parseMessage(s.name, s.sql)), SYNC])
    return new Promise((resolve, reject) =>
      this.send(bytes, (err) => (err ? reject(new Error(err.message)) : resolve())),
    )
  }

  private onData(chunk: Buffer): void {
    let buf = chunk
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk])
      this.pending = null
    }
    let off = 0
    const n = buf.length
    while (off + 5 <= n) {
      const len = buf.readInt32BE(off + 1)
      const end = off + 1 + len
      if (end > n) break
      const type = buf[off]!
      if (type === 0x5a) {
        // 'Z' ReadyForQuery: status I (idle), T (in a transaction), E (failed transaction)
        const status = buf[off + 5]
        if (status !== 0x49 && !this.rollingBack) {
          this.rollingBack = true
          this.socket.write(simpleQuery('ROLLBACK'))
        } else {
          this.rollingBack = false
          const cb = this.done
          const err = this.readOnlyLost ? READ_ONLY_LOST : this.error
          this.done = null
          cb?.(err)
        }
      } else if (type === 0x53 && this.watchReadOnly) {
        // 'S' ParameterStatus: name\0value\0
        const nameEnd = buf.indexOf(0, off + 5)
        const name = buf.toString('utf8', off + 5, nameEnd)
        const value = buf.toString('utf8', nameEnd + 1, end - 1)
        if (name === 'default_transaction_read_only' && value !== 'on') this.readOnlyLost = true
      } else if (type === 0x45) {
        // 'E' ErrorResponse: keep the first one of this transaction
        this.error ??= readError(buf, off + 5, end)
      }
      off = end
    }
    // a copy: the chunk's memory is reused by the next read
    if (off < n) this.pending = Buffer.from(buf.subarray(off))
  }

  /** Terminate, then close. */
  end(): void {
    if (this.closed) return
    this.closed = true
    this.socket.end(Buffer.from([0x58, 0, 0, 0, 4]))
  }

  destroy(): void {
    this.closed = true
    this.socket.destroy()
  }
}

const READ_ONLY_LOST: WireError = {
  message:
    'a statement turned default_transaction_read_only off; PerfDesk closed the connection before anything else ran on it',
  code: '25006',
  fatal: true,
}

/** The read-only frame: prepared BEGIN READ ONLY before and ROLLBACK after every statement. */
export const READ_ONLY_FRAME = {
  statements: [
    { name: 'pd_ro_begin', sql: 'BEGIN TRANSACTION READ ONLY' },
    { name: 'pd_ro_end', sql: 'ROLLBACK' },
  ],
  bytes: {
    before: Buffer.concat([bindNoParams('pd_ro_begin'), EXECUTE]),
    after: Buffer.concat([bindNoParams('pd_ro_end'), EXECUTE]),
  },
}
