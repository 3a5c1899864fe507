import { fmtMs, fmtNumber, fmtPercent } from './format'
import type { GeneratorStats } from './result-common'

/**
 * How every report, the CLI, the history and the app mark numbers that PerfDesk's own
 * generator limited: a throughput measured while the generator was the bottleneck is a lower
 * bound for the server ("≥ 52,300 req/s · client-bound"). Driven by a suite result's
 * `generator` field alone, whatever the suite.
 */

export const CLIENT_BOUND = 'client-bound'

type WithGenerator = { generator?: GeneratorStats | undefined }

export function isClientBound(suite: WithGenerator): boolean {
  return suite.generator?.clientBound === true
}

/** "≥ 52,300 req/s" when the generator was the limit, the text as it is otherwise. */
export function boundedText(text: string, suite: WithGenerator): string {
  return isClientBound(suite) && text !== '—' ? `≥ ${text}` : text
}

/** "client-bound" when the generator was the limit, else null. */
export function clientBoundMark(suite: WithGenerator): string | null {
  return isClientBound(suite) ? CLIENT_BOUND : null
}

/** "a generator thread was busy 99 % …; the throughput is a lower bound for the server", or null. */
export function clientBoundReason(suite: WithGenerator): string | null {
  const g = suite.generator
  if (!g?.clientBound) return null
  return `${g.reason ?? 'the generator had no slack'}; the throughput is a lower bound for the server`
}

/** "client-bound: a generator thread was busy 99 % of the time …", or null. */
export function clientBoundNote(suite: WithGenerator): string | null {
  const reason = clientBoundReason(suite)
  return reason ? `${CLIENT_BOUND}: ${reason}` : null
}

/** The generator's own numbers, for a suite's detail. */
export function generatorFacts(g: GeneratorStats): { label: string; text: string }[] {
  const out = [
    { label: 'generator threads', text: fmtNumber(g.threads) },
    {
      label: 'busiest thread busy',
      text: `${fmtPercent(g.busy, 0)}${g.busyMean !== undefined ? ` (mean ${fmtPercent(g.busyMean, 0)})` : ''}`,
    },
    { label: 'event-loop delay p99', text: fmtMs(g.eventLoopDelayP99Ms) },
    { label: 'generator CPU', text: `${fmtNumber(g.cpuSec, 2)} s` },
  ]
  if (g.opsPerCpuSec !== undefined && g.opsPerCpuSec !== null)
    out.push({ label: 'operations per CPU-second', text: fmtNumber(g.opsPerCpuSec) })
  out.push({
    label: 'verdict',
    text: g.clientBound
      ? `${CLIENT_BOUND}: ${g.reason ?? 'the generator had no slack'}`
      : `not client-bound${g.reason ? `: ${g.reason}` : ''}`,
  })
  return out
}

/** "1 thread · busiest 99 % busy · loop delay p99 12.5 ms · 4.10 CPU-s · 51,000 ops per CPU-s" */
export function generatorLine(g: GeneratorStats): string {
  const parts = [
    `${fmtNumber(g.threads)} thread${g.threads === 1 ? '' : 's'}`,
    `busiest ${fmtPercent(g.busy, 0)} busy`,
    `loop delay p99 ${fmtMs(g.eventLoopDelayP99Ms)}`,
    `${fmtNumber(g.cpuSec, 2)} CPU-s`,
  ]
  if (g.opsPerCpuSec !== undefined && g.opsPerCpuSec !== null)
    parts.push(`${fmtNumber(g.opsPerCpuSec)} ops per CPU-s`)
  parts.push(g.clientBound ? CLIENT_BOUND : 'not client-bound')
  return parts.join(' · ')
}
