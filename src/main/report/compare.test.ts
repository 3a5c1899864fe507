import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '@shared/index'
import { useServer } from '../../../test/helpers/use-server'
import { compareCommand } from '../cli/commands/compare'
import { openHistory } from '../store'
import { baselineDeltasOf } from '../api/compare'
import { compareRuns, type MetricComparison, type RunComparison } from './compare'
import { exportJson } from './json'
import { realHttpRun } from '../../../test/fixtures/real-http-run'
import { buildRunResult } from '../../../test/fixtures/run-result'

const metric = (c: RunComparison, key: string): MetricComparison =>
  c.suites[0]!.metrics.find((m) => m.key === key)!

function io(): {
  out: string[]
  err: string[]
  io: { stdout: (s: string) => void; stderr: (s: string) => void }
} {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { stdout: (s) => out.push(s), stderr: (s) => err.push(s) } }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfdesk-compare-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('compareRuns on synthetic runs (real HDR histograms, known difference)', () => {
  it('3× the latency is a significant regression; throughput unchanged is within noise', () => {
    const a = buildRunResult({ realistic: true, id: 'a', seconds: 10, medianMs: 10, seed: 1 })
    const b = buildRunResult({ realistic: true, id: 'b', seconds: 10, medianMs: 30, seed: 2 })
    const c = compareRuns(a, b, { maxRegressionPct: 10 })
    expect(c.suites).toHaveLength(1)
    for (const k of ['p50Ms', 'p95Ms', 'p99Ms']) {
      const m = metric(c, k)
      expect(m.test?.test, k).toBe('mann-whitney-u') // 10 per-second samples each
      expect(m.significant, k).toBe(true)
      expect(m.deltaPct!, k).toBeGreaterThan(150)
      expect(m.verdict, k).toBe('regression')
    }
    expect(metric(c, 'rps').test?.test).toBe('welch-t')
    expect(metric(c, 'rps').verdict).toBe('within-noise')
    expect(c.regression).toBe(true)
    expect(c.suites[0]!.regressions).toEqual(['p50Ms', 'p95Ms', 'p99Ms'])
  })

  it('the same system measured twice (different random draws) is within noise', () => {
    const a = buildRunResult({ realistic: true, id: 'a', seconds: 10, seed: 11 })
    const b = buildRunResult({ realistic: true, id: 'b', seconds: 10, seed: 12 })
    const c = compareRuns(a, b)
    expect(c.regression).toBe(false)
    expect(
      c.suites[0]!.metrics.filter((m) => m.test).every((m) => m.verdict === 'within-noise'),
    ).toBe(true)
  })

  it('a small, significant slowdown inside the tolerance is not a regression; beyond it, it is', () => {
    const a = buildRunResult({
      realistic: true,
      id: 'a',
      seconds: 30,
      medianMs: 10,
      sigma: 0.05,
      seed: 3,
      samplesPerSecond: 400,
    })
    const b = buildRunResult({
      realistic: true,
      id: 'b',
      seconds: 30,
      medianMs: 10.6,
      sigma: 0.05,
      seed: 4,
      samplesPerSecond: 400,
    })
    const loose = compareRuns(a, b, { maxRegressionPct: 10 })
    expect(metric(loose, 'p50Ms').significant).toBe(true)
    expect(metric(loose, 'p50Ms').verdict).toBe('within-tolerance')
    expect(loose.regression).toBe(false)
    const strict = compareRuns(a, b, { maxRegressionPct: 2 })
    expect(metric(strict, 'p50Ms').verdict).toBe('regression')
  })

  it('faster is an improvement, never a regression', () => {
    const a = buildRunResult({ realistic: true, id: 'a', seconds: 8, medianMs: 30, seed: 5 })
    const b = buildRunResult({ realistic: true, id: 'b', seconds: 8, medianMs: 10, seed: 6 })
    const c = compareRuns(a, b)
    expect(metric(c, 'p95Ms').verdict).toBe('improvement')
    expect(c.regression).toBe(false)
  })

  it('few samples: Welch on log latency', () => {
    const c = compareRuns(
      buildRunResult({ realistic: true, seconds: 3, medianMs: 10, seed: 7 }),
      buildRunResult({ realistic: true, seconds: 3, medianMs: 30, seed: 8 }),
    )
    expect(metric(c, 'p50Ms').test?.test).toBe('welch-t-log')
    expect(metric(c, 'p50Ms').verdict).toBe('regression')
  })

  it('matches suites by index, kind and target and lists the rest', () => {
    const a = buildRunResult({ realistic: true, withPostgres: true })
    const b = buildRunResult({ realistic: true, target: 'other' })
    const c = compareRuns(a, b)
    expect(c.suites).toHaveLength(0)
    expect(c.onlyInA).toEqual(['1 http-load api', '2 postgres db'])
    expect(c.onlyInB).toEqual(['1 http-load other'])
    const pg = compareRuns(a, buildRunResult({ realistic: true, withPostgres: true, seed: 9 }))
    expect(pg.suites.map((s) => s.kind)).toEqual(['http-load', 'postgres'])
    expect(pg.suites[1]!.metrics.map((m) => m.key)).toContain('tps')
  })
})

describe('perfdesk compare (CLI, result files)', () => {
  it('exits 1 on a significant regression beyond --max-regression, 0 otherwise, 2 on bad input', async () => {
    const fa = join(dir, 'a.json')
    const fb = join(dir, 'b.json')
    writeFileSync(
      fa,
      exportJson(buildRunResult({ realistic: true, id: 'a', seconds: 10, medianMs: 10, seed: 1 })),
    )
    writeFileSync(
      fb,
      exportJson(buildRunResult({ realistic: true, id: 'b', seconds: 10, medianMs: 30, seed: 2 })),
    )
    const r1 = io()
    expect(await compareCommand([fa, fb, '--max-regression', '10'], r1.io)).toBe(1)
    const text = r1.out.join('')
    expect(text).toMatch(
      /p95 latency\s+[\d.]+ ms\s+[\d.]+ ms\s+\+[\d.]+ ms\s+\+[\d.]+ %\s+Mann–Whitney U \(n=10\/10\)\s+[<\d.]+\s+REGRESSION/,
    )
    expect(text).toContain('REGRESSION beyond 10 %: suite 1 p50Ms, suite 1 p95Ms, suite 1 p99Ms')

    const r2 = io()
    expect(await compareCommand([fb, fa, '--json'], r2.io)).toBe(0)
    const json = JSON.parse(r2.out.join('')) as RunComparison
    expect(json.regression).toBe(false)
    expect(json.suites[0]!.metrics.find((m) => m.key === 'p95Ms')!.verdict).toBe('improvement')

    await expect(compareCommand([fa, fb, '--max-regression', 'ten'], io().io)).rejects.toThrow(
      /--max-regression must be a percent, e.g. 10 between 0 and 1000, not "ten"/,
    )
    await expect(compareCommand([fa], io().io)).rejects.toThrow(/give two runs/)
  })

  it('reads run ids from the history; the baseline of a plan gives later runs their deltas', async () => {
    const db = join(dir, 'h.db')
    const store = openHistory(db)
    try {
      const base = buildRunResult({
        realistic: true,
        id: 'base',
        seconds: 10,
        medianMs: 10,
        seed: 1,
      })
      const later = buildRunResult({
        realistic: true,
        id: 'later',
        seconds: 10,
        medianMs: 30,
        seed: 2,
      })
      later.startedAt = '2025-03-15T09:30:00.000Z'
      store.importRun(base)
      store.importRun(later)
      // nothing chosen: the earlier run of the same plan and target stands in, said to be automatic
      expect(baselineDeltasOf(store, 'later')!.baseline.automatic).toBe(true)
      store.setBaseline('base', true)
      const d = baselineDeltasOf(store, 'later')!
      expect(d.baselineId).toBe('base')
      expect(d.baseline.automatic).toBe(false)
      expect(d.comparison.regression).toBe(true)
      expect(baselineDeltasOf(store, 'base')).toBeNull()
    } finally {
      store.close()
    }
    const r = io()
    expect(await compareCommand(['base', 'later', '--db', db], r.io)).toBe(1)
    await expect(compareCommand(['base', 'nope', '--db', db], io().io)).rejects.toThrow(
      /"nope" is neither a result file nor a run/,
    )
  })
})

describe('compare on real runs of the http-load worker (local servers, 3 s each)', () => {
  const fast = useServer({ delayMs: 10 })
  const slow = useServer({ delayMs: 30 })
  let a: RunResult
  let b: RunResult
  let c: RunResult
  beforeAll(async () => {
    a = await realHttpRun('fast-1', fast.url, 3, 4)
    b = await realHttpRun('fast-2', fast.url, 3, 4)
    c = await realHttpRun('slow-1', slow.url, 3, 4)
  }, 60_000)

  /** `perfdesk compare` on the two runs' exported files, with a 10 % regression budget. */
  async function compareExported(x: RunResult, y: RunResult) {
    const fx = join(dir, `${x.id}.json`)
    const fy = join(dir, `${y.id}.json`)
    writeFileSync(fx, exportJson(x))
    writeFileSync(fy, exportJson(y))
    const r = io()
    const code = await compareCommand([fx, fy, '--max-regression', '10'], r.io)
    return { code, out: r.out.join('') }
  }

  it('10 ms then 30 ms is a significant regression: exit 1', async () => {
    const { code, out } = await compareExported(a, c)
    expect(code, out).toBe(1)
    expect(out).toMatch(/p50 latency .* REGRESSION/)
  })

  it('the same server twice is within noise: exit 0', async () => {
    const { code, out } = await compareExported(a, b)
    expect(code, out).toBe(0)
  })
})
