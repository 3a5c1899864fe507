import { afterAll, beforeAll } from 'vitest'
import { startServer, type ServerOptions, type TestServer } from './http-servers'

/**
 * A test server for the calling describe block (or file): started in beforeAll, closed in
 * afterAll. Read its fields inside tests and hooks only.
 */
export function useServer(opts: ServerOptions = {}): TestServer {
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await startServer(opts)
  })
  afterAll(async () => {
    await server?.close()
  })
  const live = (): TestServer => {
    if (!server) throw new Error('useServer: the server is not started (read it inside a test)')
    return server
  }
  return {
    get url() {
      return live().url
    },
    get port() {
      return live().port
    },
    stats: () => live().stats(),
    close: () => live().close(),
  }
}
