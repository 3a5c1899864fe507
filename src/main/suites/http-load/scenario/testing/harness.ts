import { afterEach } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { httpLoadWorker } from '../../worker'
import { completeHttpLoadResult } from '../../request-analysis'
import { expectValidResult, testContext } from '../../open-model/testing/context'
import { startRoutedServer, type RoutedServer } from './routed-server'

/**
 * For a file of scenario tests: each test's routed server and temp folder, closed and removed
 * after it, and `run`, which sends a suite to that server and checks the result's schema.
 */
export function scenarioHarness() {
  let server: RoutedServer | undefined
  let dir: string | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })
  return {
    async start(delays: Record<string, number> = {}): Promise<RoutedServer> {
      server = await startRoutedServer(delays)
      return server
    },
    tempDir(): string {
      dir = mkdtempSync(join(tmpdir(), 'perfdesk-data-'))
      return dir
    },
    async run(config: Record<string, unknown>, signal?: AbortSignal) {
      const { ctx } = testContext(server!.url, config, signal)
      const out = await httpLoadWorker.run(ctx)
      // and the main thread's analysis, as the engine applies it to every finished suite
      return completeHttpLoadResult(expectValidResult(out, ctx))
    },
  }
}
