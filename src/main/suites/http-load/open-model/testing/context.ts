import { expect } from 'vitest'
import {
  HttpLoadConfigSchema,
  HttpLoadSuiteResultSchema,
  type HttpLoadSuiteResult,
  type HttpTarget,
} from '@shared/index'
import type { SuiteContext, SuiteOutput, SuiteProgress } from '../../../types'

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

/** The output must fit the result schema once the engine adds its own fields. */
export function expectValidResult(
  out: SuiteOutput<'http-load'>,
  ctx: SuiteContext<'http-load'>,
): HttpLoadSuiteResult {
  const { serverVersion: _sv, ...rest } = out
  const parsed = HttpLoadSuiteResultSchema.safeParse({
    ...rest,
    index: 0,
    name: 'test',
    target: ctx.config.target,
    kind: 'http-load',
    config: ctx.config,
    startedAt: new Date().toISOString(),
    endedAt: new Date().toISOString(),
  })
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
  return parsed.data!
}
