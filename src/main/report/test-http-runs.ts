import { HttpLoadConfigSchema, PlanSchema, RESULT_SCHEMA_VERSION } from '@shared/index'
import type { HttpLoadSuiteResult, RunResult } from '@shared/index'
import { httpLoadWorker } from '../suites/http-load/worker'

/**
 * A real run of the http-load worker against `baseUrl`, wrapped as a RunResult the way the
 * engine would save it. For tests of compare: called with a fake suite context, no engine.
 */
export async function realHttpRun(
  id: string,
  baseUrl: string,
  durationSec: number,
  connections = 10,
): Promise<RunResult> {
  const config = HttpLoadConfigSchema.parse({
    kind: 'http-load',
    target: 'api',
    requests: [{ method: 'GET', path: '/' }],
    connections,
    durationSec,
  })
  const startedAt = new Date().toISOString()
  const out = await httpLoadWorker.run({
    runId: id,
    suiteIndex: 0,
    config,
    target: { id: 'api', kind: 'http', baseUrl },
    signal: new AbortController().signal,
    progress() {},
    log() {},
  })
  const { serverVersion: _sv, notes, ...rest } = out
  const endedAt = new Date().toISOString()
  const suite: HttpLoadSuiteResult = {
    ...rest,
    notes: notes ?? [],
    index: 0,
    name: 'HTTP load: GET /',
    target: 'api',
    kind: 'http-load',
    config,
    startedAt,
    endedAt,
  }
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id,
    status: out.status === 'passed' ? 'passed' : 'failed',
    plan: PlanSchema.parse({
      id: 'compare-test',
      name: 'compare test',
      targets: [{ id: 'api', kind: 'http', baseUrl }],
      suites: [config],
    }),
    startedAt,
    endedAt,
    environment: {
      perfdeskVersion: '0.1.0',
      os: process.platform,
      arch: process.arch,
      cpus: 2,
      cpuModel: 'test',
      memoryBytes: 0,
      node: process.version,
      runtime: 'test',
      servers: {},
    },
    suites: [suite],
    findings: suite.findings,
    baseline: false,
  }
}
