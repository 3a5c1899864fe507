import { describe, expect, it } from 'vitest'
import type { LatencySummary, PostgresStep } from '@shared/index'
import { poolFindings, recommendPool, stepChecks, columnsIn } from './analysis'
import { parsePlan } from './explain'
import { classifySql } from './sql-classify'

const lat = (mean: number, p95 = mean * 1.5): LatencySummary => ({
  min: mean / 2,
  mean,
  stdev: 1,
  p50: mean,
  p75: mean,
  p90: p95,
  p95,
  p99: p95 * 1.2,
  p999: p95 * 1.5,
  max: p95 * 2,
})

function step(
  poolSize: number,
  tps: number,
  p95: number,
  waitShare: number,
  thresholds = {},
): PostgresStep {
  const latencyMs = lat(p95 / 1.5, p95)
  const base = { latencyMs, tps, errorRate: 0 }
  return {
    poolSize,
    clients: 32,
    durationSec: 2,
    transactions: Math.round(tps * 2),
    tps,
    latencyMs,
    waitMs: lat((p95 / 1.5) * waitShare),
    execMs: lat((p95 / 1.5) * (1 - waitShare)),
    waitShare,
    errors: 0,
    errorRate: 0,
    meetsThresholds: stepChecks(base, thresholds).every((c) => c.pass),
    partial: false,
    histogram: '',
  }
}

describe('recommendPool', () => {
  it('picks the smallest pool within 5 % of the best TPS', () => {
    const steps = [
      step(5, 500, 90, 0.8),
      step(10, 980, 40, 0.4),
      step(20, 1000, 45, 0.1),
      step(50, 990, 60, 0),
    ]
    const rec = recommendPool(steps)
    expect(rec.poolSize).toBe(10)
    expect(rec.reason).toMatch(/pool 10: 980 TPS, within 5 % of the best \(1,000 TPS at pool 20\)/)
    const ids = poolFindings(steps, rec).map((f) => f.id)
    expect(ids).toEqual(['pg-pool-too-small', 'pg-pool-too-big'])
  })

  it('skips pools that miss the thresholds, and says when none meets them', () => {
    const t = { p95Ms: 50 }
    const steps = [step(5, 500, 30, 0.5, t), step(10, 990, 60, 0.2, t), step(20, 1000, 80, 0.1, t)]
    const rec = recommendPool(steps)
    expect(rec.poolSize).toBe(5)
    expect(rec.reason).toMatch(/fastest that meets the thresholds/)
    const none = recommendPool([step(5, 500, 90, 0.5, t), step(10, 600, 70, 0.2, t)])
    expect(none.poolSize).toBeNull()
    expect(none.headline).toBe(1)
    expect(none.reason).toMatch(/no pool size met the thresholds/)
  })

  it('flags falling TPS beyond the recommendation as a warning', () => {
    const steps = [step(4, 1000, 10, 0.1), step(64, 700, 80, 0)]
    const f = poolFindings(steps, recommendPool(steps)).find((x) => x.id === 'pg-pool-too-big')!
    expect(f.severity).toBe('warning')
    expect(f.title).toMatch(/falls with pools larger than 4/)
  })
})

describe('plan parsing', () => {
  it('flattens the tree, computes own cost and marks the costly node', () => {
    const p = parsePlan({
      Plan: {
        'Node Type': 'Hash Join',
        'Total Cost': 1000,
        'Startup Cost': 10,
        'Plan Rows': 10,
        'Plan Width': 8,
        'Hash Cond': '(a.id = b.a_id)',
        Plans: [
          {
            'Node Type': 'Seq Scan',
            'Relation Name': 'a',
            'Total Cost': 800,
            'Startup Cost': 0,
            'Plan Rows': 1e5,
            'Plan Width': 8,
            Filter: '(x > 5)',
          },
          {
            'Node Type': 'Hash',
            'Total Cost': 50,
            'Startup Cost': 50,
            'Plan Rows': 10,
            'Plan Width': 8,
            Plans: [
              {
                'Node Type': 'Index Scan',
                'Relation Name': 'b',
                'Index Name': 'b_pkey',
                'Total Cost': 50,
                'Startup Cost': 0,
                'Plan Rows': 10,
                'Plan Width': 8,
              },
            ],
          },
        ],
      },
    })
    expect(p.nodes.map((n) => [n.id, n.parent, n.depth, n.nodeType])).toEqual([
      [0, null, 0, 'Hash Join'],
      [1, 0, 1, 'Seq Scan'],
      [2, 0, 1, 'Hash'],
      [3, 2, 2, 'Index Scan'],
    ])
    expect(p.nodes[0]!.selfCost).toBe(150)
    expect(p.nodes[1]!.share).toBe(0.8)
    expect(p.nodes.filter((n) => n.costly).map((n) => n.id)).toEqual([1])
    expect(p.nodes[1]!.conditions).toEqual([{ kind: 'Filter', expr: '(x > 5)' }])
  })

  it('finds the table columns in a condition, not function names or literals', () => {
    expect(
      columnsIn("((lower(email) = 'val'::text) AND (t.val > 3))", ['id', 'email', 'val']),
    ).toEqual(['email', 'val'])
    expect(columnsIn('("Mixed Case" = 1)', ['Mixed Case'])).toEqual(['Mixed Case'])
  })

  it('a typo is left to the server, not refused as a write', () => {
    expect(classifySql('SELEC 1').write).toBe(false)
  })
})
