import type { HttpLoadConfig, HttpTarget } from '@shared/index'
import type { ResolvedTarget } from '../types'
import { joinPath, originOf, targetHeaders } from '../../targets/http'
import { plainScenario, type ScenarioSpec } from './scenario/spec'

/** One request as it goes on the wire: the full path (with the base URL's prefix) and every header. */
export interface PlannedRequest {
  method: HttpLoadConfig['requests'][number]['method']
  path: string
  headers: Record<string, string>
  body?: string
}

export interface RequestPlan {
  target: HttpTarget
  /** e.g. http://127.0.0.1:8080 */
  origin: string
  requests: PlannedRequest[]
  /** the requests with their weights, rules and data; absent: each request in turn, no checks */
  scenario?: ScenarioSpec
}

/** The plan's scenario, or the plain one: every request in turn, no checks, no data. */
export function scenarioOf(plan: RequestPlan): ScenarioSpec {
  return plan.scenario ?? plainScenario(plan.origin, plan.requests)
}

/** The suite needs an HTTP target; anything else is a plan mistake, said plainly. */
export function requireHttpTarget(target: ResolvedTarget): HttpTarget {
  if (target.kind !== 'http') {
    throw new Error(
      `target "${target.id}" is a ${target.kind} target; the http-load suite needs an http target with a baseUrl`,
    )
  }
  return target
}

/**
 * Merges target and request headers (the request wins, names compared without case) and
 * prefixes each path with the base URL's path.
 */
export function planRequests(
  target: HttpTarget,
  config: Pick<HttpLoadConfig, 'requests'>,
): RequestPlan {
  const base = targetHeaders(target)
  const requests = config.requests.map((r): PlannedRequest => {
    const headers: Record<string, string> = {}
    const own = r.headers ?? {}
    const ownNames = new Set(Object.keys(own).map((k) => k.toLowerCase()))
    for (const [k, v] of Object.entries(base)) if (!ownNames.has(k.toLowerCase())) headers[k] = v
    Object.assign(headers, own)
    return {
      method: r.method,
      path: joinPath(target.baseUrl, r.path),
      headers,
      ...(r.body !== undefined ? { body: r.body } : {}),
    }
  })
  return { target, origin: originOf(target.baseUrl), requests }
}
