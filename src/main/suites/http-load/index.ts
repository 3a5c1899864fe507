import type { SuiteDefinition } from '../contract'
import { splitHttpShard } from './split-shard'
import { mergeHttpShards } from './merge-shards'
import { httpLoadReport } from './report'
import { completeHttpLoadResult } from './request-analysis'
import { validateScenario } from './scenario/validate'

export const httpLoadSuite: SuiteDefinition<'http-load'> = {
  kind: 'http-load',
  label: 'HTTP load',
  loadWorker: async () => (await import('./worker')).httpLoadWorker,
  report: httpLoadReport,
  complete: completeHttpLoadResult,
  splitShard: splitHttpShard,
  mergeShards: mergeHttpShards,
  describe: (c) =>
    c.name ?? `HTTP load: ${c.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`,
  expectedSec: (c) => {
    if (c.amount !== undefined && !c.stages) return null
    if (c.sweep?.connections) return c.sweep.connections.length * (c.durationSec ?? 10)
    if (c.sweep?.rates) return c.sweep.rates.length * (c.durationSec ?? 10)
    if (c.stages) return c.stages.reduce((s, st) => s + st.durationSec, 0)
    return c.durationSec ?? 10
  },
  validate: (c, opts) => {
    const problems: { path: string; message: string }[] = []
    // open-model settings on a closed-model plan would be ignored without a word
    if (c.model === 'connections' && !c.sweep?.rates) {
      for (const key of ['rate', 'stages', 'maxConnections'] as const) {
        if (c[key] !== undefined) {
          problems.push({
            path: key,
            message: `${key} applies to the arrival-rate model: add "model": "arrival-rate", or remove ${key}`,
          })
        }
      }
    }
    problems.push(...validateScenario(c, opts?.readFiles ?? true))
    return problems
  },
  localFiles: (c) => (c.data ? [{ path: 'data.file', file: c.data.file }] : []),
}
