import { describe, expect, it } from 'vitest'
import type { RunResult, Score, SuiteResult } from '@shared/index'
import { rankFindings } from './findings'
import { scoreRun, scoreSuite } from '../suites/parts'
import { allocate } from './score'
import {
  buildHttpLoadSuiteResult,
  buildPostgresSuiteResult,
  buildRunResult,
} from '../../../test/fixtures/run-result'

function expectAddsUp(score: Score): void {
  // the explanation is the score: 100 + the (negative) points of every item = value, exactly
  expect(100 + score.items.reduce((s, i) => s + i.points, 0)).toBe(score.value)
  for (const i of score.items) {
    expect(i.points).toBeLessThan(0)
    expect(Number.isInteger(i.points)).toBe(true)
  }
  expect(score.value).toBeGreaterThanOrEqual(0)
  expect(score.value).toBeLessThanOrEqual(100)
}

describe('score', () => {
  it('allocate splits whole points exactly', () => {
    expect(allocate(60, [1, 1, 1, 1, 1, 1, 1])).toEqual([9, 9, 9, 9, 8, 8, 8])
    expect(allocate(100, [60, 40, 0])).toEqual([60, 40, 0])
    for (let n = 1; n < 12; n++)
      expect(allocate(37, Array(n).fill(1)).reduce((a, b) => a + b, 0)).toBe(37)
  })

  it('a suite that meets every threshold loses only what Apdex costs', () => {
    const s = {
      ...buildHttpLoadSuiteResult({
        realistic: true,
        medianMs: 5,
        thresholds: { p95Ms: 100, errorRate: 0.05 },
      }),
      findings: [],
    }
    expect(s.checks.every((c) => c.pass)).toBe(true)
    const score = scoreSuite(s)
    expectAddsUp(score)
    expect(score.items.every((i) => i.label.startsWith('Apdex'))).toBe(true)
    expect(score.value).toBeGreaterThanOrEqual(99)
    expect(score.basis).toContain('threshold')
  })

  it('failed thresholds cost their share, more for a bigger miss, and the items add up', () => {
    const near = scoreSuite(
      buildHttpLoadSuiteResult({ realistic: true, medianMs: 12, thresholds: { p95Ms: 28 } }),
    )
    const far = scoreSuite(
      buildHttpLoadSuiteResult({ realistic: true, medianMs: 12, thresholds: { p95Ms: 10 } }),
    )
    expectAddsUp(near)
    expectAddsUp(far)
    const cost = (s: Score): number => -(s.items.find((i) => i.label.includes('p95'))?.points ?? 0)
    expect(cost(near)).toBeGreaterThan(0)
    expect(cost(far)).toBe(60) // the only check: its whole share
    expect(cost(far)).toBeGreaterThan(cost(near))
  })

  it('no threshold set: scored from Apdex and error rate alone, and the basis says so', () => {
    const s = buildHttpLoadSuiteResult({ realistic: true, thresholds: {}, errorRate: 0.02 })
    expect(s.checks).toHaveLength(0)
    const score = scoreSuite(s)
    expectAddsUp(score)
    expect(score.basis).toMatch(/No threshold set: scored from Apdex .* and error rate .* alone/)
    const err = score.items.find((i) => i.label.startsWith('error rate'))!
    // 2 % of the 5 % floor → 40 % of the 30 points
    expect(err.points).toBe(-Math.round(30 * (s.metrics!.errorRate / 0.05)))
  })

  it('a suite with no measurements scores 0 with the reason', () => {
    const s: SuiteResult = {
      ...buildHttpLoadSuiteResult({ realistic: true }),
      status: 'error',
      error: 'connection refused',
      metrics: null,
    }
    const score = scoreSuite(s)
    expectAddsUp(score)
    expect(score.value).toBe(0)
    expect(score.items[0]!.reason).toContain('connection refused')
  })

  it('postgres: threshold checks and error rate', () => {
    const s = { ...buildPostgresSuiteResult(), findings: [] }
    const score = scoreSuite(s)
    expectAddsUp(score)
    expect(score.basis).toContain('2 threshold checks (70 points)')
    expect(score.items.map((i) => i.label)).toEqual([
      expect.stringContaining('transactions per second'),
    ])
  })

  it('findings cost points by severity and impact, and the items say so', () => {
    const base = buildHttpLoadSuiteResult({
      realistic: true,
      medianMs: 5,
      thresholds: { p95Ms: 100, errorRate: 0.05 },
    })
    const finding = base.findings[0]!
    const quiet = scoreSuite({ ...base, findings: [] })
    const withWarning = (impact: number | undefined) =>
      scoreSuite({ ...base, findings: [{ ...finding, severity: 'warning', impact }] })
    const low = withWarning(0.2)
    const high = withWarning(0.8)
    for (const s of [low, high]) expectAddsUp(s)
    // 15 points × impact for a warning
    expect(quiet.value - low.value).toBe(3)
    expect(quiet.value - high.value).toBe(12)
    expect(high.items.find((i) => i.label.startsWith('warning:'))!.reason).toContain('impact 0.8')
    // no impact estimated: taken as 0.5, and the reason says so
    const unknown = withWarning(undefined)
    expect(quiet.value - unknown.value).toBe(8)
    expect(unknown.items.at(-1)!.reason).toContain('not estimated')
    // a critical of the same impact costs more; info costs nothing
    const critical = scoreSuite({
      ...base,
      findings: [{ ...finding, severity: 'critical', impact: 0.8 }],
    })
    expect(critical.value).toBeLessThan(high.value)
    expect(
      scoreSuite({ ...base, findings: [{ ...finding, severity: 'info', impact: 1 }] }).value,
    ).toBe(quiet.value)
    expect(high.basis).toContain('Findings cost points')
  })

  it('a cancelled suite scores 0, with its measured items and a "cancelled" item', () => {
    const base = {
      ...buildHttpLoadSuiteResult({ realistic: true, medianMs: 5, thresholds: { p95Ms: 100 } }),
      findings: [],
    }
    const s = scoreSuite({ ...base, status: 'cancelled' })
    expectAddsUp(s)
    expect(s.value).toBe(0)
    expect(s.items.at(-1)!.label).toBe('cancelled')
    expect(s.basis).toContain('Cancelled')
  })

  it('findings never take the score below 0', () => {
    const base = buildHttpLoadSuiteResult({
      realistic: true,
      medianMs: 40,
      errorRate: 0.3,
      thresholds: { p95Ms: 1 },
    })
    const many = Array.from({ length: 10 }, (_, i) => ({
      ...base.findings[0]!,
      id: `f${i}`,
      severity: 'critical' as const,
      impact: 1,
    }))
    const s = scoreSuite({ ...base, findings: many })
    expectAddsUp(s)
    expect(s.value).toBe(0)
  })

  it('the run score is the mean of its suites and its items add up', () => {
    for (const run of [
      buildRunResult({ realistic: true, withPostgres: true }),
      buildRunResult({ realistic: true, thresholds: {} }),
      buildRunResult({ realistic: true, withPostgres: true, medianMs: 40, errorRate: 0.2 }),
    ]) {
      const suiteScores = run.suites.map(scoreSuite)
      suiteScores.forEach(expectAddsUp)
      const score = scoreRun(run)
      expectAddsUp(score)
      const mean = suiteScores.reduce((s, x) => s + x.value, 0) / suiteScores.length
      expect(score.value).toBe(Math.round(mean))
    }
    const empty: RunResult = {
      ...buildRunResult({ realistic: true }),
      suites: [],
      status: 'error',
      error: 'plan could not start',
    }
    expect(scoreRun(empty)).toMatchObject({ value: 0 })
    expectAddsUp(scoreRun(empty))
  })

  it('findings rank by severity, then impact', () => {
    const run = buildRunResult({ realistic: true, withPostgres: true })
    const ranked = rankFindings(run.findings)
    expect(ranked.map((f) => f.id)).toEqual([
      'pg.seqscan',
      'http.5xx',
      'http.tail-latency',
      'http.keepalive',
    ])
  })
})
