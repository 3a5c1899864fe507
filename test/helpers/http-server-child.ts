// The child side of startServerProcess(): one startServer() in its own process, driven over IPC.
import { startServer } from './http-servers'
import type { ServerOptions } from './http-servers'

type Message = { type: 'stats'; id: number } | { type: 'close' }

const send = (m: unknown): void => {
  process.send?.(m)
}
const server = await startServer(JSON.parse(process.argv[2] ?? '{}') as ServerOptions)
process.on('message', (m: Message) => {
  if (m.type === 'stats') send({ type: 'stats', id: m.id, stats: server.stats() })
  else if (m.type === 'close') void server.close().then(() => process.exit(0))
})
// the parent went away without closing: do not linger
process.on('disconnect', () => process.exit(0))
send({ type: 'ready', url: server.url, port: server.port })
