import {
  requestName,
  type Finding,
  type HttpLoadSuiteResult,
  type HttpRequestResult,
  type HttpRequestSpec,
  type ThresholdCheck,
} from '@shared/index'
import { fmtMs, fmtNumber, fmtPercent } from '@shared/format'
import { checkFailureRateOf, requestErrorRate } from '@shared/suites/http-requests'
import { checkThresholds, type ThresholdRule } from '../common/thresholds'
import { HTTP_THRESHOLD_RULES } from './analysis'

/**
 * What a finished http-load result says per request (scenario "mix" or "flow" steps): the
 * per-request thresholds, the suite's `checkFailureRate` threshold, and the findings that only
 * the per-request numbers show (one endpoint owning the tail, failed response checks). Works on
 * the result as data, in the main thread, after the worker's own analysis; idempotent, so it
 * may run again on a merged or re-read result.
 */

const CHECK_FAILURE_RULE: ThresholdRule = {
  key: 'checkFailureRate',
  label: 'check failure rate',
  op: '<=',
  unit: 'ratio',
}

const REQUEST_RULES: readonly ThresholdRule[] = [
  ...HTTP_THRESHOLD_RULES.filter((r) =>
    ['p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'errorRate'].includes(r.key),
  ),
  CHECK_FAILURE_RULE,
]

/** An endpoint's p95 at or above this multiple of the others' (median) owns the tail. */
export const DOMINANCE_RATIO = 3
/** Endpoints with fewer completed requests have no p95 worth comparing. */
export const DOMINANCE_MIN_COUNT = 50
/** …and the gap must be at least this, so sub-millisecond noise makes no finding. */
const DOMINANCE_MIN_GAP_MS = 2

export const requestMetric = (name: string, key: string): string => `requests[${name}].${key}`
const isRequestMetric = (metric: string): boolean => metric.startsWith('requests[')

const round = (v: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

/** The spec a result belongs to: by name first (plan order may differ after a merge), then by index. */
function specOf(
  specs: readonly HttpRequestSpec[],
  r: HttpRequestResult,
  i: number,
): HttpRequestSpec | undefined {
  return specs.find((s) => requestName(s) === r.name) ?? specs[i]
}

/** One request's threshold checks, metric names prefixed with the request's name. */
export function checkRequestThresholds(
  spec: HttpRequestSpec | undefined,
  r: HttpRequestResult,
): ThresholdCheck[] {
  const t = spec?.thresholds
  if (!t) return []
  const hasLatency = r.count > 0
  const lat = (v: number): number | null => (hasLatency ? v : null)
  const checks = checkThresholds(t, REQUEST_RULES, {
    p50Ms: lat(r.latencyMs.p50),
    p95Ms: lat(r.latencyMs.p95),
    p99Ms: lat(r.latencyMs.p99),
    maxMs: lat(r.latencyMs.max),
    errorRate: requestErrorRate(r),
    checkFailureRate: checkFailureRateOf(r.checksPassed, r.checksFailed, r.count > 0),
  })
  return checks.map((c) => ({
    ...c,
    metric: requestMetric(r.name, c.metric),
    label: `${r.name} ${c.label}`,
  }))
}

function suiteCheckFailureRate(s: HttpLoadSuiteResult): ThresholdCheck[] {
  const limit = s.config.thresholds.checkFailureRate
  if (limit === undefined) return []
  const m = s.metrics
  const value = !m
    ? null
    : (m.checkFailureRate ??
      checkFailureRateOf(m.checks?.passed ?? 0, m.checks?.failed ?? 0, m.requests > 0))
  return checkThresholds({ checkFailureRate: limit }, [CHECK_FAILURE_RULE], {
    checkFailureRate: value === null ? null : round(value, 6),
  })
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Endpoints whose p95 is DOMINANCE_RATIO× the median of the others' p95, worst first. */
export function dominantEndpointFindings(requests: readonly HttpRequestResult[]): Finding[] {
  const measured = requests.filter((r) => r.count >= DOMINANCE_MIN_COUNT)
  if (measured.length < 2) return []
  const total = measured.reduce((n, r) => n + r.count, 0)
  const tailTime = measured.reduce((n, r) => n + r.count * r.latencyMs.p95, 0)
  const out: { ratio: number; f: Finding }[] = []
  for (const r of measured) {
    const others = median(measured.filter((o) => o !== r).map((o) => o.latencyMs.p95))
    const p95 = r.latencyMs.p95
    if (others <= 0 || p95 < DOMINANCE_RATIO * others || p95 - others < DOMINANCE_MIN_GAP_MS)
      continue
    const ratio = p95 / others
    const share = r.count / total
    // the share of the time the requests spend at p95 that is this endpoint's
    const impact = tailTime > 0 ? round((r.count * p95) / tailTime, 3) : 0
    out.push({
      ratio,
      f: {
        id: 'http.endpoint-tail',
        severity: 'warning',
        title: `${r.name} p95 is ${round(ratio, 1)}× the others'`,
        detail:
          `${r.name} took ${fmtMs(p95)} at p95 while the other ${measured.length - 1} requests of the ` +
          `mix took ${fmtMs(others)} (median of their p95). It made ${fmtPercent(share, 1)} of ` +
          `the requests and ${fmtPercent(impact, 0)} of the time spent at p95: the suite's tail is mostly this endpoint.`,
        evidence: [
          { label: `${r.name} p95`, value: p95, unit: 'ms' },
          { label: "others' p95 (median)", value: round(others, 3), unit: 'ms' },
          { label: 'ratio', value: round(ratio, 2), unit: '×' },
          { label: 'share of requests', value: round(share, 4), unit: 'ratio' },
          { label: `${r.name} requests`, value: r.count },
        ],
        recommendation:
          `Profile ${r.method} ${r.path} on its own: its query plan, the N+1 queries or remote calls it makes, the size of its ` +
          'response. Give it its own p95 threshold (requests[].thresholds.p95Ms) so that a regression on it fails the run even when the mix hides it.',
        impact,
      },
    })
  }
  return out.sort((a, b) => b.ratio - a.ratio).map((x) => x.f)
}

/** Failed response checks, apart from HTTP errors: how many, and on which request the most. */
export function checkFailureFindings(s: HttpLoadSuiteResult): Finding[] {
  const m = s.metrics
  const passed = m?.checks?.passed ?? 0
  const failed = m?.checks?.failed ?? 0
  if (!m || failed === 0) return []
  const share = failed / (passed + failed)
  const rated = (s.requests ?? [])
    .filter((r) => r.checksFailed > 0)
    .map((r) => ({ r, rate: r.checksFailed / (r.checksPassed + r.checksFailed) }))
    .sort((a, b) => b.rate - a.rate || b.r.checksFailed - a.r.checksFailed)
  const worst = rated[0]
  return [
    {
      id: 'http.check-failures',
      severity: share > 0.05 ? 'critical' : 'warning',
      title: `${fmtPercent(share)} of response checks failed`,
      detail:
        `${fmtNumber(failed)} of ${fmtNumber(passed + failed)} checks failed` +
        (worst
          ? `; the most on ${worst.r.name} (${fmtNumber(worst.r.checksFailed)} of ${fmtNumber(worst.r.checksPassed + worst.r.checksFailed)}, ${fmtPercent(worst.rate)}).`
          : '.') +
        ` These are answers that came back but were not what the plan expected; HTTP errors are counted apart (error rate ${fmtPercent(m.errorRate)}).`,
      evidence: [
        { label: 'checks failed', value: failed },
        { label: 'checks passed', value: passed },
        { label: 'check failure rate', value: round(share, 4), unit: 'ratio' },
        ...(worst
          ? [
              { label: 'worst request', value: worst.r.name },
              {
                label: `${worst.r.name} check failure rate`,
                value: round(worst.rate, 4),
                unit: 'ratio',
              },
            ]
          : []),
        { label: 'HTTP error rate', value: round(m.errorRate, 4), unit: 'ratio' },
      ],
      recommendation:
        'The server answered, but not with what the checks expect: look at a failing answer of that request (its status, body, the JSON field). A wrong answer under load often comes from a cache serving stale or empty data, a fallback path, or a rate limiter answering 200 with an error body.',
      impact: round(Math.max(0.05, share), 3),
    },
  ]
}

const OWN_FINDINGS = new Set(['http.endpoint-tail', 'http.check-failures'])

/**
 * The result with its per-request thresholds evaluated (into `requests[i].thresholds` and the
 * suite's `checks`), the `checkFailureRate` threshold, and the per-request findings. A passed
 * suite whose new checks fail becomes failed, as for any threshold.
 */
export function completeHttpLoadResult(s: HttpLoadSuiteResult): HttpLoadSuiteResult {
  const requests = s.requests?.map((r, i) => ({
    ...r,
    thresholds: checkRequestThresholds(specOf(s.config.requests, r, i), r),
  }))
  const own = (c: ThresholdCheck): boolean =>
    isRequestMetric(c.metric) || c.metric === CHECK_FAILURE_RULE.key
  const added = [...suiteCheckFailureRate(s), ...(requests ?? []).flatMap((r) => r.thresholds)]
  const checks = [...s.checks.filter((c) => !own(c)), ...added]
  const completed = { ...s, checks, ...(requests ? { requests } : {}) }
  const findings = [
    ...s.findings.filter((f) => !OWN_FINDINGS.has(f.id)),
    ...(s.metrics ? dominantEndpointFindings(requests ?? []) : []),
    ...checkFailureFindings(completed),
  ]
  const failedNow = added.some((c) => !c.pass)
  return {
    ...completed,
    findings,
    status: s.status === 'passed' && failedNow ? 'failed' : s.status,
  }
}
