import type {
  HttpLoadSuiteResult,
  HttpSample,
  LatencySummary,
  PostgresMetrics,
  PostgresSuiteResult,
  RunResult,
} from '@shared/index'
import {
  HttpLoadConfigSchema,
  PlanSchema,
  PostgresConfigSchema,
  RESULT_SCHEMA_VERSION,
} from '@shared/index'
import { apdex, encodeHistogram, newHistogram, summarize, toMicros } from '../suites/common/latency'
import { checkThresholds } from '../suites/common/thresholds'
import { seededRandom } from '../suites/common/random'

/** Deterministic pseudo-random numbers, so fixtures are the same on every run. */
export const rng = seededRandom

/** A log-normal latency sample with the given median (ms) and spread. */
function lognormal(rand: () => number, medianMs: number, sigma: number): number {
  const u = Math.max(1e-12, rand())
  const v = rand()
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  return medianMs * Math.exp(sigma * z)
}

export interface HttpFixtureOptions {
  seconds?: number
  rps?: number
  medianMs?: number
  sigma?: number
  errorRate?: number
  thresholds?: HttpLoadSuiteResult['config']['thresholds']
  seed?: number
  index?: number
  target?: string
  /** requests sampled per second into the histogram (the rest are counted only) */
  samplesPerSecond?: number
}

/** An http-load suite result with a real HDR histogram and per-second series. */
export function httpSuiteFixture(o: HttpFixtureOptions = {}): HttpLoadSuiteResult {
  const seconds = o.seconds ?? 30
  const rps = o.rps ?? 1200
  const median = o.medianMs ?? 12
  const sigma = o.sigma ?? 0.45
  const errorRate = o.errorRate ?? 0.004
  const rand = rng(o.seed ?? 1)
  const perSec = o.samplesPerSecond ?? 200
  const config = HttpLoadConfigSchema.parse({
    kind: 'http-load',
    target: o.target ?? 'api',
    requests: [{ method: 'GET', path: '/items?page=1' }],
    connections: 20,
    durationSec: seconds,
    thresholds: o.thresholds ?? { p95Ms: 25, p99Ms: 40, errorRate: 0.01, minRps: 1000 },
  })
  const total = newHistogram()
  const series: HttpSample[] = []
  let requests = 0
  let errors = 0
  for (let s = 1; s <= seconds; s++) {
    const h = newHistogram()
    // a slow patch in the middle of the run, as a GC pause or a noisy neighbour would cause
    const slow = s > seconds * 0.55 && s < seconds * 0.65 ? 1.8 : 1
    for (let i = 0; i < perSec; i++) h.recordValue(toMicros(lognormal(rand, median * slow, sigma)))
    total.add(h)
    const secRps = Math.round((rps * (0.95 + rand() * 0.1)) / slow)
    const secErr = Math.round(secRps * errorRate * (0.5 + rand()))
    requests += secRps
    errors += secErr
    const sum = summarize(h)
    series.push({ t: s, rps: secRps, p50: sum.p50, p95: sum.p95, p99: sum.p99, errors: secErr })
  }
  const latencyMs = summarize(total)
  const metrics: NonNullable<HttpLoadSuiteResult['metrics']> = {
    requests,
    rps: Math.round((requests / seconds) * 10) / 10,
    throughputBytesPerSec: Math.round((requests / seconds) * 1480),
    latencyMs,
    statusCodes: { '1xx': 0, '2xx': requests - errors, '3xx': 0, '4xx': 0, '5xx': errors },
    errors,
    timeouts: 0,
    errorRate: requests > 0 ? errors / requests : 0,
    apdex: apdex(total, config.apdexTMs, 0),
    durationSec: seconds,
    latencyBasis: 'service-time',
  }
  const checks = checkThresholds(
    config.thresholds,
    [
      { key: 'p50Ms', label: 'p50 latency', op: '<=', unit: 'ms' },
      { key: 'p95Ms', label: 'p95 latency', op: '<=', unit: 'ms' },
      { key: 'p99Ms', label: 'p99 latency', op: '<=', unit: 'ms' },
      { key: 'maxMs', label: 'max latency', op: '<=', unit: 'ms' },
      { key: 'errorRate', label: 'error rate', op: '<=', unit: 'fraction' },
      { key: 'minRps', label: 'throughput', op: '>=', unit: 'req/s' },
      { key: 'minApdex', label: 'Apdex', op: '>=', unit: '' },
    ],
    {
      p50Ms: latencyMs.p50,
      p95Ms: latencyMs.p95,
      p99Ms: latencyMs.p99,
      maxMs: latencyMs.max,
      errorRate: metrics.errorRate,
      minRps: metrics.rps,
      minApdex: metrics.apdex,
    },
  )
  const started = Date.parse('2025-03-14T09:30:00.000Z')
  return {
    index: o.index ?? 0,
    name: 'HTTP load: GET /items?page=1',
    target: config.target,
    status: checks.every((c) => c.pass) ? 'passed' : 'failed',
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(started + seconds * 1000).toISOString(),
    checks,
    findings: [
      {
        id: 'http.tail-latency',
        severity: 'warning',
        title: 'Tail latency is 3× the median',
        detail: 'p99 is far above p50: a minority of requests waits much longer than the rest.',
        evidence: [
          { label: 'p50', value: latencyMs.p50, unit: 'ms' },
          { label: 'p99', value: latencyMs.p99, unit: 'ms' },
        ],
        recommendation:
          'Look for lock contention, GC pauses or a slow dependency on some requests.',
        suiteIndex: o.index ?? 0,
        impact: 0.3,
      },
      {
        id: 'http.5xx',
        severity: 'critical',
        title: 'Server errors under load (5xx)',
        detail: 'Some requests failed with 5xx status codes.',
        evidence: [{ label: '5xx', value: errors }],
        recommendation: 'Check the server log for the failing requests.',
        suiteIndex: o.index ?? 0,
        impact: 0.1,
      },
      {
        id: 'http.keepalive',
        severity: 'info',
        title: 'Connections are kept alive',
        detail: 'Every connection was reused for the whole run.',
        evidence: [],
        recommendation: 'Nothing to do.',
        suiteIndex: o.index ?? 0,
      },
    ],
    notes: [],
    kind: 'http-load',
    config,
    metrics,
    series,
    histogram: encodeHistogram(total),
  }
}

export function postgresSuiteFixture(index = 1): PostgresSuiteResult {
  const config = PostgresConfigSchema.parse({
    kind: 'postgres',
    target: 'db',
    queries: [
      {
        name: 'by id',
        sql: 'SELECT * FROM items WHERE id = $1',
        params: [{ randomInt: [1, 1000] }],
      },
    ],
    poolSizes: [5, 10],
    durationSec: 10,
    thresholds: { p95Ms: 5, minTps: 2000 },
  })
  const rand = rng(7)
  const series = Array.from({ length: 20 }, (_, i) => ({
    t: i + 1,
    step: i < 10 ? 0 : 1,
    poolSize: i < 10 ? 5 : 10,
    tps: Math.round((i < 10 ? 1900 : 2500) + rand() * 300),
    p50: Math.round((1.1 + rand() * 0.2) * 1000) / 1000,
    p95: Math.round((3.2 + rand() * 0.8) * 1000) / 1000,
    p99: Math.round((5.2 + rand() * 1.5) * 1000) / 1000,
    waitMs: Math.round((i < 10 ? 0.9 : 0.2) * 1000) / 1000,
    errors: 0,
  }))
  const lat = (p50: number, p95: number): LatencySummary => ({
    min: 0.4,
    mean: p50 * 1.2,
    stdev: p50 * 0.5,
    p50,
    p75: p50 * 1.4,
    p90: p95 * 0.8,
    p95,
    p99: p95 * 1.6,
    p999: p95 * 2.5,
    max: p95 * 4,
  })
  const metrics: PostgresMetrics = {
    poolSize: 10,
    recommendedPoolSize: 10,
    transactions: 51000,
    tps: 2550,
    latencyMs: lat(1.2, 3.9),
    waitMs: lat(0.1, 0.4),
    execMs: lat(1.1, 3.5),
    waitShare: 0.08,
    errors: 0,
    errorRate: 0,
  }
  return {
    index,
    name: 'PostgreSQL: by id',
    target: 'db',
    status: 'failed',
    startedAt: '2025-03-14T09:30:31.000Z',
    endedAt: '2025-03-14T09:30:51.000Z',
    checks: [
      {
        metric: 'p95Ms',
        label: 'p95 latency',
        op: '<=',
        limit: 5,
        value: 3.9,
        unit: 'ms',
        pass: true,
      },
      {
        metric: 'minTps',
        label: 'transactions per second',
        op: '>=',
        limit: 3000,
        value: 2550,
        unit: 'tps',
        pass: false,
      },
    ],
    findings: [
      {
        id: 'pg.seqscan',
        severity: 'critical',
        title: 'Sequential scan on items',
        detail: 'The plan reads the whole table for a lookup by id.',
        evidence: [{ label: 'plan node', value: 'Seq Scan on items' }],
        recommendation: 'CREATE INDEX ON items (id)',
        suiteIndex: index,
        impact: 0.8,
      },
    ],
    notes: [],
    kind: 'postgres',
    config,
    metrics,
    series,
    histogram: null,
  }
}

export interface RunFixtureOptions extends HttpFixtureOptions {
  withPostgres?: boolean
  id?: string
}

/** A whole run as the engine would save it, realistic enough for every report. */
export function runFixture(o: RunFixtureOptions = {}): RunResult {
  const http = httpSuiteFixture(o)
  const suites: RunResult['suites'] = [http]
  const targets: unknown[] = [
    { id: http.target, kind: 'http', name: 'Items API', baseUrl: 'http://127.0.0.1:8080' },
  ]
  if (o.withPostgres) {
    const pg = postgresSuiteFixture(1)
    const start = Date.parse(http.endedAt!) + 1000
    pg.startedAt = new Date(start).toISOString()
    pg.endedAt = new Date(start + 20_000).toISOString()
    suites.push(pg)
    targets.push({
      id: 'db',
      kind: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      database: 'test',
      user: 'postgres',
    })
  }
  const plan = PlanSchema.parse({
    id: 'checkout-api',
    name: 'Checkout API nightly',
    targets,
    suites: suites.map((s) => s.config),
  })
  const last = suites[suites.length - 1]!
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: o.id ?? 'run-20250314-0930',
    status: suites.every((s) => s.status === 'passed') ? 'passed' : 'failed',
    plan,
    startedAt: http.startedAt,
    endedAt: last.endedAt,
    environment: {
      perfdeskVersion: '0.1.0',
      os: 'linux 6.1.0',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'Intel(R) Xeon(R) CPU @ 2.20GHz',
      memoryBytes: 8 * 1024 ** 3,
      node: 'v20.20.2',
      runtime: 'test',
      servers: o.withPostgres
        ? { api: 'nginx/1.22.1', db: 'PostgreSQL 15.10' }
        : { api: 'nginx/1.22.1' },
    },
    suites,
    findings: suites.flatMap((s) => s.findings),
    baseline: false,
  }
}
