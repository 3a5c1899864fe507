import pg from 'pg'
import type { ClientConfig } from 'pg'
import type {
  Finding,
  GeneratorStats,
  PgHealth,
  PgQueryPlan,
  PgQueryStats,
  PgWhatIf,
  PostgresConfig,
  PostgresMetrics,
  PostgresSample,
  ThresholdCheck,
} from '@shared/index'
import { encodeHistogram, newHistogram, summarize } from '../common/latency'
import type { SuiteContext, SuiteOutput, SuiteWorker } from '../types'
import {
  planFindings,
  poolFindings,
  queryFindings,
  recommendPool,
  stepChecks,
  type IndexProposal,
} from './analysis'
import { tableInfo, settingNumber, type TableInfo } from './catalog'
import { clientConfig, connectionErrorMessage, queryErrorMessage } from './connection'
import { explain, explainPrefix, parsePlan } from './explain'
import { healthFindings, readHealth } from './health'
import { ParamGenerator, paramText, type PgValue } from './params'
import { isExplainable } from './sql-classify'
import { serverProblem, statementProblem } from './guard'
import { clientBoundFinding, combineGenerator, resolveThreads } from '../common/generator'
import { runStep, type MixQuery, type StepMeasurement } from './sweep'
import { headlineMetrics, stepResult } from './step-result'
import type { ReadOnlyMode } from './generator-task'
import { objectPrefix, whatIf } from './whatif'

class Cancelled extends Error {
  constructor() {
    super('cancelled')
  }
}

/** Rejects as soon as the signal fires, so that a slow EXPLAIN ANALYZE cannot hold up a cancel. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Cancelled())
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Cancelled())
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    )
  })
}

interface QueryState {
  index: number
  name: string
  sql: string
  weight: number
  excluded: boolean
  error?: string
  /** parameter values the plan was made with (re-used by the what-if) */
  sample: PgValue[]
}

/** What the suite has gathered so far: enough to build a (partial) result at any point. */
interface State {
  queries: QueryState[]
  plans: PgQueryPlan[]
  tables: Map<string, TableInfo>
  workMemKb: number | null
  measurements: StepMeasurement[]
  series: PostgresSample[]
  health: PgHealth | null
  whatIf: PgWhatIf[]
  notes: string[]
  findings: Finding[]
  serverVersion?: string
  readOnlyMode: ReadOnlyMode
}

export const postgresWorker: SuiteWorker<'postgres'> = {
  async run(ctx: SuiteContext<'postgres'>): Promise<SuiteOutput<'postgres'>> {
    const config = ctx.config
    const target = ctx.target
    const state: State = {
      queries: config.queries.map((q, index) => ({
        index,
        name: q.name,
        sql: q.sql,
        weight: q.weight,
        excluded: false,
        sample: new ParamGenerator(q.params).next(),
      })),
      plans: [],
      tables: new Map(),
      workMemKb: null,
      measurements: [],
      series: [],
      health: null,
      whatIf: [],
      notes: [],
      findings: [],
      readOnlyMode: config.allowWrites ? 'off' : 'frame',
    }
    if (target.kind !== 'postgres') {
      return output(
        ctx,
        state,
        'error',
        `target "${target.id}" is a ${target.kind} target, not postgres`,
      )
    }
    const readOnly = !config.allowWrites
    let poolConfig: ClientConfig
    try {
      poolConfig = clientConfig(target, { readOnly, applicationName: `perfdesk ${ctx.runId}` })
    } catch (err) {
      return output(ctx, state, 'error', err instanceof Error ? err.message : String(err))
    }
    const control = new pg.Client(poolConfig)
    control.on('error', () => undefined)
    const onAbort = (): void => void control.end().catch(() => undefined)
    ctx.signal.addEventListener('abort', onAbort, { once: true })
    try {
      try {
        await abortable(control.connect(), ctx.signal)
      } catch (err) {
        if (err instanceof Cancelled) throw err
        return output(ctx, state, 'error', connectionErrorMessage(err, target))
      }
      const info = await abortable(
        control.query<{ version: string; ro: string; num: number }>(
          `SELECT current_setting('server_version') AS version, current_setting('default_transaction_read_only') AS ro,
                  current_setting('server_version_num')::int AS num`,
        ),
        ctx.signal,
      )
      state.serverVersion = `PostgreSQL ${info.rows[0]?.version ?? '?'}`
      // PostgreSQL 14 reports changes of default_transaction_read_only; before it, frame each one
      state.readOnlyMode = !readOnly
        ? 'off'
        : (info.rows[0]?.num ?? 0) >= 140000
          ? 'session'
          : 'frame'
      if (readOnly && info.rows[0]?.ro !== 'on') {
        return output(
          ctx,
          state,
          'error',
          'could not make the session read-only (the connection string overrides "options"?); refusing to run without allowWrites',
        )
      }
      await control.query("SET statement_timeout = '60s'")
      // the first guard is validate(); this one holds even if a plan skipped it
      await abortable(guardQueries(control, state, readOnly), ctx.signal)
      await abortable(planQueries(control, config, state), ctx.signal)
      state.workMemKb = await abortable(settingNumber(control, 'work_mem'), ctx.signal)
      await abortable(lookUpTables(control, state), ctx.signal)
      await control.query('RESET statement_timeout')

      await sweep(ctx, poolConfig, state)
      if (ctx.signal.aborted) throw new Cancelled()

      try {
        state.health = await abortable(readHealth(control), ctx.signal)
      } catch (err) {
        if (err instanceof Cancelled) throw err
        state.notes.push(`server health could not be read: ${queryErrorMessage(err)}`)
      }
      const proposals = planAnalysis(state)
      if (config.whatIf && config.allowWrites && proposals.length > 0) {
        state.whatIf = await abortable(
          whatIf(
            control,
            proposals,
            (i) => state.queries[i]!.sample,
            (i) => state.queries[i]!.sql,
            objectPrefix(ctx.runId),
            ctx.signal,
          ),
          ctx.signal,
        )
      }
      const runnable = state.queries.filter((q) => !q.excluded)
      if (runnable.length === 0) {
        return output(
          ctx,
          state,
          'error',
          `no query could run: ${state.queries.map((q) => `"${q.name}": ${q.error}`).join('; ')}`,
        )
      }
      return output(ctx, state, null)
    } catch (err) {
      if (err instanceof Cancelled || ctx.signal.aborted) return output(ctx, state, 'cancelled')
      const connected = (control as unknown as { processID?: number }).processID !== undefined
      const msg = !connected ? connectionErrorMessage(err, target) : queryErrorMessage(err)
      return output(ctx, state, 'error', msg)
    } finally {
      ctx.signal.removeEventListener('abort', onAbort)
      await Promise.race([
        control.end().catch(() => undefined),
        new Promise((r) => setTimeout(r, 300)),
      ])
    }
  },
}

/**
 * The read-only guard before anything of the user's runs: the text (one statement, no
 * transaction control, a read), then in a read-only suite what PostgreSQL's plan of it calls.
 */
async function guardQueries(client: pg.Client, state: State, readOnly: boolean): Promise<void> {
  for (const q of state.queries) {
    let problem = statementProblem(q.name, q.sql, !readOnly)
    if (!problem && readOnly) {
      try {
        problem = await serverProblem(client, q.name, q.sql, q.sample, isExplainable(q.sql))
      } catch {
        // the query does not plan (a syntax error…): planQueries says so for this query
      }
    }
    if (problem) {
      q.excluded = true
      q.error = `not run: ${problem}`
    }
  }
}

/** Pre-flight: EXPLAIN every query (without running it unless explain is "analyze"); a query that fails is left out. */
async function planQueries(client: pg.Client, config: PostgresConfig, state: State): Promise<void> {
  for (const q of state.queries) {
    if (q.excluded || !isExplainable(q.sql)) continue
    const analyze = config.explain === 'analyze'
    try {
      const raw = await explain(client, q.sql, q.sample, analyze, !config.allowWrites)
      if (config.explain === 'off') continue
      const parsed = parsePlan(raw)
      const plan: PgQueryPlan = {
        query: q.name,
        queryIndex: q.index,
        mode: analyze ? 'analyze' : 'plan',
        params: paramText(q.sample),
        totalCost: parsed.totalCost,
        nodes: parsed.nodes,
      }
      if (parsed.planningMs !== undefined) plan.planningMs = parsed.planningMs
      if (parsed.executionMs !== undefined) plan.executionMs = parsed.executionMs
      state.plans.push(plan)
    } catch (err) {
      q.excluded = true
      q.error = queryErrorMessage(err, explainPrefix(analyze).length)
      state.plans.push({
        query: q.name,
        queryIndex: q.index,
        mode: analyze ? 'analyze' : 'plan',
        params: paramText(q.sample),
        totalCost: null,
        nodes: [],
        error: q.error,
      })
    }
  }
}

async function lookUpTables(client: pg.Client, state: State): Promise<void> {
  const names = new Set(
    state.plans.flatMap((p) => p.nodes.flatMap((n) => (n.relation ? [n.relation] : []))),
  )
  for (const name of names) {
    const t = await tableInfo(client, name)
    if (t) state.tables.set(name, t)
  }
}

function planAnalysis(state: State): IndexProposal[] {
  const { findings, proposals } = planFindings({
    plans: state.plans,
    tables: state.tables,
    workMemKb: state.workMemKb,
    sqlByIndex: new Map(state.queries.map((q) => [q.index, q.sql])),
  })
  state.findings.push(...findings)
  return proposals
}

async function sweep(
  ctx: SuiteContext<'postgres'>,
  poolConfig: ClientConfig,
  state: State,
): Promise<void> {
  const config = ctx.config
  const mix: MixQuery[] = state.queries
    .filter((q) => !q.excluded)
    .map((q) => ({
      index: q.index,
      sql: q.sql,
      weight: q.weight,
      params: [...config.queries[q.index]!.params],
    }))
  const threads = resolveThreads(config.threads)
  if (mix.length === 0) return
  const sizes = [...new Set(config.poolSizes)].sort((a, b) => a - b)
  const suiteStart = performance.now()
  const expectedSec = sizes.length * config.durationSec
  for (const [step, poolSize] of sizes.entries()) {
    if (ctx.signal.aborted) return
    const label = `pool ${poolSize} (${step + 1}/${sizes.length})`
    const stepStart = performance.now()
    ctx.log(`${label}: ${config.clients} clients for ${config.durationSec} s`)
    try {
      const m = await runStep({
        pool: poolConfig,
        poolSize,
        clients: config.clients,
        durationSec: config.durationSec,
        queries: mix,
        threads,
        readOnly: state.readOnlyMode,
        signal: ctx.signal,
        onSecond: (s) => {
          const elapsedSec = (performance.now() - suiteStart) / 1000
          // a second is final a second after it ends (see StepSeries): place it where it ended
          const t = (stepStart - suiteStart) / 1000 + s.stepElapsedSec
          const sample: PostgresSample = {
            t: Math.round(t * 1000) / 1000,
            step,
            poolSize,
            tps: s.tps,
            p50: s.p50,
            p95: s.p95,
            p99: s.p99,
            waitMs: s.waitMs,
            errors: s.errors,
          }
          state.series.push(sample)
          const done =
            step * config.durationSec +
            Math.min(config.durationSec, (performance.now() - stepStart) / 1000)
          ctx.progress({
            elapsedSec,
            expectedSec,
            fraction: Math.min(1, done / expectedSec),
            label,
            sample,
          })
        },
      })
      state.measurements.push(m)
      if (m.transactions === 0 && m.connectErrors > 0) {
        state.notes.push(
          `${label}: no connection could be made: ${m.firstConnectError ?? 'unknown error'}`,
        )
        break
      }
    } catch (err) {
      const msg = connectionErrorMessage(err, ctx.target)
      state.notes.push(`${label}: the pool could not be opened: ${msg}`)
      state.findings.push({
        id: `pg-step-failed-${poolSize}`,
        severity: 'warning',
        title: `Pool ${poolSize} could not be opened`,
        detail: msg,
        evidence: [{ label: 'pool size', value: poolSize }],
        recommendation:
          'Check max_connections and the connections other clients hold; larger pool sizes were skipped.',
      })
      break
    }
  }
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000

function queryStats(state: State): PgQueryStats[] {
  const merged = state.queries.map((q) => {
    const h = newHistogram()
    let executions = 0
    let errors = 0
    let firstError: string | undefined
    for (const m of state.measurements) {
      const t = m.perQuery.get(q.index)
      if (!t) continue
      h.add(t.exec)
      executions += t.executions
      errors += t.errors
      firstError ??= t.firstError
    }
    return { q, h, executions, errors, firstError }
  })
  const totalUs = merged.reduce((s, x) => s + x.h.mean * x.h.totalCount, 0)
  return merged.map(({ q, h, executions, errors, firstError }) => {
    // a query that failed every time it ran is as broken as one that failed before the run
    const error = q.error ?? (executions === 0 && errors > 0 ? firstError : undefined)
    const s: PgQueryStats = {
      name: q.name,
      index: q.index,
      excluded: q.excluded,
      executions,
      errors,
      execMs: summarize(h),
      shareOfExecTime: totalUs > 0 ? r3((h.mean * h.totalCount) / totalUs) : 0,
      histogram: encodeHistogram(h),
    }
    if (error) s.error = error
    return s
  })
}

function output(
  ctx: SuiteContext<'postgres'>,
  state: State,
  forced: 'error' | 'cancelled' | null,
  error?: string,
): SuiteOutput<'postgres'> {
  const config = ctx.config
  const steps = state.measurements.map((m) => stepResult(m, config))
  const rec = recommendPool(steps)
  const head = rec.headline !== null ? steps[rec.headline] : undefined
  const checks: ThresholdCheck[] = head ? stepChecks(head, config.thresholds) : []
  const stats = queryStats(state)
  const generator: GeneratorStats | undefined = combineGenerator(
    steps.flatMap((s) => (s.generator ? [s.generator] : [])),
  )
  const bound = generator
    ? clientBoundFinding('pg', generator, {
        where: steps.filter((s) => s.generator?.clientBound).map((s) => `pool ${s.poolSize}`),
      })
    : null
  const findings: Finding[] = [
    ...state.findings,
    ...(bound ? [bound] : []),
    ...poolFindings(steps, rec),
    ...queryFindings(state.queries, state.plans, stats),
    ...(state.health ? healthFindings(state.health) : []),
  ].map((f) => ({ ...f, suiteIndex: ctx.suiteIndex }))
  const metrics: PostgresMetrics | null = head ? headlineMetrics(head, rec) : null
  let status: SuiteOutput<'postgres'>['status']
  if (forced) status = forced
  else if (!head) status = 'error'
  else status = checks.every((c) => c.pass) ? 'passed' : 'failed'
  const out: SuiteOutput<'postgres'> = {
    status,
    checks,
    findings,
    metrics,
    series: state.series,
    histogram: head?.histogram ?? null,
    details: {
      steps,
      recommendedPoolSize: rec.poolSize,
      reason: rec.reason,
      plans: state.plans,
      queries: stats,
      health: state.health,
      whatIf: state.whatIf,
      readOnly: !config.allowWrites,
    },
    notes: state.notes,
  }
  const err =
    error ??
    (status === 'error' && !head
      ? (state.notes.at(-1) ?? 'no step completed a transaction')
      : undefined)
  if (err) out.error = err
  if (state.serverVersion) out.serverVersion = state.serverVersion
  if (generator) out.generator = generator
  return out
}
