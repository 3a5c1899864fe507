// A run written through the real history store, as fast as it goes, until this process is
// killed: prints "ready", then "confirmed <t>" for each sample once flush() has committed it.
import { openHistory } from '../../src/main/store/index'
import { buildRunResult } from '../fixtures/run-result'

const [file, runId] = process.argv.slice(2) as [string, string]
const store = openHistory(file, { flushEvery: 1_000_000, flushIntervalMs: 60_000 })
const r = buildRunResult({ id: runId, seconds: 30 })
store.createRun({
  id: runId,
  plan: r.plan,
  planId: null,
  startedAt: new Date().toISOString(),
  environment: r.environment,
})
process.stdout.write('ready\n')
let i = 0
const tick = (): void => {
  // a few samples per transaction, some big enough to span pages
  for (let k = 0; k < 5; k++) {
    i++
    store.appendSample(runId, 0, { t: i, rps: 1000 + i, p50: 1, p95: 2, p99: 3, errors: 0 })
  }
  store.flush()
  process.stdout.write(`confirmed ${i}\n`)
  setImmediate(tick)
}
tick()
