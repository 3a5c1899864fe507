import { connect as netConnect, isIP, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { performance } from 'node:perf_hooks'
import { ParseError, ResponseParser, type Endpoint } from '../open-model/http-wire'
import type { Outgoing, ScenarioUser } from '../scenario/runner'

export interface PipelineEvents {
  /** the connection is established and may send */
  onReady(c: PipelinedConnection): void
  /**
   * One answer, in request order: `latencyMs` from its send; `close` when the server closes
   * after it; `index` the request's index in the plan (its head and body in c.lastHead/lastBody
   * when it was sent with `capture`).
   */
  onResponse(
    c: PipelinedConnection,
    status: number,
    latencyMs: number,
    close: boolean,
    index: number,
  ): void
  /** the connection died; `c.inFlight` requests were lost with it */
  onFailure(c: PipelinedConnection, err: Error): void
}

/**
 * One read buffer for every plain-TCP connection of this thread: with `onread`, Node reads
 * into it and calls us synchronously, so a read allocates nothing (the stream path makes a
 * Buffer and an event per read). The parser copies the rare partial head it must keep.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024)

/**
 * A keep-alive HTTP/1.1 connection for the closed model, with up to `depth` requests on the
 * wire (pipelining). Send times live in a typed ring, so sending and answering allocate
 * nothing; responses are parsed by the shared ResponseParser of the open model.
 */
export class PipelinedConnection {
  readonly socket: Socket
  connected = false
  dead = false
  inFlight = 0
  /** bytes received, added to by every read */
  bytesIn = 0
  /** the virtual user this connection carries (its flow position and variables) */
  user: ScenarioUser | null = null
  /** the user is pausing after a step (thinkMs): send nothing */
  thinking = false
  private readonly sentAt: Float64Array
  /** per slot: bit 0 a HEAD request, bit 1 capture the answer */
  private readonly heads: Uint8Array
  private readonly indices: Uint32Array
  private first = 0
  private readAt = 0
  private readonly parser: ResponseParser

  constructor(
    endpoint: Endpoint,
    private readonly depth: number,
    private readonly events: PipelineEvents,
    captureServer = false,
  ) {
    this.sentAt = new Float64Array(depth)
    this.heads = new Uint8Array(depth)
    this.indices = new Uint32Array(depth)
    this.parser = new ResponseParser((status, close) => this.answered(status, close))
    if (captureServer) this.parser.server = ''
    const onConnect = (): void => {
      this.connected = true
      this.socket.setNoDelay(true)
      this.events.onReady(this)
    }
    if (endpoint.tls) {
      this.socket = tlsConnect(
        {
          host: endpoint.host,
          port: endpoint.port,
          rejectUnauthorized: endpoint.rejectUnauthorized,
          servername: isIP(endpoint.host) ? undefined : endpoint.host,
        },
        onConnect,
      )
      this.socket.on('data', (chunk: Buffer) => this.read(chunk, chunk.length))
    } else {
      this.socket = netConnect(
        {
          host: endpoint.host,
          port: endpoint.port,
          onread: { buffer: READ_BUFFER, callback: (n) => this.read(READ_BUFFER, n) },
        },
        onConnect,
      )
    }
    this.socket.on('error', (err) => this.fail(err))
    this.socket.on('close', () => {
      if (this.dead) return
      this.readAt = performance.now()
      this.parser.end()
      if (this.dead) return
      this.fail(
        new Error(this.connected ? 'the server closed the connection' : 'connection closed'),
      )
    })
  }

  /** The Server header of the first answer, when asked for ('' until it came). */
  get server(): string | null {
    return this.parser.server
  }

  /** send time of the oldest request on the wire (performance.now ms) */
  get oldestSentAt(): number {
    return this.sentAt[this.first]!
  }

  private read(buf: Buffer, n: number): boolean {
    if (this.dead) return false
    this.bytesIn += n
    // one clock read per read: every answer in it arrived at the same moment
    this.readAt = performance.now()
    try {
      this.parser.feed(buf, n)
    } catch (err) {
      this.fail(err instanceof ParseError ? err : new ParseError(String(err)))
    }
    return true
  }

  /** the head of the last captured answer */
  get lastHead(): string | null {
    return this.parser.lastHead
  }

  /** the body of the last captured answer */
  get lastBody(): Buffer | null {
    return this.parser.lastBody
  }

  /** Calls `fn` with the plan index of every request still on the wire. */
  forEachPending(fn: (index: number) => void): void {
    for (let k = 0, slot = this.first; k < this.inFlight; k++) {
      fn(this.indices[slot]!)
      slot = slot + 1 === this.depth ? 0 : slot + 1
    }
  }

  private expect(slot: number): void {
    this.parser.expectNoBody = (this.heads[slot]! & 1) === 1
    this.parser.capture = (this.heads[slot]! & 2) === 2
  }

  private answered(status: number, close: boolean): void {
    if (this.dead || this.inFlight === 0) return
    const latency = this.readAt - this.sentAt[this.first]!
    const index = this.indices[this.first]!
    this.first = this.first + 1 === this.depth ? 0 : this.first + 1
    this.inFlight--
    if (this.inFlight > 0) this.expect(this.first)
    this.events.onResponse(this, status, latency, close, index)
  }

  send(req: Outgoing): void {
    let slot = this.first + this.inFlight
    if (slot >= this.depth) slot -= this.depth
    this.sentAt[slot] = performance.now()
    this.heads[slot] = (req.head ? 1 : 0) | (req.capture ? 2 : 0)
    this.indices[slot] = req.index
    if (this.inFlight === 0) this.expect(slot)
    this.inFlight++
    this.socket.write(req.bytes)
  }

  private fail(err: Error): void {
    if (this.dead) return
    this.dead = true
    this.socket.destroy()
    this.events.onFailure(this, err)
    this.inFlight = 0
  }

  destroy(): void {
    this.dead = true
    this.inFlight = 0
    this.socket.destroy()
  }
}
