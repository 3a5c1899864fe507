import type {
  RedisHitRate,
  RedisMatrixCell,
  RedisMetrics,
  RedisThresholds,
  ThresholdCheck,
} from '@shared/index'
import { redisErrorRate } from '@shared/index'
import { checkThresholds, type ThresholdRule } from '../common/thresholds'

const RULES: readonly ThresholdRule[] = [
  { key: 'p99Ms', label: 'p99 of the slowest matrix cell', op: '<=', unit: 'ms' },
  { key: 'minOpsPerSec', label: 'ops/s of the slowest matrix cell', op: '>=', unit: 'ops/s' },
  { key: 'minHitRate', label: 'cache-aside hit rate', op: '>=', unit: 'fraction' },
]

/** The matrix's numbers in RedisMetrics: totals over the cells, the slowest cell's p99 and ops/s. */
export type MatrixTotals = Pick<
  RedisMetrics,
  'commands' | 'errors' | 'errorRate' | 'opsPerSec' | 'peakOpsPerSec' | 'p99Ms' | 'minOpsPerSec'
>

/**
 * The thresholds of a redis suite, judged on its complete matrix cells and hit-rate replay, and
 * the matrix totals (by the worker, and again by the shard merge on the merged cells).
 */
export function redisChecks(
  thresholds: RedisThresholds,
  cells: readonly RedisMatrixCell[],
  hitRate: RedisHitRate | null,
): { checks: ThresholdCheck[]; totals: MatrixTotals } {
  const complete = cells.filter((c) => !c.partial && c.commands > 0)
  const worstP99 = complete.length ? Math.max(...complete.map((c) => c.latencyMs.p99)) : null
  const slowest = complete.length ? Math.min(...complete.map((c) => c.opsPerSec)) : null
  const checks = checkThresholds(thresholds, RULES, {
    p99Ms: worstP99,
    minOpsPerSec: slowest,
    minHitRate: hitRate && hitRate.requests > 0 ? hitRate.measured : null,
  })
  const commands = cells.reduce((a, c) => a + c.commands, 0)
  const errors = cells.reduce((a, c) => a + c.errors, 0)
  const matrixSec = cells.reduce((a, c) => a + c.durationSec, 0)
  const totals: MatrixTotals = {
    commands,
    errors,
    errorRate: redisErrorRate({ commands, errors }),
    // all matrix commands over all matrix time
    opsPerSec: matrixSec > 0 ? Math.round(commands / matrixSec) : 0,
    peakOpsPerSec: cells.length ? Math.max(...cells.map((c) => c.opsPerSec)) : 0,
    p99Ms: worstP99 ?? 0,
    minOpsPerSec: slowest ?? 0,
  }
  return { checks, totals }
}
