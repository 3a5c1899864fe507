import { describe, expect, it } from 'vitest'
import { finalizeRun } from '../../engine/finalize'
import { completeSuite } from '../parts'
import {
  buildEndpointsRun,
  buildEndpointsSuiteResult,
  defaultEndpoints,
} from '../../../../test/fixtures/suite-results'
import { completeHttpLoadResult, dominantEndpointFindings } from './request-analysis'

const ORDERS = 'GET /orders/{{id}}'

describe('per-request thresholds', () => {
  it('a request over its own p95 limit fails the suite, though every suite threshold passed', () => {
    const raw = buildEndpointsSuiteResult({ raw: true })
    expect(raw.status).toBe('passed')
    expect(raw.checks.every((c) => c.pass)).toBe(true)
    const done = completeHttpLoadResult(raw)
    expect(done.status).toBe('failed')
    const orders = done.requests!.find((r) => r.name === ORDERS)!
    const p95 = orders.thresholds!.find((c) => c.metric === `requests[${ORDERS}].p95Ms`)!
    expect(p95).toMatchObject({ limit: 60, pass: false, value: orders.latencyMs.p95 })
    expect(orders.latencyMs.p95).toBeGreaterThan(60)
    // the same check is one of the suite's checks: JUnit, the score and the exit code see it
    expect(done.checks).toContainEqual(p95)
    // a request without thresholds of its own has none
    expect(done.requests![0]!.thresholds).toEqual([])
  })

  it('passes when every request is within its limits, and runs through the suite contract', () => {
    const endpoints = defaultEndpoints({ even: true })
    const done = completeSuite(buildEndpointsSuiteResult({ raw: true, endpoints }))
    expect(done.status).toBe('passed')
    expect(done.checks.filter((c) => c.metric.startsWith('requests['))).toHaveLength(4)
  })

  it('counts the per-request error rate from its own status codes', () => {
    const done = buildEndpointsSuiteResult()
    const cart = done.requests!.find((r) => r.name === 'add to cart')!
    const err = cart.thresholds!.find((c) => c.metric === 'requests[add to cart].errorRate')!
    expect(err.value).toBeCloseTo(30 / 3000, 6)
    expect(err.pass).toBe(true)
  })

  it('is idempotent: completing twice gives the same checks and findings', () => {
    const once = buildEndpointsSuiteResult()
    const twice = completeHttpLoadResult(once)
    expect(twice.checks).toEqual(once.checks)
    expect(twice.findings).toEqual(once.findings)
  })

  it('fails the run and costs points in the score', () => {
    const run = buildEndpointsRun()
    expect(run.status).toBe('failed')
    const items = run.suites[0]!.score!.items.map((i) => i.label)
    expect(items).toContain(`${ORDERS} p95 latency ≤ 60 ms failed`)
  })
})

describe('checkFailureRate threshold', () => {
  it('is measured from metrics.checks and fails above its limit', () => {
    const strict = buildEndpointsSuiteResult({
      thresholds: { p95Ms: 200, checkFailureRate: 0.001 },
      endpoints: defaultEndpoints({ even: true }),
    })
    const c = strict.checks.find((x) => x.metric === 'checkFailureRate')!
    // 45 + 30 failed of 18,000 + 18,000 + 3,000 evaluated
    expect(c.value).toBeCloseTo(75 / 39_000, 6)
    expect(c.pass).toBe(false)
    expect(strict.status).toBe('failed')
    const loose = buildEndpointsSuiteResult({
      thresholds: { p95Ms: 200, checkFailureRate: 0.01 },
      endpoints: defaultEndpoints({ even: true }),
    })
    expect(loose.checks.find((x) => x.metric === 'checkFailureRate')!.pass).toBe(true)
    expect(loose.status).toBe('passed')
  })
})

describe('findings from the per-request numbers', () => {
  it('names the endpoint that owns the tail (about 4× the others)', () => {
    const s = buildEndpointsSuiteResult()
    const f = s.findings.find((x) => x.id === 'http.endpoint-tail')!
    expect(f.title).toMatch(/^GET \/orders\/\{\{id\}\} p95 is [3-5]\.\d× the others'$/)
    expect(f.evidence.map((e) => e.label)).toEqual([
      `${ORDERS} p95`,
      "others' p95 (median)",
      'ratio',
      'share of requests',
      `${ORDERS} requests`,
    ])
    expect(f.evidence.find((e) => e.label === 'share of requests')!.value).toBeCloseTo(0.3, 3)
    expect(f.impact).toBeGreaterThan(0.3)
    expect(f.impact).toBeLessThan(1)
    expect(f.recommendation).toContain('/orders/{{id}}')
  })

  it('says nothing when the endpoints are evenly spread, or too few requests were measured', () => {
    expect(buildEndpointsSuiteResult({ even: true }).findings.map((f) => f.id)).not.toContain(
      'http.endpoint-tail',
    )
    const few = buildEndpointsSuiteResult().requests!.map((r) => ({ ...r, count: 20 }))
    expect(dominantEndpointFindings(few)).toEqual([])
    expect(dominantEndpointFindings(few.slice(0, 1))).toEqual([])
  })

  it('reports failed checks apart from HTTP errors, with the worst request', () => {
    const s = buildEndpointsSuiteResult()
    const f = s.findings.find((x) => x.id === 'http.check-failures')!
    expect(f.severity).toBe('warning')
    expect(f.title).toBe('0.19 % of response checks failed')
    expect(f.evidence).toContainEqual({ label: 'worst request', value: 'add to cart' })
    expect(f.detail).toContain('HTTP errors are counted apart')
    // 1 % of requests got a 5xx: under the http.errors finding's 1 % line, so no error finding
    expect(s.findings.map((x) => x.id)).not.toContain('http.errors')
    const clean = buildEndpointsSuiteResult({
      endpoints: defaultEndpoints().map((e) => ({ ...e, checksFailed: 0 })),
    })
    expect(clean.findings.map((x) => x.id)).not.toContain('http.check-failures')
  })

  it('the findings cost points through the findings → score path', () => {
    const run = finalizeRun(buildEndpointsRun())
    const labels = run.suites[0]!.score!.items.map((i) => i.label)
    expect(labels.some((l) => l.startsWith('warning: GET /orders/{{id}} p95 is'))).toBe(true)
    expect(labels).toContain('warning: 0.19 % of response checks failed')
  })
})
