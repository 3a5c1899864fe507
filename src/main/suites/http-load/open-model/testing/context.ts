import { HttpLoadConfigSchema, type HttpTarget } from '@shared/index'
import type { SuiteContext, SuiteProgress } from '../../../types'

/** A suite context for tests: the config is parsed by the real schema, progress is collected. */
export function testContext(
  url: string,
  config: Record<string, unknown>,
  signal: AbortSignal = new AbortController().signal,
): { ctx: SuiteContext<'http-load'>; progress: SuiteProgress[] } {
  const progress: SuiteProgress[] = []
  const target: HttpTarget = { id: 'srv', kind: 'http', baseUrl: url }
  const ctx: SuiteContext<'http-load'> = {
    runId: 'test',
    suiteIndex: 0,
    config: HttpLoadConfigSchema.parse({
      kind: 'http-load',
      target: 'srv',
      requests: [{ method: 'GET', path: '/' }],
      ...config,
    }),
    target,
    signal,
    progress: (p) => progress.push(p),
    log: () => {},
  }
  return { ctx, progress }
}
