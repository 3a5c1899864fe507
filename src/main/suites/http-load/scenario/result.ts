import type { HttpLoadConfig, HttpLoadMetrics, HttpRequestResult } from '@shared/index'
import { checkTotals, requestResults, type RequestPart } from './request-stats'
import { hasChecks, requestLabels } from './spec'

interface Out {
  metrics: HttpLoadMetrics | null
  requests?: HttpRequestResult[]
}

/**
 * Adds what a scenario measured to a suite output: `requests[]` (per request or flow step, in
 * plan order) and, when any request has checks, the check totals in the metrics. Thresholds on
 * them are judged in the main thread (request-analysis.ts), for live runs and merges alike.
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
  return out
}
