/**
 * PerfDesk's generators against the tools they must beat, on this machine, in one run:
 * `npm run bench [http|redis|postgres]…` (all when none is named). Each section prints its
 * own tables; the run ends with one summary of ratios against the peers (wrk, autocannon,
 * redis-benchmark, pgbench) and requests per generator CPU-second. BENCH_SEC sets a step's
 * length (default 5 s), BENCH_QUICK=1 skips the slow experiments.
 */
import { cpus } from 'node:os'
import { readFileSync } from 'node:fs'
import { fmt, table, type Ratio } from './lib'

const sections: Record<string, () => Promise<Ratio[]>> = {
  http: async () => (await import('./http')).benchHttp(),
  scenario: async () => (await import('./scenario-cost')).scenarioCost(),
  redis: async () => (await import('./redis')).benchRedis(),
  postgres: async () => (await import('./postgres')).benchPostgres(),
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => a in sections)
  const run = asked.length ? asked : Object.keys(sections)
  console.log(
    `PerfDesk bench — Node ${process.version}, ${cpus().length} CPUs, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  )
  const ratios: Ratio[] = []
  for (const name of run) ratios.push(...(await sections[name]!()))
  if (ratios.length === 0) return
  table(
    'Summary: PerfDesk against the peers (same machine, same server, same connections)',
    ['what', 'peer', 'peer', 'PerfDesk', 'ratio', 'PerfDesk ops/CPU-s', 'peer ops/CPU-s'],
    ratios.map((x) => [
      x.what,
      x.peer,
      `${fmt(x.peerValue)} ${x.unit}`,
      `${fmt(x.perfdesk)} ${x.unit}`,
      x.peerValue && x.perfdesk != null ? `${fmt(x.perfdesk / x.peerValue, 2)}x` : '—',
      fmt(x.perCpuSec?.perfdesk),
      fmt(x.perCpuSec?.peer),
    ]),
  )
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
