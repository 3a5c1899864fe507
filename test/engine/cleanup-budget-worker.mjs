// A suite worker for cleanup-budget.test.ts: on cancel it takes 2.5 s to "clean up", announcing
// a 4 s cleanup budget first when its config's name is "announce".
import { parentPort, workerData } from 'node:worker_threads'

const announce = workerData.config.name === 'announce'
parentPort.on('message', (m) => {
  if (m.type !== 'cancel') return
  if (announce) parentPort.postMessage({ type: 'cleanup', budgetMs: 4000 })
  setTimeout(() => {
    parentPort.postMessage({
      type: 'result',
      output: {
        status: 'cancelled',
        checks: [],
        findings: [],
        metrics: null,
        series: [],
        histogram: null,
        notes: ['cleaned up'],
      },
    })
  }, 2500)
})
parentPort.postMessage({
  type: 'progress',
  progress: { elapsedSec: 0, expectedSec: 10, fraction: 0, sample: { t: 0, step: 0 } },
})
setInterval(() => {}, 1000)
