import type {
  HttpLoadConfig,
  HttpLoadMetrics,
  HttpRequestResult,
  ThresholdCheck,
} from '@shared/index'
import { checkThresholds } from '../../common/thresholds'
import { checkTotals, requestResults, type RequestPart } from './request-stats'
import { hasChecks, requestLabels } from './spec'

interface Out {
  status: string
  checks: ThresholdCheck[]
  metrics: HttpLoadMetrics | null
  requests?: HttpRequestResult[]
}

const CHECK_FAILURE_RULE = {
  key: 'checkFailureRate',
  label: 'failed checks',
  op: '<=',
  unit: 'ratio',
} as const

/**
 * Adds what a scenario measured to a suite output: `requests[]` (per request or flow step, in
 * plan order) and, when any request has checks, the check totals in the metrics — and judges
 * the suite's `checkFailureRate` threshold when nothing judged it yet (a sweep is judged by
 * its steps, so not there).
 */
export function withRequests<T extends Out>(
  out: T,
  config: HttpLoadConfig,
  parts: readonly RequestPart[] | undefined,
  durationSec: number,
): T {
  if (!parts || parts.length === 0) return out
  out.requests = requestResults(requestLabels(config), parts, durationSec)
  const totals = checkTotals(parts, hasChecks(config))
  if (totals && out.metrics) Object.assign(out.metrics, totals)
  const limit = config.thresholds.checkFailureRate
  if (
    limit === undefined ||
    config.sweep ||
    out.checks.some((c) => c.metric === CHECK_FAILURE_RULE.key)
  ) {
    return out
  }
  const judged = checkThresholds({ checkFailureRate: limit }, [CHECK_FAILURE_RULE], {
    checkFailureRate: totals?.checkFailureRate ?? null,
  })
  out.checks.push(...judged)
  if (out.status === 'passed' && judged.some((c) => !c.pass)) out.status = 'failed'
  return out
}
