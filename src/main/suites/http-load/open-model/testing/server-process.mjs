// A test server in its own process, so that its stalls cannot stall the load generator and
// the generator's busy loop cannot delay its timestamps. Options arrive as JSON in argv[2];
// it reports { type: 'ready', port } over IPC and answers { type: 'stats' } requests.
//   delayMs        answer after this many ms (a timer: the server stays responsive)
//   stall          { everyMs, forMs }: freeze the whole process (busy loop, like a GC pause)
//                  forMs every everyMs, the first freeze everyMs after the first request
//   concurrency    serve at most this many at once, the rest wait in FIFO order
//   serviceMs      with concurrency: how long each one is served
//   record         keep the arrival time of every request (monotonic clock, ms)
import { createServer } from 'node:http'

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

const server = createServer((req, res) => {
  if (opts.record) arrivals.push(hrMs())
  requests++
  startStalls()
  req.resume()
  if (opts.concurrency) {
    if (active < opts.concurrency) serveLimited(res)
    else queue.push(res)
  } else if (opts.delayMs) setTimeout(() => answer(res), opts.delayMs)
  else answer(res)
})
server.keepAliveTimeout = 60_000
server.headersTimeout = 0
server.requestTimeout = 0
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
