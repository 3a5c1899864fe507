import { connect as netConnect, isIP, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { performance } from 'node:perf_hooks'
import { ParseError, ResponseParser, type Endpoint } from './http-wire'
import type { Outgoing, ScenarioUser } from '../scenario/runner'

export interface ConnectionEvents {
  /** the connection is established and idle */
  onReady(c: Connection): void
  /** a response completed at `now` (performance.now ms); `reusable` is false when the server closes */
  onResponse(c: Connection, status: number, now: number, reusable: boolean): void
  /** the connection died; `inFlight` says whether a request was waiting for its answer */
  onFailure(c: Connection, err: Error, inFlight: boolean): void
}

/** Counters shared by all the connections of one run. */
export interface WireCounters {
  bytesIn: number
}

/**
 * One keep-alive HTTP/1.1 connection with at most one request on the wire. The owner keeps
 * its per-request bookkeeping (intended and actual send time) in the public fields, so that
 * sending a request allocates nothing.
 */
export class Connection {
  readonly socket: Socket
  readonly openedAt = performance.now()
  connected = false
  dead = false
  busy = false
  /** owner's bookkeeping for the request on the wire */
  intendedAt = 0
  sentAt = 0
  /** the plan index of the request on the wire */
  index = 0
  /** the user whose request is on the wire: a mix's shared one, or the walk this connection holds */
  user: ScenarioUser | null = null
  /** a flow's walk waits for this new connection: its next step's intended time, else -1 */
  resumeAt = -1
  private readonly parser: ResponseParser
  private closeAfter = false

  constructor(
    endpoint: Endpoint,
    private readonly events: ConnectionEvents,
    counters: WireCounters,
  ) {
    this.parser = new ResponseParser((status, close) => {
      this.busy = false
      if (close) this.closeAfter = true
      this.lastStatus = status
      this.responses++
    })
    const onConnect = (): void => {
      this.connected = true
      this.socket.setNoDelay(true)
      this.events.onReady(this)
    }
    this.socket = endpoint.tls
      ? tlsConnect(
          {
            host: endpoint.host,
            port: endpoint.port,
            rejectUnauthorized: endpoint.rejectUnauthorized,
            servername: isIP(endpoint.host) ? undefined : endpoint.host,
          },
          onConnect,
        )
      : netConnect({ host: endpoint.host, port: endpoint.port }, onConnect)
    this.socket.on('data', (chunk: Buffer) => {
      counters.bytesIn += chunk.length
      this.responses = 0
      try {
        this.parser.feed(chunk)
      } catch (err) {
        this.fail(err instanceof ParseError ? err : new ParseError(String(err)))
        return
      }
      if (this.responses > 0) this.finishResponse()
    })
    this.socket.on('error', (err) => this.fail(err))
    this.socket.on('close', () => {
      if (this.dead) return
      if (this.parser.end()) {
        this.finishResponse()
        return
      }
      this.fail(
        new Error(this.connected ? 'the server closed the connection' : 'connection closed'),
      )
    })
  }

  private responses = 0
  private lastStatus = 0

  private finishResponse(): void {
    const now = performance.now()
    const reusable = !this.closeAfter && !this.dead
    if (!reusable) this.destroy()
    this.events.onResponse(this, this.lastStatus, now, reusable)
  }

  /** the head of the last captured answer */
  get lastHead(): string | null {
    return this.parser.lastHead
  }

  /** the body of the last captured answer */
  get lastBody(): Buffer | null {
    return this.parser.lastBody
  }

  send(req: Outgoing): void {
    this.busy = true
    this.index = req.index
    this.parser.expectNoBody = req.head
    this.parser.capture = req.capture
    this.socket.write(req.bytes)
  }

  private fail(err: Error): void {
    if (this.dead) return
    const inFlight = this.busy
    this.destroy()
    this.events.onFailure(this, err, inFlight)
  }

  destroy(): void {
    this.dead = true
    this.busy = false
    this.socket.destroy()
  }
}
