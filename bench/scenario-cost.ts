/**
 * 5. The cost of scenarios: the native closed model with a fixed, pre-encoded GET / against
 * the same request with a templated path (/?seq={{seq}}, rendered per send) and a status
 * check, in alternating rounds on the same server — requests per generator CPU-second and
 * their ratio (the issue asks for at most 10 % lost).
 */
import { performance } from 'node:perf_hooks'
import { cpuSecOf, fmt, table, type Ratio } from './lib'
import { startNginx } from './nginx'
import { startServerProcess } from '../src/main/suites/http-load/open-model/testing/server'
import { CONNECTIONS, ROUNDS, SEC, loadavg, median, perfdeskChild } from './closed-tools'

export async function scenarioCost(): Promise<Ratio[]> {
  const nginx = await startNginx(1)
  const node = nginx ? null : await startServerProcess()
  const url = nginx?.url ?? node!.url
  const serverPid = nginx?.pid ?? node!.pid
  const variants = {
    static: perfdeskChild('native'),
    scenario: perfdeskChild('native', 'scenario'),
  }
  const seen: Record<keyof typeof variants, { rps: number[]; perCpu: number[]; srv: number[] }> = {
    static: { rps: [], perCpu: [], srv: [] },
    scenario: { rps: [], perCpu: [], srv: [] },
  }
  const load0 = loadavg()
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(variants) as [
        keyof typeof variants,
        (u: string) => ReturnType<ReturnType<typeof perfdeskChild>>,
      ][]) {
        const s0 = cpuSecOf(serverPid)
        const w0 = performance.now()
        const v = await run(url)
        seen[name].rps.push(v.rps)
        seen[name].perCpu.push(v.requests / v.cpuSec)
        seen[name].srv.push(((cpuSecOf(serverPid) - s0) / ((performance.now() - w0) / 1000)) * 100)
      }
    }
  } finally {
    await nginx?.close()
    await node?.close()
  }
  const perCpu = (k: keyof typeof seen): number => median(seen[k].perCpu)
  const ratio = perCpu('scenario') / perCpu('static')
  table(
    `5. Scenario cost: native closed model, ${CONNECTIONS} connections, ${SEC} s, on ${nginx?.what ?? 'a node:http server (nginx not installed)'}; median of ${ROUNDS} alternating rounds; load average ${load0} → ${loadavg()}`,
    [
      'requests',
      'req/s (median)',
      'req per CPU-s (median)',
      'rounds (req per CPU-s)',
      'server CPU',
    ],
    (['static', 'scenario'] as const).map((k) => [
      k === 'static' ? 'GET / (pre-encoded)' : 'GET /?seq={{seq}} + status check',
      fmt(median(seen[k].rps)),
      fmt(perCpu(k)),
      seen[k].perCpu.map((x) => fmt(x / 1000, 1) + 'k').join(' '),
      `${fmt(median(seen[k].srv))} %`,
    ]),
  )
  console.log(
    `   scenario / static, requests per generator CPU-second: ${fmt(ratio, 3)} (the issue asks ≥ 0.90)`,
  )
  return [
    {
      what: 'HTTP scenario ({{seq}} + check) vs static',
      peer: 'PerfDesk static',
      peerValue: perCpu('static'),
      perfdesk: perCpu('scenario'),
      unit: 'req/CPU-s',
    },
  ]
}
