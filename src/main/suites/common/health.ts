import type { Finding, HealthMetrics, SuiteKind } from '@shared/index'
import type { SuiteContext } from '../types'

/** What the two health suites share: their metrics and their once-a-second progress line. */

/** Builds a health suite's findings; their ids are `<prefix>.<id>`, stable for compare and CI. */
export function healthFindingMaker(prefix: string) {
  return (
    id: string,
    severity: Finding['severity'],
    title: string,
    detail: string,
    evidence: Finding['evidence'],
    recommendation: string,
  ): Finding => ({ id: `${prefix}.${id}`, severity, title, detail, evidence, recommendation })
}

/** Findings by severity, and how long the suite took: the numbers a health suite is scored by. */
export function healthMetrics(findings: readonly Finding[], durationSec: number): HealthMetrics {
  const n = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length
  return {
    critical: n('critical'),
    warning: n('warning'),
    info: n('info'),
    durationSec: Math.round(durationSec * 100) / 100,
  }
}

/** A once-a-second progress line while a part runs (the engine's watchdog listens for it). */
export function progressTicker(
  ctx: Pick<SuiteContext<SuiteKind>, 'progress'>,
  expectedSec: number | null,
): { set(label: string, fraction?: number): void; stop(): void; elapsed(): number } {
  const t0 = performance.now()
  const elapsed = (): number => (performance.now() - t0) / 1000
  let label = 'connecting'
  let fraction: number | null = null
  const post = (): void =>
    ctx.progress({
      elapsedSec: elapsed(),
      expectedSec,
      fraction,
      label,
      sample: { t: Math.round(elapsed() * 10) / 10 },
    })
  const timer = setInterval(post, 1000)
  return {
    set(l, f) {
      label = l
      if (f !== undefined) fraction = f
    },
    stop: () => clearInterval(timer),
    elapsed,
  }
}

/** The parts every health suite's output shares once it has finished (or was cancelled). */
export function healthOutcome(
  signal: AbortSignal,
  findings: Finding[],
  notes: string[],
  durationSec: number,
): {
  status: 'passed' | 'cancelled'
  checks: []
  findings: Finding[]
  notes: string[]
  metrics: HealthMetrics
  series: []
} {
  const status = signal.aborted ? 'cancelled' : 'passed'
  const metrics = healthMetrics(findings, durationSec)
  return { status, checks: [], findings, notes, metrics, series: [] }
}

/** The parts every health suite's output shares when it could not run: no data, no metrics. */
export function healthFailure(
  message: string,
  notes: string[],
): {
  status: 'error'
  error: string
  checks: []
  findings: []
  notes: string[]
  metrics: null
  series: []
  health: null
} {
  return {
    status: 'error',
    error: message,
    checks: [],
    findings: [],
    notes,
    metrics: null,
    series: [],
    health: null,
  }
}
