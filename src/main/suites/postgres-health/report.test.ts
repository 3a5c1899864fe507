import { describe, expect, it } from 'vitest'
import {
  PostgresHealthSuiteResultSchema,
  type Finding,
  type PostgresHealthSuiteResult,
  type RunResult,
} from '@shared/index'
import { buildFinding, buildRunResult } from '../../../../test/fixtures/run-result'
import { compareRuns, keyNumbers, scoreSuite, suiteCharts, suiteHeadline } from '../parts'
import { healthMetrics } from '../common/health'

/** A postgres-health result with these findings (and nothing read beyond them). */
function healthResult(findings: Finding[]): PostgresHealthSuiteResult {
  return PostgresHealthSuiteResultSchema.parse({
    index: 0,
    name: 'health',
    target: 'db',
    kind: 'postgres-health',
    status: 'passed',
    startedAt: '2025-01-15T10:00:00.000Z',
    endedAt: '2025-01-15T10:00:02.000Z',
    checks: [],
    findings,
    config: { kind: 'postgres-health', target: 'db' },
    metrics: healthMetrics(findings, 1.5),
    series: [],
    health: null,
    backup: null,
  })
}
const run = (id: string, s: PostgresHealthSuiteResult): RunResult => ({
  ...buildRunResult({ id }),
  suites: [s],
})
const critical = buildFinding({
  id: 'pg.health.xid-age',
  severity: 'critical',
  title: 'wraparound',
})
const warning = buildFinding({ id: 'pg.health.duplicate-index', severity: 'warning', title: 'dup' })

describe('postgres-health report parts', () => {
  it('scores from the findings: 20 a critical one, 5 a warning, items adding up', () => {
    const s = scoreSuite(healthResult([critical, warning, buildFinding({ severity: 'info' })]))
    expect(s.value).toBe(75)
    expect(s.items.map((i) => i.points)).toEqual([-20, -5])
    expect(100 + s.items.reduce((a, i) => a + i.points, 0)).toBe(s.value)
    expect(scoreSuite(healthResult([])).value).toBe(100)
    // six critical findings cannot take it below zero
    expect(scoreSuite(healthResult(Array(6).fill(critical) as Finding[])).value).toBe(0)
  })

  it('a new critical finding is a regression in compare; one gone is an improvement', () => {
    const before = run('a', healthResult([warning]))
    const after = run('b', healthResult([critical, warning]))
    const c = compareRuns(before, after)
    expect(c.regression).toBe(true)
    expect(c.suites[0]!.regressions).toEqual(['critical'])
    const back = compareRuns(after, before)
    expect(back.regression).toBe(false)
    expect(back.suites[0]!.metrics.find((m) => m.key === 'critical')!.verdict).toBe('improvement')
    expect(back.suites[0]!.metrics.find((m) => m.key === 'warning')!.verdict).toBe('within-noise')
  })

  it('headline, key numbers and no time charts', () => {
    const r = healthResult([critical, warning])
    expect(suiteHeadline(r)).toMatchObject({
      throughput: null,
      extras: ['1 critical', '1 warning'],
    })
    expect(keyNumbers(r)[0]).toEqual({ label: 'findings', text: '1 critical, 1 warning, 0 notes' })
    expect(suiteCharts(r)).toEqual([])
  })
})
