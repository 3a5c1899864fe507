import type { PostgresConfig, PostgresMetrics, PostgresStep } from '@shared/index'
import { encodeHistogram, summarize } from '../common/latency'
import { stepChecks, type PoolRecommendation } from './analysis'
import type { StepMeasurement } from './sweep'

const r3 = (v: number): number => Math.round(v * 1000) / 1000

/** One pool step as the result keeps it, with the generator's own limits during it. */
export function stepResult(m: StepMeasurement, config: PostgresConfig): PostgresStep {
  const latencyMs = summarize(m.latency)
  const waitMs = summarize(m.wait)
  const execMs = summarize(m.exec)
  const errorRate = m.errors / Math.max(1, m.transactions + m.errors)
  const tps = m.elapsedSec > 0 ? Math.round((m.transactions / m.elapsedSec) * 10) / 10 : 0
  const base = { latencyMs, tps, errorRate: r3(errorRate) }
  return {
    poolSize: m.poolSize,
    clients: m.clients,
    durationSec: r3(m.elapsedSec),
    transactions: m.transactions,
    tps,
    latencyMs,
    waitMs,
    execMs,
    waitShare: latencyMs.mean > 0 ? r3(waitMs.mean / latencyMs.mean) : 0,
    errors: m.errors,
    errorRate: base.errorRate,
    meetsThresholds: stepChecks(base, config.thresholds).every((c) => c.pass),
    partial: m.partial,
    histogram: encodeHistogram(m.latency),
    waitHistogram: encodeHistogram(m.wait),
    execHistogram: encodeHistogram(m.exec),
    generator: m.generator,
  }
}

/** The suite's headline numbers: the recommended (or best) step's. */
export function headlineMetrics(head: PostgresStep, rec: PoolRecommendation): PostgresMetrics {
  return {
    poolSize: head.poolSize,
    recommendedPoolSize: rec.poolSize,
    transactions: head.transactions,
    tps: head.tps,
    latencyMs: head.latencyMs,
    waitMs: head.waitMs,
    execMs: head.execMs,
    waitShare: head.waitShare,
    errors: head.errors,
    errorRate: head.errorRate,
  }
}
