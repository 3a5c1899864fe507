/**
 * One closed-model measurement in its own process (so that `taskset` can pin it like the
 * peers), printing one JSON line: requests, seconds, the process's CPU seconds over the
 * measured time (start-up excluded), p99. Usage: closed-child.ts URL ENGINE CONNECTIONS SEC
 * [static|scenario]
 */
import { summarize } from '../src/main/suites/common/latency'
import { completedOf } from '../src/main/suites/http-load/analysis'
import { runClosedLoad } from '../src/main/suites/http-load/closed-model'
import { runNativeClosedLoad } from '../src/main/suites/http-load/native-engine/closed-native'
import { planRequests } from '../src/main/suites/http-load/request-plan'
import { scenarioSpecOf } from '../src/main/suites/http-load/scenario/spec'
import type { HttpLoadConfig } from '../src/shared/index'

const [url = '', engine = 'native', conns = '50', sec = '5', variant = 'static'] =
  process.argv.slice(2)
// "scenario": the path rendered per send from a template, and every answer checked
const requests: HttpLoadConfig['requests'] =
  variant === 'scenario'
    ? [{ method: 'GET', path: '/?seq={{seq}}', checks: [{ status: [200] }] }]
    : [{ method: 'GET', path: '/' }]
const plan = planRequests({ id: 'b', kind: 'http', baseUrl: url }, { requests })
if (variant === 'scenario')
  plan.scenario = scenarioSpecOf(plan, { requests, scenario: 'mix' }, null)
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
