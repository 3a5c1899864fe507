import type { RunResult, Score, SuiteResult } from '@shared/index'
import {
  boundedText,
  CLIENT_BOUND,
  clientBoundReason,
  generatorFacts,
  generatorLine,
} from '@shared/client-bound'
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

/**
 * Marks the rates of a client-bound result as lower bounds and says why, first: a number is
 * about the target, or it says it is not.
 */
function markClientBound(suite: SuiteResult, nums: KeyNumber[]): KeyNumber[] {
  const reason = clientBoundReason(suite)
  if (!reason) return nums
  const marked = nums.map((k) =>
    k.rate ? { ...k, text: `${boundedText(k.text, suite)} · ${CLIENT_BOUND}` } : k,
  )
  return [{ label: CLIENT_BOUND, text: reason }, ...marked]
}

/** The suite's own main-thread analysis of a finished result (see SuiteDefinition.complete). */
export function completeSuite(suite: SuiteResult): SuiteResult {
  const def = findSuiteDefinition(suite.kind)
  return def?.complete ? def.complete(suite) : suite
}

export function keyNumbers(suite: SuiteResult): KeyNumber[] {
  return markClientBound(suite, defOf(suite).report.keyNumbers(suite))
}

export function cliNumbers(suite: SuiteResult): KeyNumber[] {
  const r = defOf(suite).report
  const nums = markClientBound(suite, r.cliNumbers ? r.cliNumbers(suite) : r.keyNumbers(suite))
  if (suite.generator) nums.push({ label: 'generator', text: generatorLine(suite.generator) })
  return nums
}

export function suiteHeadline(suite: SuiteResult): Headline | null {
  return defOf(suite).report.headline(suite)
}

export function suiteErrorRate(suite: SuiteResult): number | null {
  return defOf(suite).report.errorRate(suite)
}

export function suiteCharts(suite: SuiteResult): ChartSpec[] {
  // a chart with no points is left out (a suite cancelled before its first second)
  return defOf(suite)
    .report.charts(suite)
    .filter((c) => c.xs.length > 0)
}

export function detailTables(suite: SuiteResult): DetailTable[] {
  const tables = defOf(suite).report.detailTables?.(suite) ?? []
  const g = suite.generator
  if (!g) return tables
  return [
    ...tables,
    {
      title: "Generator (PerfDesk's own load side)",
      columns: ['measure', 'value'],
      numeric: [false, false],
      rows: generatorFacts(g).map((f) => [f.label, f.text]),
    },
  ]
}

export function scoreInputs(suite: SuiteResult): ScoreInputs {
  const r = defOf(suite).report
  return {
    weights: r.scoreWeights,
    errorRate: r.errorRate(suite),
    apdex: r.apdex?.(suite) ?? null,
    quality: r.qualityItems ? (points) => r.qualityItems!(suite, points) : undefined,
  }
}

export function scoreSuite(suite: SuiteResult): Score {
  return defOf(suite).report.score?.(suite) ?? scoreSuiteWith(suite, scoreInputs(suite))
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
