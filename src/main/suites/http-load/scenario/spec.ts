import type { HttpLoadConfig } from '@shared/index'
import { requestName } from '@shared/index'
import type { RequestPlan } from '../request-plan'
import type { RequestLabel } from './request-stats'

/**
 * A scenario as it crosses into generator threads: plain data (the planned requests with
 * their rules, the data rows), compiled inside each thread by ./runner.
 */
export interface ScenarioRequest {
  method: HttpLoadConfig['requests'][number]['method']
  /** the full path (the base URL's prefix included), possibly templated */
  path: string
  headers: Record<string, string>
  body?: string
  weight: number
  checks: NonNullable<HttpLoadConfig['requests'][number]['checks']>
  extract: NonNullable<HttpLoadConfig['requests'][number]['extract']>
  thinkMs: number
}

export interface ScenarioSpec {
  mode: 'mix' | 'flow'
  /** e.g. http://127.0.0.1:8080, for the Host header */
  origin: string
  requests: ScenarioRequest[]
  data: { rows: Record<string, string>[]; order: 'sequential' | 'random' } | null
  /** this process's share of the whole (shards): seq numbers and rows interleave by it */
  stride: { index: number; of: number }
}

export function scenarioSpecOf(
  plan: RequestPlan,
  config: Pick<HttpLoadConfig, 'requests' | 'scenario' | 'data' | 'shard'>,
  rows: Record<string, string>[] | null,
): ScenarioSpec {
  return {
    mode: config.scenario,
    origin: plan.origin,
    requests: plan.requests.map((p, i) => {
      const r = config.requests[i]!
      return {
        ...p,
        weight: r.weight ?? 1,
        checks: r.checks ?? [],
        extract: r.extract ?? {},
        thinkMs: r.thinkMs ?? 0,
      }
    }),
    data: rows && config.data ? { rows, order: config.data.order } : null,
    stride: config.shard
      ? { index: config.shard.index, of: config.shard.count }
      : { index: 0, of: 1 },
  }
}

/** The plain scenario: every request in turn, no checks, no data, no templates needed. */
export function plainScenario(
  origin: string,
  requests: readonly Omit<ScenarioRequest, 'weight' | 'checks' | 'extract' | 'thinkMs'>[],
): ScenarioSpec {
  return {
    mode: 'mix',
    origin,
    requests: requests.map((r) => ({ ...r, weight: 1, checks: [], extract: {}, thinkMs: 0 })),
    data: null,
    stride: { index: 0, of: 1 },
  }
}

/** How each request is named in `requests[]`: its name, or method and path template. */
export const requestLabels = (config: Pick<HttpLoadConfig, 'requests'>): RequestLabel[] =>
  config.requests.map((r) => ({ name: requestName(r), method: r.method, path: r.path }))

/** Whether any request of the plan has checks (then the metrics carry check totals). */
export const hasChecks = (config: Pick<HttpLoadConfig, 'requests'>): boolean =>
  config.requests.some((r) => (r.checks?.length ?? 0) > 0)
