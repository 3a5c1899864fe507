import type { ThresholdCheck } from '@shared/index'

export interface ThresholdRule {
  /** the key in the plan's `thresholds`, e.g. `p95Ms` */
  key: string
  label: string
  op: '<=' | '>='
  unit: string
}

/**
 * Checks every threshold the plan set. A missing measurement (null) fails its check:
 * a run that could not measure p95 has not shown that p95 is fine.
 */
export function checkThresholds(
  thresholds: Record<string, number | undefined>,
  rules: readonly ThresholdRule[],
  measured: Record<string, number | null>,
): ThresholdCheck[] {
  const checks: ThresholdCheck[] = []
  for (const rule of rules) {
    const limit = thresholds[rule.key]
    if (limit === undefined) continue
    const value = measured[rule.key] ?? null
    const pass = value !== null && (rule.op === '<=' ? value <= limit : value >= limit)
    checks.push({
      metric: rule.key,
      label: rule.label,
      op: rule.op,
      limit,
      value,
      unit: rule.unit,
      pass,
    })
  }
  return checks
}

export const allPass = (checks: readonly ThresholdCheck[]): boolean => checks.every((c) => c.pass)
