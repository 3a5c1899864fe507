import type { Finding, Score, SuiteResult } from '@shared/index'

const severityRank = { critical: 0, warning: 1, info: 2 } as const

/**
 * Gathers every suite's findings, most severe first, and scores the run.
 * Scoring lives in report/; until it is wired this keeps the findings ranked and leaves scores out.
 */
export function finalizeRun(suites: SuiteResult[]): {
  suites: SuiteResult[]
  findings: Finding[]
  score?: Score
} {
  const findings = suites
    .flatMap((s) => s.findings.map((f) => ({ ...f, suiteIndex: s.index })))
    .sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
  return { suites, findings }
}
