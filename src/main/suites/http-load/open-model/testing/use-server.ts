import { afterAll, beforeAll } from 'vitest'
import { runArrivalRate } from '../arrival-rate'
import type { ArrivalRateMeasurement } from '../measurement'
import { encodeRequests, endpointOf } from '../http-wire'
import { runOpenModel } from '../index'
import { ArrivalSchedule } from '../schedule'
import { testContext } from './context'
import { startServerProcess, type ServerProcess, type ServerProcessOptions } from './server'

/**
 * Starts a test server for the enclosing describe block and closes it after; the returned
 * getter gives the running server inside the tests.
 */
export function useServerProcess(opts: ServerProcessOptions): () => ServerProcess {
  let server: ServerProcess | undefined
  beforeAll(async () => {
    server = await startServerProcess(opts)
  })
  afterAll(async () => {
    await server?.close()
  })
  return () => {
    if (!server) throw new Error('the test server is not started yet')
    return server
  }
}

/** A constant-rate GET / against the server, measured by the open-model generator itself. */
export async function runConstantGet(
  server: ServerProcess,
  rate: number,
  seconds: number,
  maxConnections: number,
): Promise<{ m: ArrivalRateMeasurement; schedule: ArrivalSchedule }> {
  const target = { id: 's', kind: 'http' as const, baseUrl: server.url }
  const schedule = ArrivalSchedule.constant(rate, seconds)
  const m = await runArrivalRate({
    endpoint: endpointOf(target),
    requests: encodeRequests(server.url, [{ method: 'GET', path: '/', headers: {} }]),
    schedule,
    maxConnections,
    timeoutMs: 10_000,
  })
  return { m, schedule }
}

/** The whole open-model suite at a constant rate against the server, with what the server saw. */
export async function runSuiteAtRate(server: ServerProcess, rate: number, durationSec: number) {
  // a fresh count for every run (a retry reuses the server): the stats round trip comes after the reset
  server.reset()
  await server.stats()
  const { ctx, progress } = testContext(server.url, { model: 'arrival-rate', rate, durationSec })
  const out = await runOpenModel(ctx)
  const { arrivals } = await server.stats()
  return { out, progress, arrivals }
}
