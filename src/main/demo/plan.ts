import type { PlanInput } from '@shared/index'
import { DEMO_ENDPOINTS } from './server'

/** The demo plan, pointed at the demo server's address. */
export function demoPlan(baseUrl: string, durationSec = 8): PlanInput {
  return {
    name: 'PerfDesk demo',
    description: 'The built-in demo API: a fast endpoint, a slow one and a flaky one.',
    targets: [{ id: 'demo-api', kind: 'http', name: 'Demo API', baseUrl }],
    suites: [
      {
        kind: 'http-load',
        name: 'Demo API mix (fast, slow, flaky)',
        target: 'demo-api',
        requests: DEMO_ENDPOINTS.map((path) => ({ method: 'GET', path })),
        connections: 20,
        durationSec,
        thresholds: { p95Ms: 250, p99Ms: 500, errorRate: 0.05, minRps: 50 },
      },
    ],
  }
}
