import type { Score, SuiteConfigOf, SuiteKind, SuiteResultOf } from '@shared/index'
import type { ChartSpec } from '../analysis/chart-spec'
import type { MetricInput } from '../analysis/compare'
import type { ScoreWeighting } from '../analysis/score'
import type { SuiteWorker } from './types'

/**
 * The plug-in contract of a suite: everything the engine, the reports, the history and the CLI
 * need to know about one kind of suite. Each `suites/<kind>/index.ts` exports ONE of these and
 * `suites/registry.ts` lists it in one line; nothing outside the suite's folder switches on its
 * kind. (Kept apart from the registry so that the suites and the registry do not import each
 * other.)
 */
export interface SuiteDefinition<K extends SuiteKind = SuiteKind> {
  kind: K
  /** a human name for the kind, e.g. "HTTP load" */
  label: string
  /** a human name for the suite when the plan gives none */
  describe(config: SuiteConfigOf<K>): string
  /** seconds the suite will take, when known; drives the progress bar and the hang watchdog */
  expectedSec(config: SuiteConfigOf<K>): number | null
  /** checks the plan cannot express in its schema (e.g. a write query without allowWrites) */
  /**
   * Checks beyond the schema. `readFiles` false (default true) (a plan not yet approved by its review): leave
   * out the checks that read local files.
   */
  validate?(
    config: SuiteConfigOf<K>,
    opts?: { readFiles: boolean },
  ): { path: string; message: string }[]
  /** local files the suite reads (shown on the review screen of an untrusted plan) */
  localFiles?(config: SuiteConfigOf<K>): { path: string; file: string }[]
  /**
   * The worker-side half, imported lazily (`() => import('./worker')`) inside the worker thread
   * only, so that the main thread never loads pg, ioredis or autocannon.
   */
  loadWorker(): Promise<SuiteWorker<K>>
  /**
   * Analysis of a finished result that needs only the result itself (thresholds and findings
   * on its stored numbers), run in the main thread after the worker's result and after a shard
   * merge. Must be idempotent: it may run again on a result it already completed.
   */
  complete?(result: SuiteResultOf<K>): SuiteResultOf<K>
  /** what the reports (PDF, HTML, Markdown, JUnit, CLI), the history and compare show */
  report: SuiteReportParts<K>
  /**
   * This suite's 1/N of the load for `perfdesk run --shard i/N`: `share(total, field)` is shard
   * i's whole-unit share of a count (it throws ShardSplitError naming `field` when a shard would
   * get nothing). Absent: the suite makes no load and runs whole on every shard.
   */
  splitShard?(config: SuiteConfigOf<K>, shard: ShardShare): SuiteConfigOf<K>
  /**
   * One result from the same suite's results on every shard of a sharded run (`perfdesk merge`),
   * in shard order: histograms added, counts summed, thresholds and findings judged again on the
   * merged numbers. Absent: the kind cannot be sharded. Throws ShardMergeError
   * (common/shard-merge) for a set it cannot merge, naming what to change.
   */
  mergeShards?(config: SuiteConfigOf<K>, shards: readonly SuiteResultOf<K>[]): SuiteResultOf<K>
}

/** Which shard of how many, and its share of a count (see splitShard). */
export interface ShardShare {
  /** 0-based */
  index: number
  count: number
  /** where the suite is in the plan, for messages, e.g. "suites[0]" */
  where: string
  share(total: number, field: string): number
}

/** A labelled number, formatted with its unit. */
export interface KeyNumber {
  label: string
  /** formatted with its unit */
  text: string
  /**
   * a throughput: a lower bound for the server when the generator was the limit, so reports
   * mark it "≥ … · client-bound" (driven by the result's `generator`, whatever the suite)
   */
  rate?: boolean
}

/** A per-step table some suites carry (a sweep, the pool sizes, a matrix). */
export interface DetailTable {
  title: string
  columns: string[]
  /** which columns are numbers (right-aligned) */
  numeric: boolean[]
  rows: string[][]
  /** relative column widths in the PDF (default: equal) */
  widths?: number[]
  /**
   * the column indexes the short forms (Markdown, the CLI summary) show; absent: the table is
   * left out of them (PDF and HTML only)
   */
  brief?: number[]
}

/** The few numbers that stand for a suite in one line (history list, Markdown table, headers). */
export interface Headline {
  /** the suite's main rate, e.g. { value: 1234, unit: 'req/s' } */
  throughput: { value: number; unit: string } | null
  latencyMs: { p50: number; p95: number; p99: number } | null
  /** which percentile stands for the suite in one line (p99 where medians are all tiny) */
  percentile: 'p95' | 'p99'
  errorRate: number | null
  /** further short items for the one-line form, e.g. "93.12 % hits" */
  extras?: string[]
}

/** A suite result of kind K that has metrics. */
export type MeasuredResult<K extends SuiteKind> = SuiteResultOf<K> & {
  metrics: NonNullable<SuiteResultOf<K>['metrics']>
}

export interface SuiteReportParts<K extends SuiteKind> {
  /** the key numbers every report shows (empty when nothing was measured) */
  keyNumbers(suite: SuiteResultOf<K>): KeyNumber[]
  /** the one-line numbers; null when nothing was measured */
  headline(suite: SuiteResultOf<K>): Headline | null
  /** failed operations over all of them, the one definition of this suite's error rate */
  errorRate(suite: SuiteResultOf<K>): number | null
  /** Apdex and its T, for suites that measure one */
  apdex?(suite: SuiteResultOf<K>): { value: number; tMs: number } | null
  /** how the suite's 100 points split (analysis/score.ts REQUEST_WEIGHTS or DATA_WEIGHTS) */
  scoreWeights: ScoreWeighting
  /** the items the score's `quality` part costs (with a `quality` weight), given its points */
  qualityItems?(suite: SuiteResultOf<K>, points: number): Score['items']
  /**
   * a score of the suite's own, for suites that make no load (health checks: what their
   * findings cost); null or absent: scored from thresholds, Apdex and error rate
   */
  score?(suite: SuiteResultOf<K>): Score | null
  /** the report charts (from the per-second series, or another x such as a cache size) */
  charts(suite: SuiteResultOf<K>): ChartSpec[]
  /** what compare sets side by side (and tests) for two results of this kind */
  compareInputs(a: SuiteResultOf<K>, b: SuiteResultOf<K>): MetricInput[]
  /** per-step tables (PDF, HTML, Markdown, CLI) */
  detailTables?(suite: SuiteResultOf<K>): DetailTable[]
  /** the CLI summary's rows, when shorter than the key numbers; defaults to keyNumbers */
  cliNumbers?(suite: SuiteResultOf<K>): KeyNumber[]
}

/** Erases nothing but checks a definition against its kind (use in each suite's index.ts). */
export const defineSuite = <K extends SuiteKind>(def: SuiteDefinition<K>): SuiteDefinition<K> => def
