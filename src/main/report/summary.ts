import type { RunResult, SuiteResult, ThresholdCheck } from '@shared/index'
import { fmtBytes, fmtMs, fmtNumber, fmtPercent, fmtRps, fmtWithUnit } from './format'
import { scoreRun, scoreSuite } from './score'
import type { Score } from '@shared/index'
import { pgHealthKeyNumbers, pgHealthTables } from '../suites/postgres-health/report'
import { redisHealthKeyNumbers, redisHealthTables } from '../suites/redis-health/report'

/** What every report format shows of a suite, computed once here so that they all agree. */

export interface KeyNumber {
  label: string
  /** formatted with its unit */
  text: string
}

export function keyNumbers(suite: SuiteResult): KeyNumber[] {
  if (suite.kind === 'postgres-health') return pgHealthKeyNumbers(suite)
  if (suite.kind === 'redis-health') return redisHealthKeyNumbers(suite)
  if (suite.kind === 'http-load') {
    const m = suite.metrics
    if (!m) return []
    const out: KeyNumber[] = [
      { label: 'requests', text: fmtNumber(m.requests) },
      { label: 'throughput', text: fmtRps(m.rps) },
      { label: 'p50 latency', text: fmtMs(m.latencyMs.p50) },
      { label: 'p95 latency', text: fmtMs(m.latencyMs.p95) },
      { label: 'p99 latency', text: fmtMs(m.latencyMs.p99) },
      { label: 'max latency', text: fmtMs(m.latencyMs.max) },
      { label: 'mean latency', text: `${fmtMs(m.latencyMs.mean)} (σ ${fmtMs(m.latencyMs.stdev)})` },
      {
        label: 'errors',
        text: `${fmtNumber(m.errors)}${m.timeouts ? ` (${fmtNumber(m.timeouts)} timeouts)` : ''}`,
      },
      { label: 'error rate', text: fmtPercent(m.errorRate) },
      {
        label: 'Apdex',
        text: `${fmtNumber(m.apdex, 3)} (T = ${fmtNumber(suite.config.apdexTMs)} ms)`,
      },
      {
        label: 'status codes',
        text:
          Object.entries(m.statusCodes)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${k} ${fmtNumber(n)}`)
            .join(', ') || '—',
      },
      { label: 'transfer', text: `${fmtBytes(m.throughputBytesPerSec)}/s` },
      { label: 'duration', text: `${fmtNumber(m.durationSec, 1)} s` },
      {
        label: 'latency measured as',
        text:
          m.latencyBasis === 'intended-time'
            ? 'from intended send time (open model)'
            : 'service time (closed model)',
      },
    ]
    if (m.targetRps !== undefined)
      out.splice(2, 0, { label: 'target rate', text: fmtRps(m.targetRps) })
    if (m.late !== undefined) out.push({ label: 'late requests', text: fmtNumber(m.late) })
    if (m.dropped !== undefined) out.push({ label: 'dropped requests', text: fmtNumber(m.dropped) })
    return out
  }
  if (suite.kind === 'postgres') {
    const m = suite.metrics
    if (!m) return []
    return [
      {
        label: 'pool size',
        text: `${m.poolSize}${m.recommendedPoolSize !== null ? ` (recommended ${m.recommendedPoolSize})` : ' (none recommended)'}`,
      },
      { label: 'transactions', text: fmtNumber(m.transactions) },
      { label: 'throughput', text: `${fmtNumber(m.tps, m.tps >= 100 ? 0 : 1)} tx/s` },
      { label: 'p50 latency', text: fmtMs(m.latencyMs.p50) },
      { label: 'p95 latency', text: fmtMs(m.latencyMs.p95) },
      { label: 'p99 latency', text: fmtMs(m.latencyMs.p99) },
      { label: 'max latency', text: fmtMs(m.latencyMs.max) },
      { label: 'pool wait p95', text: fmtMs(m.waitMs.p95) },
      { label: 'execution p95', text: fmtMs(m.execMs.p95) },
      { label: 'time waiting for a connection', text: fmtPercent(m.waitShare, 1) },
      { label: 'errors', text: fmtNumber(m.errors) },
      { label: 'error rate', text: fmtPercent(m.errorRate) },
    ]
  }
  const m = suite.metrics
  if (!m) return []
  const out: KeyNumber[] = [
    { label: 'commands', text: fmtNumber(m.commands) },
    { label: 'throughput', text: `${fmtNumber(m.opsPerSec)} ops/s` },
    { label: 'peak throughput', text: `${fmtNumber(m.peakOpsPerSec)} ops/s` },
    { label: 'slowest step throughput', text: `${fmtNumber(m.minOpsPerSec)} ops/s` },
    { label: 'p50 latency', text: fmtMs(m.latencyMs.p50) },
    { label: 'p95 latency', text: fmtMs(m.latencyMs.p95) },
    { label: 'p99 latency', text: fmtMs(m.latencyMs.p99) },
    { label: 'p99 of the slowest step', text: fmtMs(m.p99Ms) },
    { label: 'errors', text: fmtNumber(m.errors) },
    {
      label: 'error rate',
      text: fmtPercent(m.commands > 0 ? m.errors / Math.max(m.commands, m.errors) : 0),
    },
  ]
  if (m.hitRate)
    out.push({
      label: 'cache hit rate',
      text: `${fmtPercent(m.hitRate.measured, 1)} (expected ${fmtPercent(m.hitRate.expected, 1)})`,
    })
  if (m.compression) out.push({ label: 'compression', text: m.compression.recommendation.summary })
  if (m.health?.version)
    out.push({
      label: 'server',
      text: `Redis ${m.health.version}${m.health.mode ? ` (${m.health.mode})` : ''}`,
    })
  return out
}

/** Per-step tables some suites carry: the HTTP sweep, the Postgres pool sizes, the Redis matrix. */
export interface DetailTable {
  title: string
  columns: string[]
  /** which columns are numbers (right-aligned) */
  numeric: boolean[]
  rows: string[][]
}

export function detailTables(suite: SuiteResult): DetailTable[] {
  if (suite.kind === 'postgres-health') return pgHealthTables(suite)
  if (suite.kind === 'redis-health') return redisHealthTables(suite)
  if (suite.kind === 'http-load' && suite.sweep) {
    return [
      {
        title: 'Sweep',
        columns: ['load', 'throughput', 'p95', 'p99', 'error rate', 'meets thresholds'],
        numeric: [true, true, true, true, true, false],
        rows: suite.sweep.steps.map((s) => [
          s.connections !== undefined
            ? `${s.connections} connections`
            : `${fmtNumber(s.rate ?? 0)} req/s`,
          fmtRps(s.rps),
          fmtMs(s.latencyMs.p95),
          fmtMs(s.latencyMs.p99),
          fmtPercent(s.errorRate),
          s.meetsThresholds ? 'yes' : 'no',
        ]),
      },
    ]
  }
  if (suite.kind === 'postgres' && suite.details) {
    return [
      {
        title: 'Pool sizes',
        columns: ['pool size', 'tx/s', 'p95', 'p99', 'wait share', 'errors', 'meets thresholds'],
        numeric: [true, true, true, true, true, true, false],
        rows: suite.details.steps.map((s) => [
          `${s.poolSize}${s.poolSize === suite.details?.recommendedPoolSize ? ' (recommended)' : ''}`,
          fmtNumber(s.tps, 0),
          fmtMs(s.latencyMs.p95),
          fmtMs(s.latencyMs.p99),
          fmtPercent(s.waitShare, 1),
          fmtNumber(s.errors),
          s.meetsThresholds ? 'yes' : 'no',
        ]),
      },
    ]
  }
  if (suite.kind === 'redis' && suite.metrics && suite.metrics.matrix.length) {
    return [
      {
        title: 'Operations matrix',
        columns: ['operation', 'payload', 'pipeline', 'ops/s', 'p50', 'p99', 'errors'],
        numeric: [false, true, true, true, true, true, true],
        rows: suite.metrics.matrix.map((c) => [
          c.operation,
          c.payloadBytes ? fmtBytes(c.payloadBytes) : '—',
          `${c.pipeline}`,
          fmtNumber(c.opsPerSec),
          fmtMs(c.latencyMs.p50),
          fmtMs(c.latencyMs.p99),
          fmtNumber(c.errors),
        ]),
      },
    ]
  }
  return []
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
