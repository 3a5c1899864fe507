// A test server in its own process, so that its stalls cannot stall the load generator and
// the generator's busy loop cannot delay its timestamps. Options arrive as JSON in argv[2];
// it reports { type: 'ready', port } over IPC and answers { type: 'stats' } requests.
//   delayMs        answer after this many ms (a timer: the server stays responsive)
//   stall          { everyMs, forMs }: freeze the whole process (busy loop, like a GC pause)
//                  forMs every everyMs, the first freeze everyMs after the first request
//   concurrency    serve at most this many at once, the rest wait in FIFO order
//   serviceMs      with concurrency: how long each one is served
//   routeDelays    { "/path": ms }: a delay per path (query ignored), over delayMs
//   record         keep the arrival time of every request (monotonic clock, ms)
//   raw            a bare TCP server instead of node:http (GET/HEAD without a body only, with
//                  delayMs or nothing else): arrivals are stamped on the socket's 'data' event,
//                  the closest a process gets to the wire, and the server's own work per
//                  request is a few µs, so its stamps stay even when node:http's would not
import { createServer } from 'node:http'
import { createServer as createNetServer } from 'node:net'

const opts = JSON.parse(process.argv[2] ?? '{}')
const hrMs = () => Number(process.hrtime.bigint()) / 1e6
const arrivals = []
const freezes = []
const body = Buffer.from('ok')
let requests = 0
let active = 0
let maxActive = 0
const queue = []

const answer = (res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
  res.end(body)
}

const serveLimited = (res) => {
  active++
  maxActive = Math.max(maxActive, active)
  setTimeout(() => {
    answer(res)
    active--
    const next = queue.shift()
    if (next) serveLimited(next)
  }, opts.serviceMs ?? 0)
}

const freeze = (forMs) => {
  const start = hrMs()
  while (hrMs() - start < forMs) {
    // a stalled process: nothing is read, nothing is answered
  }
  freezes.push([start, hrMs()])
}

let stallStarted = false
const startStalls = () => {
  if (stallStarted || !opts.stall) return
  stallStarted = true
  const first = hrMs()
  let k = 1
  const next = () => {
    const at = first + k * opts.stall.everyMs
    setTimeout(
      () => {
        freeze(opts.stall.forMs)
        k++
        next()
      },
      Math.max(0, at - hrMs()),
    )
  }
  next()
}

const RAW_ANSWER = Buffer.from(
  'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nkeep-alive: timeout=60\r\n\r\nok',
  'latin1',
)
const CR = 13
const LF = 10

/** A raw request counter: every CRLFCRLF ends one request head (no bodies), across chunks. */
const rawServer = () =>
  createNetServer((socket) => {
    socket.setNoDelay(true)
    // how many bytes of \r\n\r\n the previous chunk ended with
    let matched = 0
    const reply = () => {
      if (!socket.destroyed) socket.write(RAW_ANSWER)
    }
    socket.on('data', (chunk) => {
      const at = opts.record ? hrMs() : 0
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]
        if (b === (matched % 2 === 0 ? CR : LF)) matched++
        else matched = b === CR ? 1 : 0
        if (matched === 4) {
          matched = 0
          if (opts.record) arrivals.push(at)
          requests++
          if (opts.delayMs) setTimeout(reply, opts.delayMs)
          else reply()
        }
      }
    })
    socket.on('error', () => {})
  })

const server = opts.raw
  ? rawServer()
  : createServer((req, res) => {
      if (opts.record) arrivals.push(hrMs())
      requests++
      startStalls()
      req.resume()
      if (opts.concurrency) {
        if (active < opts.concurrency) serveLimited(res)
        else queue.push(res)
      } else {
        const delay = opts.routeDelays?.[req.url.split('?')[0]] ?? opts.delayMs
        if (delay) setTimeout(() => answer(res), delay)
        else answer(res)
      }
    })
if (!opts.raw) {
  server.keepAliveTimeout = 60_000
  server.headersTimeout = 0
  server.requestTimeout = 0
}
server.listen(0, '127.0.0.1', () => {
  process.send({ type: 'ready', port: server.address().port })
})
process.on('message', (m) => {
  if (m?.type === 'stats') process.send({ type: 'stats', requests, arrivals, freezes, maxActive })
  if (m?.type === 'reset') {
    arrivals.length = 0
    requests = 0
    maxActive = 0
  }
})
process.on('disconnect', () => process.exit(0))
