import type { RedisHitRate, RedisMatrixCell, RedisThresholds, ThresholdCheck } from '@shared/index'
import { checkThresholds, type ThresholdRule } from '../common/thresholds'

const RULES: readonly ThresholdRule[] = [
  { key: 'p99Ms', label: 'p99 of the slowest matrix cell', op: '<=', unit: 'ms' },
  { key: 'minOpsPerSec', label: 'ops/s of the slowest matrix cell', op: '>=', unit: 'ops/s' },
  { key: 'minHitRate', label: 'cache-aside hit rate', op: '>=', unit: 'fraction' },
]

/**
 * The thresholds of a redis suite, judged on its complete matrix cells and hit-rate replay
 * (by the worker, and again by the shard merge on the merged cells).
 */
export function redisChecks(
  thresholds: RedisThresholds,
  cells: readonly RedisMatrixCell[],
  hitRate: RedisHitRate | null,
): { checks: ThresholdCheck[]; worstP99: number | null; slowest: number | null } {
  const complete = cells.filter((c) => !c.partial && c.commands > 0)
  const worstP99 = complete.length ? Math.max(...complete.map((c) => c.latencyMs.p99)) : null
  const slowest = complete.length ? Math.min(...complete.map((c) => c.opsPerSec)) : null
  const checks = checkThresholds(thresholds, RULES, {
    p99Ms: worstP99,
    minOpsPerSec: slowest,
    minHitRate: hitRate && hitRate.requests > 0 ? hitRate.measured : null,
  })
  return { checks, worstP99, slowest }
}
