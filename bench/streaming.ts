/** The cost of live streaming: the engine with and without a listener serialising every event. */
import { fmt, table } from './lib'
import { startServerProcess } from '../src/main/suites/http-load/open-model/testing/server'

const SEC = Number(process.env.BENCH_SEC ?? 5)

export async function streamingCost(): Promise<void> {
  const { Engine } = await import('../src/main/engine/engine')
  const server = await startServerProcess()
  const RATE = Number(process.env.BENCH_STREAM_RATE ?? 5000)
  const noopSink = {
    createRun() {},
    appendSample() {},
    saveSuiteResult() {},
    startMonitor() {},
    appendMonitorSample() {},
    finishRun() {},
  }
  const plan = {
    name: 'bench',
    targets: [{ id: 'srv', kind: 'http', baseUrl: server.url }],
    suites: [
      {
        kind: 'http-load',
        target: 'srv',
        requests: [{ method: 'GET', path: '/' }],
        model: 'arrival-rate',
        rate: RATE,
        durationSec: SEC,
      },
    ],
  }
  const rows: (string | number)[][] = []
  try {
    for (const listen of [false, true]) {
      const engine = new Engine({ store: noopSink, runtime: 'cli' })
      let events = 0
      let bytes = 0
      const off = listen
        ? engine.on('event', (e) => {
            events++
            bytes += JSON.stringify(e).length
          })
        : () => {}
      const c0 = process.cpuUsage()
      const run = engine.start(plan)
      const result = await run.done
      const c = process.cpuUsage(c0)
      off()
      const suite = result.suites[0]
      const m =
        suite && 'metrics' in suite
          ? (suite.metrics as { rps: number; latencyMs: { p99: number }; late?: number } | null)
          : null
      rows.push([
        listen ? 'with a listener (JSON.stringify of every event)' : 'no listener',
        result.status,
        fmt(m?.rps),
        fmt(m?.latencyMs.p99, 3),
        fmt(m?.late),
        fmt((c.user + c.system) / 1e6, 2),
        listen ? `${events} events, ${fmt(bytes / 1024, 1)} KiB` : '—',
      ])
    }
  } finally {
    await server.close()
  }
  table(
    `4. Live streaming cost: Engine run, open model ${fmt(RATE)} req/s for ${SEC} s, with and without a progress consumer`,
    ['engine run', 'status', 'req/s', 'p99 ms', 'late', 'process CPU s', 'streamed'],
    rows,
  )
}
