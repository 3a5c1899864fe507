import { HttpCacheConfigSchema } from '@shared/index'
import type { HttpTarget } from '@shared/index'
import type { z } from 'zod'
import type { SuiteOutput } from '../../types'
import { httpCacheWorker } from '../worker'

/** Runs the suite's worker in this thread against `baseUrl`, as the engine would. */
export async function runCacheSuite(
  baseUrl: string,
  config: Omit<z.input<typeof HttpCacheConfigSchema>, 'kind' | 'target'>,
  signal: AbortSignal = new AbortController().signal,
): Promise<SuiteOutput<'http-cache'>> {
  const target: HttpTarget = { id: 't', kind: 'http', baseUrl }
  return httpCacheWorker.run({
    runId: 'test',
    suiteIndex: 0,
    config: HttpCacheConfigSchema.parse({ kind: 'http-cache', target: 't', ...config }),
    target,
    signal,
    progress: () => {},
    log: () => {},
  })
}
