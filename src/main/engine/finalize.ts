import type { RunResult } from '@shared/index'
import { rankFindings } from '../analysis/findings'
import { scoreRun, scoreSuite } from '../suites/parts'

/** Scores each suite and the run, and gathers every suite's and the process monitor's findings, ranked. */
export function finalizeRun(run: RunResult): RunResult {
  const suites = run.suites.map((s) =>
    s.status === 'skipped' ? s : { ...s, score: scoreSuite(s) },
  )
  const findings = rankFindings([
    ...suites.flatMap((s) => s.findings.map((f) => ({ ...f, suiteIndex: s.index }))),
    ...(run.monitor?.findings ?? []),
  ])
  const scored = { ...run, suites, findings }
  return { ...scored, score: scoreRun(scored) }
}
