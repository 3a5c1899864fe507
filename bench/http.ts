/**
 * PerfDesk's load generator against the tools it must beat, on one local server.
 * Run: `npm run bench` (node --import tsx bench/run.ts). BENCH_SEC sets the step length
 * (default 5 s), BENCH_CONNECTIONS the closed-model connections (default 50),
 * BENCH_QUICK=1 skips the stall experiment and the engine measurement.
 *
 * 1. closed model: PerfDesk's native engine and its autocannon engine vs wrk and autocannon's
 *    CLI, each pinned to one core, the server (nginx) to the other — req/s (median of
 *    alternating rounds, BENCH_ROUNDS, default 3), ratios, requests per generator CPU-second
 * 2. open model: the highest rate it sustains, and what limits it (generator or server CPU)
 * 3. the stall experiment of issue 6: each tool's p99 next to the analytic value
 * 4. the cost of live streaming: the Engine with and without a listener serialising events
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpuSecOf, fmt, runChild, table, type Ratio } from './lib'
import { startNginx, type PinnedServer } from './nginx'
import { streamingCost } from './streaming'
import { scenarioCost } from './scenario-cost'
import {
  CONNECTIONS,
  ROUNDS,
  SEC,
  TASKSET,
  loadavg,
  median,
  perfdeskChild,
  pinned,
  type ClosedTool,
} from './closed-tools'
import { performance } from 'node:perf_hooks'
import { summarize } from '../src/main/suites/common/latency'
import { runArrivalRate } from '../src/main/suites/http-load/open-model/arrival-rate'
import { encodeRequests, endpointOf } from '../src/main/suites/http-load/open-model/http-wire'
import { ArrivalSchedule } from '../src/main/suites/http-load/open-model/schedule'
import {
  startServerProcess,
  type ServerProcess,
} from '../src/main/suites/http-load/open-model/testing/server'
import type { HttpTarget } from '../src/shared/index'

const QUICK = process.env.BENCH_QUICK === '1'
const AUTOCANNON = new URL('../node_modules/.bin/autocannon', import.meta.url).pathname
const WRK = ((): string | null => {
  try {
    return execFileSync('sh', ['-c', 'command -v wrk']).toString().trim() || null
  } catch {
    return null
  }
})()

interface ToolRun {
  rps: number
  requests: number
  cpuSec: number
  p99Ms: number | null
  serverCpuSec: number
  wallSec: number
}

async function measured<T>(
  server: ServerProcess,
  fn: () => Promise<T>,
): Promise<{ v: T; serverCpuSec: number; wallSec: number }> {
  const s0 = cpuSecOf(server.pid)
  const t0 = performance.now()
  const v = await fn()
  return { v, serverCpuSec: cpuSecOf(server.pid) - s0, wallSec: (performance.now() - t0) / 1000 }
}

async function autocannonCli(
  server: ServerProcess,
  extra: string[],
  sec: number,
  connections: number,
): Promise<ToolRun> {
  const { v, serverCpuSec, wallSec } = await measured(server, () =>
    runChild(AUTOCANNON, [
      '-j',
      '-c',
      String(connections),
      '-d',
      String(sec),
      ...extra,
      server.url,
    ]),
  )
  const json = JSON.parse(v.stdout.trim().split('\n').pop() ?? '{}') as {
    requests: { total: number }
    duration: number
    latency: { p99: number }
  }
  return {
    rps: json.requests.total / json.duration,
    requests: json.requests.total,
    cpuSec: v.cpuSec,
    p99Ms: json.latency.p99,
    serverCpuSec,
    wallSec,
  }
}

/** wrk's "Latency Distribution" values (us, ms, s) in ms. */
function wrkMs(text: string, label: string): number | null {
  const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(text)
  if (!m) return null
  const v = Number(m[1])
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v
}

async function wrk(
  server: ServerProcess,
  sec: number,
  connections: number,
): Promise<ToolRun | null> {
  if (!WRK) return null
  const { v, serverCpuSec, wallSec } = await measured(server, () =>
    runChild(WRK, ['-t1', `-c${connections}`, `-d${sec}s`, '--latency', server.url]),
  )
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(v.stdout)?.[1] ?? NaN)
  const requests = Number(/(\d+) requests in/.exec(v.stdout)?.[1] ?? NaN)
  return { rps, requests, cpuSec: v.cpuSec, p99Ms: wrkMs(v.stdout, '99%'), serverCpuSec, wallSec }
}

/**
 * 1. The closed model against the peers, each generator pinned to core 0 and the server
 * (nginx when installed) to core 1: rounds alternate the tools, each figure is the median
 * of the rounds. Requests per generator CPU-second compare efficiency whatever the load.
 */
async function closedModel(): Promise<Ratio[]> {
  const server: PinnedServer | null = await startNginx(1)
  const node = server ? null : await startServerProcess()
  const url = server?.url ?? node!.url
  const serverPid = server?.pid ?? node!.pid
  const serverWhat =
    server?.what ?? 'a minimal node:http server (nginx not installed: apt-get install nginx-light)'
  const tools: ClosedTool[] = [
    ...(WRK
      ? [
          {
            name: 'wrk -t1',
            run: async (u: string) => {
              const [cmd, args] = pinned(0, WRK, [
                '-t1',
                `-c${CONNECTIONS}`,
                `-d${SEC}s`,
                '--latency',
                u,
              ])
              const v = await runChild(cmd, args)
              const requests = Number(/(\d+) requests in/.exec(v.stdout)?.[1] ?? NaN)
              return {
                rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(v.stdout)?.[1] ?? NaN),
                cpuSec: v.cpuSec,
                requests,
                p99Ms: wrkMs(v.stdout, '99%'),
              }
            },
          },
        ]
      : []),
    { name: 'PerfDesk native (1 thread)', run: perfdeskChild('native') },
    {
      name: 'autocannon CLI',
      run: async (u: string) => {
        const [cmd, args] = pinned(0, AUTOCANNON, [
          '-j',
          '-c',
          String(CONNECTIONS),
          '-d',
          String(SEC),
          u,
        ])
        const v = await runChild(cmd, args)
        const j = JSON.parse(v.stdout.trim().split('\n').pop() ?? '{}') as {
          requests: { total: number }
          duration: number
          latency: { p99: number }
        }
        return {
          rps: j.requests.total / j.duration,
          cpuSec: v.cpuSec,
          requests: j.requests.total,
          p99Ms: j.latency.p99,
        }
      },
    },
    { name: 'PerfDesk autocannon engine', run: perfdeskChild('autocannon') },
  ]
  const seen = new Map<
    string,
    { rps: number[]; perCpu: number[]; p99: number[]; serverPct: number[] }
  >()
  const load0 = loadavg()
  try {
    // warm the server and the page cache so that the first tool is not penalised
    await runChild(...pinned(0, AUTOCANNON, ['-c', '10', '-d', '1', url]))
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of tools) {
        const s0 = cpuSecOf(serverPid)
        const w0 = performance.now()
        const v = await t.run(url)
        const serverPct = ((cpuSecOf(serverPid) - s0) / ((performance.now() - w0) / 1000)) * 100
        const e = seen.get(t.name) ?? { rps: [], perCpu: [], p99: [], serverPct: [] }
        e.rps.push(v.rps)
        e.perCpu.push(v.requests / v.cpuSec)
        if (v.p99Ms !== null) e.p99.push(v.p99Ms)
        e.serverPct.push(serverPct)
        seen.set(t.name, e)
      }
    }
  } finally {
    await server?.close()
    await node?.close()
  }
  const get = (name: string): { rps: number; perCpu: number } | null => {
    const e = seen.get(name)
    return e ? { rps: median(e.rps), perCpu: median(e.perCpu) } : null
  }
  const ref = get('wrk -t1') ?? get('autocannon CLI')
  table(
    `1. Closed model: ${CONNECTIONS} connections, ${SEC} s, GET / on ${serverWhat}; each generator ${TASKSET ? 'pinned to core 0 (taskset -c 0)' : 'unpinned (taskset missing)'}; median of ${ROUNDS} alternating rounds; load average ${load0} → ${loadavg()}`,
    [
      'tool',
      'req/s (median)',
      'rounds',
      `vs ${WRK ? 'wrk' : 'autocannon CLI'}`,
      'p99 ms',
      'req per CPU-s',
      'server CPU',
    ],
    [...seen.entries()].map(([name, e]) => [
      name,
      fmt(median(e.rps)),
      e.rps.map((x) => fmt(x / 1000, 1) + 'k').join(' '),
      ref ? `${fmt(median(e.rps) / ref.rps, 2)}x` : '—',
      fmt(median(e.p99), 2),
      fmt(median(e.perCpu)),
      `${fmt(median(e.serverPct))} %`,
    ]),
  )
  console.log(
    '   The machine is shared: figures move with its load (above). Ratios from the same rounds and\n' +
      '   requests per CPU-second are the comparable figures; server CPU near 100 % means the server was the limit.',
  )
  const native = get('PerfDesk native (1 thread)')
  const what = `HTTP closed model, ${CONNECTIONS} conns, 1 core each`
  const ratios: Ratio[] = []
  for (const peer of ['wrk -t1', 'autocannon CLI']) {
    const p = get(peer)
    if (!p) continue
    ratios.push({
      what,
      peer,
      peerValue: p.rps,
      perfdesk: native?.rps ?? null,
      unit: 'req/s',
      perCpuSec: { perfdesk: native?.perCpu ?? null, peer: p.perCpu },
    })
  }
  return ratios
}

async function openModelMax(): Promise<void> {
  const server = await startServerProcess()
  const target: HttpTarget = { id: 'bench', kind: 'http', baseUrl: server.url }
  const wire = encodeRequests(server.url, [{ method: 'GET', path: '/', headers: {} }])
  const rates = (process.env.BENCH_RATES ?? '2000,5000,10000,15000,20000,25000,30000')
    .split(',')
    .map(Number)
  const rows: (string | number)[][] = []
  let best: { rate: number; usPerReq: number } | null = null
  let limit = ''
  try {
    for (const rate of rates) {
      const sec = Math.min(SEC, 4)
      const c0 = process.cpuUsage()
      const {
        v: m,
        serverCpuSec,
        wallSec,
      } = await measured(server, () =>
        runArrivalRate({
          endpoint: endpointOf(target),
          requests: wire,
          schedule: ArrivalSchedule.constant(rate, sec),
          maxConnections: Math.max(100, rate / 10),
          timeoutMs: 10_000,
        }),
      )
      const c = process.cpuUsage(c0)
      const cpuSec = (c.user + c.system) / 1e6
      const sentRps = m.sent / m.elapsedSec
      const sustained = m.dropped === 0 && sentRps >= 0.98 * rate && m.completed >= 0.98 * m.due
      const lag = summarize(m.sendLag)
      const usPerReq = (cpuSec * 1e6) / Math.max(1, m.completed)
      const serverPct = (serverCpuSec / wallSec) * 100
      const genPct = (cpuSec / wallSec) * 100
      rows.push([
        fmt(rate),
        fmt(sentRps),
        fmt(m.completed / m.spanSec),
        `${fmt((m.late / Math.max(1, m.sent)) * 100, 1)} %`,
        fmt(m.dropped),
        fmt(lag.p99, 2),
        fmt(summarize(m.latency).p99, 2),
        `${fmt(genPct)} %`,
        fmt(usPerReq, 1),
        `${fmt(serverPct)} %`,
        sustained ? 'yes' : 'NO',
      ])
      if (sustained) best = { rate, usPerReq }
      else {
        limit =
          serverPct >= 85
            ? `the server process was the limit (${fmt(serverPct)} % of a core at ${fmt(m.completed / m.spanSec)} req/s)`
            : genPct >= 85
              ? `the generator's CPU was the limit (${fmt(genPct)} % of a core, ${fmt(usPerReq, 1)} µs of CPU per request ⇒ at most ~${fmt(1e6 / usPerReq)} req/s on one core)`
              : `neither process reached a full core (generator ${fmt(genPct)} %, server ${fmt(serverPct)} %): the machine is shared — ${fmt(m.maxLoopGapMs, 1)} ms longest scheduler gap, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`
        break
      }
    }
  } finally {
    await server.close()
  }
  table(
    `2. Open model: highest sustained rate (${Math.min(SEC, 4)} s per rate; sustained = all sent within 2 %, none dropped)`,
    [
      'target req/s',
      'sent req/s',
      'answered req/s',
      'late',
      'dropped',
      'send lag p99 ms',
      'p99 ms',
      'generator CPU',
      'CPU µs/req (incl. spin-wait)',
      'server CPU',
      'sustained',
    ],
    rows,
  )
  console.log(
    `   max sustained: ${best ? `${fmt(best.rate)} req/s (${fmt(best.usPerReq, 1)} µs of generator CPU per request)` : 'none'}` +
      (limit ? `; above it ${limit}.` : '.') +
      (best && best.rate < 20_000
        ? '\n   target 20,000 req/s NOT met on this machine; the figures above say what limits it.'
        : ''),
  )
}

/** The analytic latencies of a 1,000 req/s schedule starting at `first` against these freezes. */
function analytic(
  first: number,
  rate: number,
  sec: number,
  freezes: [number, number][],
): { p99: number; tail: number } {
  const lat: number[] = []
  for (let i = 0; i < rate * sec; i++) {
    const t = first + (i * 1000) / rate
    const f = freezes.find(([s, e]) => t >= s && t < e)
    lat.push(f ? f[1] - t : 0)
  }
  lat.sort((a, b) => a - b)
  return {
    p99: lat[Math.ceil(0.99 * lat.length) - 1] ?? 0,
    tail: lat.filter((v) => v >= 250).length / lat.length,
  }
}

async function stallExperiment(): Promise<void> {
  const RATE = 1000
  const STALL_SEC = Number(process.env.BENCH_STALL_SEC ?? 12)
  const rows: (string | number)[][] = []
  const one = async (
    name: string,
    run: (s: ServerProcess) => Promise<number | null>,
  ): Promise<void> => {
    const server = await startServerProcess({ stall: { everyMs: 5000, forMs: 500 }, record: true })
    try {
      const p99 = await run(server)
      const st = await server.stats()
      const a = analytic(st.arrivals[0] ?? 0, RATE, STALL_SEC, st.freezes)
      rows.push([
        name,
        fmt(p99, 1),
        fmt(a.p99, 1),
        p99 === null ? '—' : `${fmt(((p99 - a.p99) / a.p99) * 100, 1)} %`,
        fmt(st.requests),
      ])
    } catch (err) {
      rows.push([
        name,
        `failed: ${err instanceof Error ? err.message.slice(0, 60) : String(err)}`,
        '',
        '',
        '',
      ])
    } finally {
      await server.close()
    }
  }
  await one('PerfDesk open model (1,000 req/s, even schedule)', async (s) => {
    const m = await runArrivalRate({
      endpoint: endpointOf({ id: 's', kind: 'http', baseUrl: s.url }),
      requests: encodeRequests(s.url, [{ method: 'GET', path: '/', headers: {} }]),
      schedule: ArrivalSchedule.constant(RATE, STALL_SEC),
      maxConnections: 100,
      timeoutMs: 10_000,
    })
    return summarize(m.latency).p99
  })
  await one(
    'autocannon -R 1000 -c 100 (its CO correction)',
    async (s) => (await autocannonCli(s, ['-R', String(RATE)], STALL_SEC, 100)).p99Ms,
  )
  await one(
    'autocannon -R 1000 -c 100 -C (no correction)',
    async (s) => (await autocannonCli(s, ['-R', String(RATE), '-C'], STALL_SEC, 100)).p99Ms,
  )
  if (WRK)
    await one(
      'wrk -c 100 (closed model, no rate)',
      async (s) => (await wrk(s, STALL_SEC, 100))?.p99Ms ?? null,
    )
  else rows.push(['wrk', 'skipped (not installed)', '', '', ''])
  table(
    `3. Stall experiment: server freezes 500 ms every 5 s; 1,000 req/s for ${STALL_SEC} s (analytic = latency implied by the schedule and the freezes the server made)`,
    ['tool', 'reported p99 ms', 'analytic p99 ms', 'error', 'requests served'],
    rows,
  )
  console.log(
    '   (wrk is a closed-model tool: it sends as fast as answers come, so its "analytic" row assumes the same schedule only for reference.)',
  )
}

/** The HTTP sections; returns the ratio lines for the closing summary. */
export async function benchHttp(): Promise<Ratio[]> {
  console.log(
    `wrk: ${WRK ?? 'not installed (apt-get install wrk; skipped)'}; autocannon: ${AUTOCANNON}`,
  )
  const ratios = await closedModel()
  await openModelMax()
  if (!QUICK) {
    await stallExperiment()
    ratios.push(...(await scenarioCost()))
    try {
      await streamingCost()
    } catch (err) {
      console.log(
        `\n4. Live streaming cost: the engine could not run here (${err instanceof Error ? err.message : String(err)})`,
      )
    }
  }
  return ratios
}
