/**
 * A stand-in suite worker speaking the real protocol, whose behaviour the test picks through
 * the first request's path: /ok, /throw, /exit, /hang, /ignore-cancel, /bad-result.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { FromWorker, ToWorker, WorkerInit } from '../../src/main/engine/worker-protocol'

const init = workerData as WorkerInit
const port = parentPort!
const post = (m: FromWorker): void => port.postMessage(m)
const config = init.config.kind === 'http-load' ? init.config : null
const behaviour = config?.requests[0]?.path ?? '/ok'
const seconds = config?.durationSec ?? 1
let cancelled = false
port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') cancelled = true
})

const metrics = (requests: number) => ({
  requests,
  rps: requests / seconds,
  throughputBytesPerSec: 0,
  latencyMs: { min: 1, mean: 1, stdev: 0, p50: 1, p75: 1, p90: 1, p95: 1, p99: 1, p999: 1, max: 1 },
  statusCodes: { '1xx': 0, '2xx': requests, '3xx': 0, '4xx': 0, '5xx': 0 },
  errors: 0,
  timeouts: 0,
  errorRate: 0,
  apdex: 1,
  durationSec: seconds,
  latencyBasis: 'service-time' as const,
})

async function main(): Promise<void> {
  if (behaviour === '/throw') {
    post({ type: 'failed', message: 'boom: the target said no' })
    return
  }
  if (behaviour === '/exit') {
    setTimeout(() => process.exit(3), 300)
    return
  }
  if (behaviour === '/hang') {
    const until = Date.now() + 60_000
    while (Date.now() < until) {
      /* a stuck measurement loop */
    }
    return
  }
  const series = []
  const t0 = Date.now()
  let i = 0
  while ((Date.now() - t0) / 1000 < seconds) {
    await new Promise((r) => setTimeout(r, 100))
    if (cancelled && behaviour !== '/ignore-cancel') break
    i++
    const sample = { t: i / 10, rps: 100, p50: 1, p95: 1, p99: 1, errors: 0 }
    series.push(sample)
    post({
      type: 'progress',
      progress: { elapsedSec: i / 10, expectedSec: seconds, fraction: i / 10 / seconds, sample },
    })
  }
  if (behaviour === '/bad-result') {
    post({ type: 'result', output: { status: 'passed' } as never })
    return
  }
  post({
    type: 'result',
    output: {
      status: cancelled ? 'cancelled' : 'passed',
      checks: [],
      findings: [
        {
          id: 'fake.info',
          severity: 'info',
          title: 'fake',
          detail: '',
          evidence: [],
          recommendation: '',
        },
      ],
      metrics: metrics(i * 10),
      series,
      histogram: null,
    },
  })
}
void main()
