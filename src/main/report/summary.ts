import type { RunResult, SuiteResult, ThresholdCheck } from '@shared/index'
import type { Score } from '@shared/index'
import { detailTables, scoreRun, scoreSuite } from '../suites/parts'
import type { DetailTable } from '../suites/contract'
import { fmtWithUnit } from './format'

/**
 * What every report format shows of a suite, computed once so that they all agree. The numbers
 * and tables come from each suite's report parts (suites/<kind>/report.ts).
 */
export { detailTables, keyNumbers } from '../suites/parts'
export type { DetailTable, KeyNumber } from '../suites/contract'

/** The detail tables the short forms (Markdown, CLI) show, cut to their brief columns. */
export function briefTables(suite: SuiteResult): DetailTable[] {
  return detailTables(suite).flatMap((t) => {
    const keep = t.brief
    if (!keep) return []
    const pick = <T>(xs: readonly T[]): T[] => keep.map((i) => xs[i]!)
    return [
      {
        title: t.title,
        columns: pick(t.columns),
        numeric: pick(t.numeric),
        rows: t.rows.map(pick),
      },
    ]
  })
}

export interface CheckRow {
  check: ThresholdCheck
  /** "p95 latency ≤ 25 ms" */
  rule: string
  measured: string
  verdict: 'PASS' | 'FAIL'
}

export function checkRows(suite: SuiteResult): CheckRow[] {
  return suite.checks.map((c) => ({
    check: c,
    rule: `${c.label} ${c.op === '<=' ? '≤' : '≥'} ${fmtWithUnit(c.limit, c.unit)}`,
    measured: fmtWithUnit(c.value, c.unit),
    verdict: c.pass ? 'PASS' : 'FAIL',
  }))
}

/** The run's score and each suite's, computed when the run did not carry them. */
export function scoresOf(run: RunResult): { run: Score; suites: Score[] } {
  const suites = run.suites.map((s) => s.score ?? scoreSuite(s))
  const withScores = { ...run, suites: run.suites.map((s, i) => ({ ...s, score: suites[i] })) }
  return { run: run.score ?? scoreRun(withScores), suites }
}

export function scoreItemsText(score: Score): string[] {
  if (score.items.length === 0) return ['nothing cost points']
  return score.items.map((i) => `${i.points} ${i.label}: ${i.reason}`)
}
