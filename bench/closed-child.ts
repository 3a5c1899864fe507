/**
 * One closed-model measurement in its own process (so that `taskset` can pin it like the
 * peers), printing one JSON line: requests, seconds, the process's CPU seconds over the
 * measured time (start-up excluded), p99. Usage: closed-child.ts URL ENGINE CONNECTIONS SEC
 */
import { summarize } from '../src/main/suites/common/latency'
import { completedOf } from '../src/main/suites/http-load/analysis'
import { runClosedLoad } from '../src/main/suites/http-load/closed-model'
import { runNativeClosedLoad } from '../src/main/suites/http-load/native-engine/closed-native'
import { planRequests } from '../src/main/suites/http-load/request-plan'

const [url = '', engine = 'native', conns = '50', sec = '5'] = process.argv.slice(2)
const plan = planRequests(
  { id: 'b', kind: 'http', baseUrl: url },
  { requests: [{ method: 'GET', path: '/' }] },
)
const o = {
  connections: Number(conns),
  durationSec: Number(sec),
  timeoutSec: 10,
  pipelining: 1,
  signal: new AbortController().signal,
  onSample: () => {},
}
const c0 = process.cpuUsage()
const m =
  engine === 'autocannon'
    ? await runClosedLoad(plan, o)
    : (await runNativeClosedLoad(plan, { ...o, threads: 1 })).m
const c = process.cpuUsage(c0)
process.stdout.write(
  JSON.stringify({
    requests: completedOf(m.counts),
    sec: m.counts.durationSec,
    cpuSec: (c.user + c.system) / 1e6,
    p99Ms: summarize(m.latency.total).p99,
  }) + '\n',
)
process.exit(0)
