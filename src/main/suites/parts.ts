import type { RunResult, Score, SuiteResult } from '@shared/index'
import type { ChartSpec } from '../analysis/chart-spec'
import {
  compareRunsWith,
  type CompareOptions,
  type MetricInput,
  type RunComparison,
} from '../analysis/compare'
import {
  scoreRun as scoreRunWith,
  scoreSuite as scoreSuiteWith,
  type ScoreInputs,
} from '../analysis/score'
import type { DetailTable, Headline, KeyNumber, SuiteDefinition } from './contract'
import { findSuiteDefinition, suiteDefinitions } from './registry'

/**
 * What the engine, the reports, the history and the CLI ask of any suite result: each question
 * answered by the suite's own definition, so that none of them switches on a suite's kind.
 */

const defOf = (suite: SuiteResult): SuiteDefinition =>
  suiteDefinitions[suite.kind] as SuiteDefinition

/** "HTTP load", "PostgreSQL", …; the kind itself for a kind this version does not know. */
export function suiteLabel(kind: string): string {
  return findSuiteDefinition(kind)?.label ?? kind
}

export function keyNumbers(suite: SuiteResult): KeyNumber[] {
  return defOf(suite).report.keyNumbers(suite)
}

export function cliNumbers(suite: SuiteResult): KeyNumber[] {
  const r = defOf(suite).report
  return r.cliNumbers ? r.cliNumbers(suite) : r.keyNumbers(suite)
}

export function suiteHeadline(suite: SuiteResult): Headline | null {
  return defOf(suite).report.headline(suite)
}

export function suiteErrorRate(suite: SuiteResult): number | null {
  return defOf(suite).report.errorRate(suite)
}

export function suiteCharts(suite: SuiteResult): ChartSpec[] {
  return suite.series.length === 0 ? [] : defOf(suite).report.charts(suite)
}

export function detailTables(suite: SuiteResult): DetailTable[] {
  return defOf(suite).report.detailTables?.(suite) ?? []
}

export function scoreInputs(suite: SuiteResult): ScoreInputs {
  const r = defOf(suite).report
  return {
    weights: r.scoreWeights,
    errorRate: r.errorRate(suite),
    apdex: r.apdex?.(suite) ?? null,
  }
}

export function scoreSuite(suite: SuiteResult): Score {
  return scoreSuiteWith(suite, scoreInputs(suite))
}

export function scoreRun(run: RunResult): Score {
  return scoreRunWith(run, scoreSuite)
}

/** What compare sets side by side for two results; nothing when their kinds differ. */
export function compareInputs(a: SuiteResult, b: SuiteResult): MetricInput[] {
  return a.kind === b.kind ? defOf(a).report.compareInputs(a, b) : []
}

export function compareRuns(a: RunResult, b: RunResult, opts: CompareOptions = {}): RunComparison {
  return compareRunsWith(compareInputs, a, b, opts)
}
