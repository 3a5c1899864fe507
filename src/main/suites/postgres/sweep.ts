import type { ClientConfig } from 'pg'
import type { Histogram } from 'hdr-histogram-js'
import type { GeneratorStats, PgParam } from '@shared/index'
import { decodeHistogram, newHistogram } from '../common/latency'
import { judgeGenerator, runGeneratorThreads, splitEvenly } from '../common/generator'
import { mergeHistogramList } from '../../analysis/hdr-merge'
import type { PgGenInterval, PgGenPart, PgGenPayload, ReadOnlyMode } from './generator-task'
import { StepSeries, type SecondSample } from './step-series'

export type { SecondSample } from './step-series'

/** A query that takes part in the load mix. */
export interface MixQuery {
  /** index in the suite's `queries` */
  index: number
  sql: string
  weight: number
  /** parameter generators; sequences are moved on after each step so they keep counting up */
  params: PgParam[]
}

export interface QueryTally {
  executions: number
  errors: number
  exec: Histogram
  firstError?: string
}

export interface StepMeasurement {
  poolSize: number
  clients: number
  /** wall time from the first request to the last answer (the longest thread) */
  elapsedSec: number
  transactions: number
  errors: number
  latency: Histogram
  wait: Histogram
  exec: Histogram
  /** keyed by query index */
  perQuery: Map<number, QueryTally>
  /** connection-level failures, e.g. the server went away */
  connectErrors: number
  firstConnectError?: string
  partial: boolean
  /** the generator's own limits over this step */
  generator: GeneratorStats
}

export interface StepOptions {
  pool: ClientConfig
  poolSize: number
  clients: number
  durationSec: number
  queries: MixQuery[]
  /** generator threads (resolved); a step never uses more threads than connections or clients */
  threads: number
  /** how the server keeps a read-only suite read-only */
  readOnly: ReadOnlyMode
  signal: AbortSignal
  onSecond(s: SecondSample): void
}

/**
 * One step of the sweep: `clients` virtual users share `poolSize` connections for
 * `durationSec`, spread over generator threads (each thread its share of both). The threads'
 * histograms, counters and seconds are merged exactly.
 */
export async function runStep(opts: StepOptions): Promise<StepMeasurement> {
  const threads = Math.max(1, Math.min(opts.threads, opts.poolSize, opts.clients))
  const conns = splitEvenly(opts.poolSize, threads)
  const clients = splitEvenly(opts.clients, threads)
  const series = new StepSeries(threads)
  const run = await runGeneratorThreads<PgGenPayload, PgGenInterval, PgGenPart>({
    kind: 'postgres',
    threads,
    signal: opts.signal,
    payload: (i) => ({
      client: opts.pool,
      connections: conns[i] ?? 1,
      clients: clients[i] ?? 1,
      durationSec: opts.durationSec,
      queries: opts.queries.map((q) => ({
        index: q.index,
        sql: q.sql,
        weight: q.weight,
        params: q.params,
      })),
      readOnly: opts.readOnly,
    }),
    onInterval: (i, data) => {
      for (const s of series.add(i, data)) opts.onSecond(s)
    },
  })
  if (run.parts.length === 0) throw new Error(run.errors[0] ?? 'no generator thread finished')
  for (const s of series.finish()) opts.onSecond(s)
  const m = mergeParts(opts, run.parts)
  if (run.errors.length > 0) {
    m.connectErrors += run.errors.length
    m.firstConnectError ??= run.errors[0]
  }
  m.generator = judgeGenerator(run.meters, { cpuSec: run.cpuSec, operations: m.transactions })
  advanceSequences(opts.queries, run.parts, threads)
  return m
}

function mergeParts(opts: StepOptions, parts: readonly PgGenPart[]): StepMeasurement {
  const hist = (pick: (p: PgGenPart) => string): Histogram => {
    const decoded = parts.map((p) => decodeHistogram(pick(p)))
    const merged = mergeHistogramList(decoded)
    for (const h of decoded) h.destroy()
    return merged
  }
  const perQuery = new Map<number, QueryTally>()
  for (const q of opts.queries) {
    const mine = parts.flatMap((p) => p.perQuery.filter((x) => x.index === q.index))
    const decoded = mine.map((x) => decodeHistogram(x.exec))
    const tally: QueryTally = {
      executions: mine.reduce((s, x) => s + x.executions, 0),
      errors: mine.reduce((s, x) => s + x.errors, 0),
      exec: decoded.length ? mergeHistogramList(decoded) : newHistogram(),
    }
    for (const h of decoded) h.destroy()
    const firstError = mine.find((x) => x.firstError !== undefined)?.firstError
    if (firstError !== undefined) tally.firstError = firstError
    perQuery.set(q.index, tally)
  }
  const m: StepMeasurement = {
    poolSize: opts.poolSize,
    clients: opts.clients,
    elapsedSec: Math.max(0, ...parts.map((p) => p.elapsedSec)),
    transactions: parts.reduce((s, p) => s + p.transactions, 0),
    errors: parts.reduce((s, p) => s + p.errors, 0),
    latency: hist((p) => p.latency),
    wait: hist((p) => p.wait),
    exec: hist((p) => p.exec),
    perQuery,
    connectErrors: parts.reduce((s, p) => s + p.connectErrors, 0),
    partial: parts.some((p) => p.partial),
    generator: { threads: 1, busy: 0, eventLoopDelayP99Ms: 0, cpuSec: 0, clientBound: false },
  }
  const firstConnectError = parts.find((p) => p.firstConnectError)?.firstConnectError
  if (firstConnectError !== undefined) m.firstConnectError = firstConnectError
  return m
}

/** Sequences keep counting up across steps: move each base past what any thread drew. */
function advanceSequences(queries: MixQuery[], parts: readonly PgGenPart[], threads: number): void {
  for (const q of queries) {
    const draws = Math.max(
      0,
      ...parts.flatMap((p) => p.perQuery.filter((x) => x.index === q.index).map((x) => x.draws)),
    )
    q.params = q.params.map((p) =>
      p !== null && typeof p === 'object' && 'sequence' in p
        ? { sequence: p.sequence + draws * threads }
        : p,
    )
  }
}
