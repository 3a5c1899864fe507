import { afterAll, beforeAll } from 'vitest'
import { startEdge, startOrigin, type Running } from './origin'

/**
 * Test helper: the test origin and an nginx edge in front of it, started before the file's
 * tests and stopped after them. The fields are set once `beforeAll` has run.
 */
export function originAndEdgeForFile(): { origin: Running; edge: Running } {
  const servers = {} as { origin: Running; edge: Running }
  beforeAll(async () => {
    servers.origin = await startOrigin()
    servers.edge = await startEdge(servers.origin.port)
  })
  afterAll(async () => {
    await servers.edge.close()
    await servers.origin.close()
  })
  return servers
}
