import { connect, createServer, type Socket } from 'node:net'

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL, Redis) that holds each chunk
 * the client sends for `delayMs()` milliseconds before passing it on: a server with a known,
 * test-controlled extra latency, without slowing the shared server for anyone else.
 */
export interface DelayProxy {
  port: number
  close(): Promise<void>
}

export function startDelayProxy(upstreamPort: number, delayMs: () => number): Promise<DelayProxy> {
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    // chunks keep their order: each waits for the one before it and its own delay
    let chain = Promise.resolve()
    client.on('data', (chunk) => {
      const wait = delayMs()
      chain = chain.then(
        () =>
          new Promise<void>((done) =>
            setTimeout(() => {
              if (!upstream.destroyed) upstream.write(chunk)
              done()
            }, wait),
          ),
      )
    })
    upstream.pipe(client)
    client.on('end', () => void chain.then(() => upstream.end()))
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address()
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : 0,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}
