import { cpus } from 'node:os'
import type { Finding, MonitorExit, MonitorSample, MonitorSummary } from '@shared/index'

/** Turning a monitored process's samples into a summary and findings with their evidence. */

const MB = 1_000_000
const round = (v: number, digits = 1): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

export function summarize(samples: readonly MonitorSample[]): MonitorSummary {
  if (samples.length === 0)
    return {
      cpuPctMean: null,
      cpuPctMax: null,
      rssStartBytes: null,
      rssEndBytes: null,
      rssMaxBytes: null,
    }
  let cpuSum = 0
  let cpuMax = 0
  let rssMax = 0
  for (const s of samples) {
    cpuSum += s.cpuPct
    cpuMax = Math.max(cpuMax, s.cpuPct)
    rssMax = Math.max(rssMax, s.rssBytes)
  }
  const summary: MonitorSummary = {
    cpuPctMean: round(cpuSum / samples.length),
    cpuPctMax: round(cpuMax),
    rssStartBytes: samples[0]!.rssBytes,
    rssEndBytes: samples[samples.length - 1]!.rssBytes,
    rssMaxBytes: rssMax,
  }
  const tcp = samples.filter((s) => s.tcpEstablished !== undefined)
  const lastTcp = tcp[tcp.length - 1]
  if (lastTcp) {
    summary.tcpEstablishedMax = Math.max(...tcp.map((s) => s.tcpEstablished ?? 0))
    summary.tcpEstablishedEnd = lastTcp.tcpEstablished ?? null
    summary.tcpTimeWaitMax = Math.max(...tcp.map((s) => s.tcpTimeWait ?? 0))
    summary.tcpListening = lastTcp.tcpListening ?? null
  }
  return summary
}

/** Least-squares slope of y over x; null with fewer than two distinct xs. */
export function slope(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length)
  if (n < 2) return null
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += xs[i]!
    my += ys[i]!
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx
    sxy += dx * (ys[i]! - my)
    sxx += dx * dx
  }
  return sxx > 0 ? sxy / sxx : null
}

export interface AnalysisInput {
  pid: number
  command?: string
  samples: readonly MonitorSample[]
  exited?: MonitorExit
  /** the last line the command wrote, quoted in the exit finding */
  lastOutputLine?: string
}

/** Thresholds, named so the findings can quote them. */
export const LIMITS = {
  /** mean CPU under load, in % of one core */
  cpuSaturatedPct: 90,
  /** RSS slope and growth that suggest a leak */
  rssSlopeMbPerMin: 1,
  rssGrowthFraction: 0.1,
  /** a run shorter than this cannot tell a leak from warm-up */
  leakConfidentSec: 60,
  fdGrowth: 50,
  fdGrowthFraction: 0.5,
}

export function monitorFindings(input: AnalysisInput): Finding[] {
  const findings: Finding[] = []
  const { samples, pid } = input
  const who = `process ${pid}`
  if (input.exited) findings.push(exitFinding(input))

  const load = samples.filter((s) => s.suiteIndex !== undefined)
  if (load.length >= 2) {
    const mean = load.reduce((a, s) => a + s.cpuPct, 0) / load.length
    const max = Math.max(...load.map((s) => s.cpuPct))
    if (mean >= LIMITS.cpuSaturatedPct) {
      const cores = cpus().length
      const allCores = mean >= LIMITS.cpuSaturatedPct * cores
      findings.push({
        id: 'process-cpu-saturated',
        severity: 'warning',
        title: `The server process was CPU-bound: ${round(mean, 0)} % of one core on average under load`,
        detail:
          `While the suites ran, ${who} used ${round(mean, 0)} % of one CPU core on average ` +
          `(100 % = one core fully busy). ` +
          (allCores
            ? `That is every core of this ${cores}-core machine: the machine, not the server's design, is the limit.`
            : `A single-threaded runtime (Node.js, Python, Redis) cannot go past one core, so its throughput stops growing here and its latency grows instead.`),
        evidence: [
          { label: 'mean CPU under load', value: round(mean), unit: '% of one core' },
          { label: 'max CPU', value: round(max), unit: '% of one core' },
          { label: 'samples under load', value: load.length },
          { label: 'CPU cores on this machine', value: cores },
        ],
        recommendation: allCores
          ? 'Measure on a machine where the load generator does not share cores with the server, or give the server more cores.'
          : `Profile the hot path (node --cpu-prof, perf, py-spy) and cut the work per request, or run more worker processes (cluster mode, more replicas) to use the other ${Math.max(1, cores - 1)} core(s).`,
        impact: Math.min(1, mean / 100),
      })
    }
  }

  const mem = memoryFinding(samples, who)
  if (mem) findings.push(mem)
  const fd = fdFinding(samples, who)
  if (fd) findings.push(fd)
  return findings
}

function exitFinding(input: AnalysisInput): Finding {
  const e = input.exited!
  const how =
    e.signal !== null
      ? `was killed by ${e.signal}`
      : e.code !== null
        ? `exited with code ${e.code}`
        : 'ended (its exit code is unknown: PerfDesk did not start it)'
  const last = input.samples[input.samples.length - 1]
  const evidence: Finding['evidence'] = [
    { label: 'pid', value: input.pid },
    { label: 'exit code', value: e.code },
    { label: 'signal', value: e.signal },
    { label: 'ended at', value: round(e.atSec), unit: 's into the run' },
  ]
  if (last) evidence.push({ label: 'last RSS', value: round(last.rssBytes / MB), unit: 'MB' })
  if (input.lastOutputLine) evidence.push({ label: 'last output', value: input.lastOutputLine })
  return {
    id: 'process-exited',
    severity: 'critical',
    title: `The monitored process ${input.pid} ${how} ${round(e.atSec)} s into the run`,
    detail:
      `The process being monitored stopped while the run was going on; every measurement after ` +
      `${round(e.atSec)} s is of a server that was not there. Its samples until then are kept.`,
    evidence,
    recommendation:
      e.signal === 'SIGKILL'
        ? 'A SIGKILL nobody sent by hand is usually the out-of-memory killer: check `dmesg` or the container limits against the RSS chart.'
        : "Read the process's last output (in the report) or its log for the crash; fix it before trusting any number of this run.",
    impact: 1,
  }
}

function memoryFinding(samples: readonly MonitorSample[], who: string): Finding | null {
  if (samples.length < 3) return null
  const first = samples[0]!
  const last = samples[samples.length - 1]!
  const span = last.t - first.t
  if (span < 2) return null
  const perSec = slope(
    samples.map((s) => s.t),
    samples.map((s) => s.rssBytes),
  )
  if (perSec === null) return null
  const mbPerMin = (perSec * 60) / MB
  const growth = first.rssBytes > 0 ? (last.rssBytes - first.rssBytes) / first.rssBytes : 0
  if (mbPerMin <= LIMITS.rssSlopeMbPerMin || growth <= LIMITS.rssGrowthFraction) return null
  const short = span < LIMITS.leakConfidentSec
  return {
    id: 'process-memory-growth',
    severity: short ? 'info' : 'warning',
    title: `Memory grew ${round((last.rssBytes - first.rssBytes) / MB)} MB (+${round(growth * 100, 0)} %) during the run: a possible leak`,
    detail:
      `The resident memory of ${who} rose from ${round(first.rssBytes / MB)} MB to ` +
      `${round(last.rssBytes / MB)} MB, ${round(mbPerMin)} MB per minute by a least-squares fit ` +
      `over ${round(span, 0)} s. ` +
      (short
        ? `Over a run this short, growth may still be warm-up (caches, JIT, pools filling).`
        : `Memory that keeps climbing for minutes under steady load is the signature of a leak.`),
    evidence: [
      { label: 'RSS at start', value: round(first.rssBytes / MB), unit: 'MB' },
      { label: 'RSS at end', value: round(last.rssBytes / MB), unit: 'MB' },
      { label: 'slope', value: round(mbPerMin, 2), unit: 'MB/min' },
      { label: 'over', value: round(span, 0), unit: 's' },
    ],
    recommendation:
      'Run longer at a steady load: memory that levels off is a cache or warm-up, memory that keeps climbing is a leak. Take two heap snapshots a few minutes apart and compare what grew.',
    impact: Math.min(1, growth),
  }
}

function fdFinding(samples: readonly MonitorSample[], who: string): Finding | null {
  // Connections opened by the load itself are not a leak: judge the samples under load after
  // their first fifth (the ramp), where a steady server holds a steady number of descriptors.
  const all = samples.filter((s) => s.fds !== undefined)
  const load = all.filter((s) => s.suiteIndex !== undefined)
  const pool = load.length >= 5 ? load : all
  const withFds = pool.slice(Math.floor(pool.length / 5))
  if (withFds.length < 4) return null
  const first = withFds[0]!
  const last = withFds[withFds.length - 1]!
  const start = first.fds!
  const end = last.fds!
  const perSec = slope(
    withFds.map((s) => s.t),
    withFds.map((s) => s.fds!),
  )
  if (perSec === null || perSec <= 0) return null
  if (end - start < LIMITS.fdGrowth || end < start * (1 + LIMITS.fdGrowthFraction)) return null
  return {
    id: 'process-fd-growth',
    severity: 'warning',
    title: `Open file descriptors grew from ${start} to ${end} during the run`,
    detail:
      `${who} held ${end - start} more open files or sockets at the end of the load than ` +
      `after its ramp-up (${round(perSec * 60, 0)} per minute). Descriptors that are opened and never closed ` +
      `eventually hit the limit (ulimit -n) and every new connection fails with EMFILE.`,
    evidence: [
      { label: 'fds at start', value: start },
      { label: 'fds at end', value: end },
      { label: 'max', value: Math.max(...withFds.map((s) => s.fds!)) },
      { label: 'growth', value: round(perSec * 60, 1), unit: 'per min' },
    ],
    recommendation:
      'Look for sockets or files opened and not closed: connections not returned to a pool, response bodies not consumed, files not closed on an error path. Compare `ls -l /proc/PID/fd` at two moments.',
    impact: Math.min(1, (end - start) / Math.max(1, end)),
  }
}
