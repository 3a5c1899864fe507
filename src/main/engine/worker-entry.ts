import { parentPort, workerData } from 'node:worker_threads'
import { targetFitsSuite } from '@shared/index'
import { wrongTargetKind } from '../suites/common/target-kind'
import { loadSuiteWorker } from '../suites/registry'
import { generatorThreadMain } from '../suites/common/generator/pool'
import type { GeneratorThreadInit } from '../suites/common/generator/task'
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol'

/** Runs one suite inside a worker thread and reports back through the parent port. */
async function main(): Promise<void> {
  if (!parentPort) throw new Error('suite-worker must run in a worker thread')
  const port = parentPort
  const init = workerData as WorkerInit
  const post = (m: FromWorker): void => port.postMessage(m)
  const abort = new AbortController()
  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') abort.abort()
  })
  try {
    const target = init.target
    if (!targetFitsSuite(init.kind, target)) throw wrongTargetKind(init.kind, target)
    const suite = await loadSuiteWorker(init.kind)
    const output = await suite.run({
      runId: init.runId,
      suiteIndex: init.suiteIndex,
      config: init.config,
      target,
      signal: abort.signal,
      progress: (progress) => post({ type: 'progress', progress }),
      log: (message) => post({ type: 'log', message }),
      cleanupPhase: (budgetMs) => post({ type: 'cleanup', budgetMs }),
    })
    post({ type: 'result', output })
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) })
  }
}

// The same entry serves a suite's extra generator threads (they carry `generator` in workerData).
const generator = (workerData as { generator?: GeneratorThreadInit } | null)?.generator
if (generator && parentPort) void generatorThreadMain(generator, parentPort)
else void main()
