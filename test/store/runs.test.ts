import { describe, expect, it } from 'vitest'
import { RunResultSchema, type RunResult } from '@shared/index'
import { HistoryError, openHistory } from '../../src/main/store/index'
import { buildHttpLoadSuiteResult, buildRunResult } from '../fixtures/run-result'
import { recordRun, startRun, useTempHistory } from './helpers'

const history = useTempHistory()

const pragma = (name: string): unknown => history.store.db.pragma(name, { simple: true })

describe('opening', () => {
  it('uses WAL, synchronous NORMAL, foreign keys and a busy timeout', () => {
    expect(pragma('journal_mode')).toBe('wal')
    expect(pragma('synchronous')).toBe(1) // NORMAL
    expect(pragma('foreign_keys')).toBe(1)
    expect(pragma('busy_timeout')).toBe(5000)
  })
})

describe('a run written through the sink', () => {
  it('reads back equal to the result that was saved', () => {
    const result = buildRunResult({ id: 'run-a', seconds: 7 })
    recordRun(history.store, result)
    const back = history.store.getRun('run-a')
    expect(back).toEqual(result)
    // exactly: the series element by element, in order, and the encoded histogram
    expect(back?.suites[0]?.series).toStrictEqual(result.suites[0]?.series)
    expect(back?.suites[0]?.kind === 'http-load' && back.suites[0].histogram).toBe(
      result.suites[0]?.kind === 'http-load' && result.suites[0].histogram,
    )
  })

  it('survives closing and reopening the file', () => {
    const result = buildRunResult({ id: 'run-b', score: null, error: 'one suite failed' })
    recordRun(history.store, result)
    history.store.close()
    history.store = openHistory(history.tmp.file)
    expect(history.store.getRun('run-b')).toEqual(result)
  })

  it('keeps the saved series even when live samples differed (the saved result wins)', () => {
    const result = buildRunResult({ id: 'run-c', seconds: 3 })
    const suite = result.suites[0]!
    startRun(history.store, result)
    // live samples with different numbers and one more than the final series
    for (let t = 1; t <= 4; t++)
      history.store.appendSample('run-c', 0, { t, rps: 1, p50: 1, p95: 1, p99: 1, errors: 0 })
    history.store.saveSuiteResult('run-c', suite)
    expect(history.store.getRun('run-c')?.suites[0]?.series).toStrictEqual(suite.series)
    // saving again (an upsert) replaces, not duplicates
    history.store.saveSuiteResult('run-c', suite)
    expect(history.store.getRun('run-c')?.suites).toHaveLength(1)
    expect(history.store.getRun('run-c')?.suites[0]?.series).toStrictEqual(suite.series)
  })

  it('stores status running and this process id at createRun', () => {
    const r = buildRunResult({ id: 'run-d' })
    startRun(history.store, r)
    const row = history.store.db
      .prepare('SELECT status, pid, host FROM runs WHERE id = ?')
      .get('run-d') as {
      status: string
      pid: number
    }
    expect(row.status).toBe('running')
    expect(row.pid).toBe(process.pid)
    expect(() => startRun(history.store, r)).toThrow(/already exists/)
  })

  it('refuses a suite result that does not match its schema, naming the field', () => {
    const r = buildRunResult({ id: 'run-e' })
    startRun(history.store, r)
    const bad = {
      ...r.suites[0]!,
      metrics: { rps: 'fast' },
    } as unknown as RunResult['suites'][number]
    expect(() => history.store.saveSuiteResult('run-e', bad)).toThrow(/metrics/)
    expect(() => history.store.saveSuiteResult('nope', r.suites[0]!)).toThrow(/no run "nope"/)
  })
})

describe('sample batching', () => {
  it('buffers samples and writes them in batches of flushEvery', () => {
    history.store.close()
    history.store = openHistory(history.tmp.file, { flushEvery: 5, flushIntervalMs: 60_000 })
    const r = buildRunResult({ id: 'batch' })
    startRun(history.store, r)
    const count = (): number =>
      (history.store.db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n
    for (let t = 1; t <= 4; t++)
      history.store.appendSample('batch', 0, { t, rps: t, p50: 1, p95: 2, p99: 3, errors: 0 })
    expect(count()).toBe(0)
    expect(history.store.pendingSamples).toBe(4)
    history.store.appendSample('batch', 0, { t: 5, rps: 5, p50: 1, p95: 2, p99: 3, errors: 0 })
    expect(count()).toBe(5)
    expect(history.store.pendingSamples).toBe(0)
  })

  it('flushes on a timer when samples trickle in', async () => {
    history.store.close()
    history.store = openHistory(history.tmp.file, { flushEvery: 1000, flushIntervalMs: 100 })
    const r = buildRunResult({ id: 'timer' })
    startRun(history.store, r)
    history.store.appendSample('timer', 0, { t: 1, rps: 1, p50: 1, p95: 2, p99: 3, errors: 0 })
    const count = (): number =>
      (history.store.db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n
    expect(count()).toBe(0)
    const deadline = Date.now() + 5000
    while (count() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(count()).toBe(1)
  })

  it('getRun of a live run shows the samples so far as a running suite', () => {
    const r = buildRunResult({ id: 'live' })
    startRun(history.store, r)
    const samples = r.suites[0]!.series.slice(0, 3)
    for (const s of samples) history.store.appendSample('live', 0, s)
    const live = history.store.getRun('live')
    expect(live?.status).toBe('running')
    expect(live?.suites[0]?.status).toBe('running')
    expect(live?.suites[0]?.endedAt).toBeNull()
    expect(live?.suites[0]?.series).toStrictEqual(samples)
  })
})

describe('a run that stopped before a suite finished', () => {
  it('keeps that suite as interrupted, with every recorded sample as its series', () => {
    const r = buildRunResult({ id: 'cut', seconds: 6 })
    startRun(history.store, r)
    const series = r.suites[0]!.series
    for (const s of series) history.store.appendSample('cut', 0, s)
    history.store.finishRun('cut', {
      status: 'cancelled',
      endedAt: '2025-01-15T10:00:04.000Z',
      findings: [],
    })
    const back = history.store.getRun('cut')!
    expect(RunResultSchema.safeParse(back).success).toBe(true)
    expect(back.status).toBe('cancelled')
    expect(back.suites).toHaveLength(1)
    const suite = back.suites[0]!
    expect(suite.status).toBe('cancelled')
    expect(suite.kind).toBe('http-load')
    expect(suite.series).toStrictEqual(series)
    expect(suite.metrics).toBeNull()
    expect(suite.notes.join(' ')).toMatch(/No final result/)
  })

  it('keeps finished suites and rebuilds only the missing one, in index order', () => {
    const base = buildRunResult({ id: 'two' })
    const first = buildHttpLoadSuiteResult({ index: 0, seconds: 3 })
    const plan = {
      ...base.plan,
      suites: [base.plan.suites[0]!, { ...base.plan.suites[0]!, name: 'second' }],
    }
    history.store.createRun({
      id: 'two',
      plan,
      planId: null,
      startedAt: base.startedAt,
      environment: base.environment,
    })
    history.store.saveSuiteResult('two', first)
    history.store.appendSample('two', 1, { t: 1, rps: 10, p50: 1, p95: 2, p99: 3, errors: 0 })
    history.store.appendSample('two', 1, { t: 2, rps: 11, p50: 1, p95: 2, p99: 3, errors: 0 })
    history.store.finishRun('two', { status: 'interrupted', endedAt: base.endedAt!, findings: [] })
    const back = history.store.getRun('two')!
    expect(back.suites.map((s) => [s.index, s.status, s.name])).toEqual([
      [0, first.status, first.name],
      [1, 'interrupted', 'second'],
    ])
    expect(back.suites[0]?.series).toStrictEqual(first.series)
    expect(back.suites[1]?.series.map((s) => (s as { rps?: number }).rps)).toEqual([10, 11])
  })
})

describe('listRuns', () => {
  function seed(): void {
    const runs: RunResult[] = [
      buildRunResult({
        id: 'r1',
        startedAt: '2025-01-01T10:00:00.000Z',
        target: 'api',
        runStatus: 'passed',
      }),
      buildRunResult({
        id: 'r2',
        startedAt: '2025-01-03T10:00:00.000Z',
        target: 'shop',
        runStatus: 'failed',
        rps: 7.5,
        p95Ms: 250,
        errorRate: 0.1,
      }),
      buildRunResult({
        id: 'r3',
        startedAt: '2025-01-02T10:00:00.000Z',
        target: 'api',
        runStatus: 'failed',
      }),
      // a later time written with an offset: ordering is by instant, not by text
      buildRunResult({
        id: 'r4',
        startedAt: '2025-01-03T12:00:00.000+03:00',
        target: 'api',
        runStatus: 'passed',
      }),
    ]
    recordRun(history.store, runs[0]!, { planId: 'plan-a' })
    recordRun(history.store, runs[1]!, { planId: 'plan-b' })
    recordRun(history.store, runs[2]!, { planId: 'plan-a' })
    recordRun(history.store, runs[3]!, { planId: 'plan-a' })
  }

  it('lists newest first', () => {
    seed()
    expect(history.store.listRuns().map((r) => r.id)).toEqual(['r2', 'r4', 'r3', 'r1'])
  })

  it('filters by target, status, plan id and limit', () => {
    seed()
    expect(history.store.listRuns({ target: 'api' }).map((r) => r.id)).toEqual(['r4', 'r3', 'r1'])
    expect(history.store.listRuns({ target: 'shop' }).map((r) => r.id)).toEqual(['r2'])
    expect(history.store.listRuns({ status: 'failed' }).map((r) => r.id)).toEqual(['r2', 'r3'])
    expect(history.store.listRuns({ target: 'api', status: 'failed' }).map((r) => r.id)).toEqual([
      'r3',
    ])
    expect(history.store.listRuns({ planId: 'plan-a', limit: 2 }).map((r) => r.id)).toEqual([
      'r4',
      'r3',
    ])
    expect(history.store.listRuns({ target: 'nobody' })).toEqual([])
  })

  it('summarises each run with a one-line headline', () => {
    seed()
    const [r2] = history.store.listRuns({ limit: 1 })
    expect(r2).toMatchObject({
      id: 'r2',
      planName: 'Checkout API',
      planId: 'plan-b',
      status: 'failed',
      targets: ['shop'],
      kinds: ['http-load'],
      score: 87,
      baseline: false,
    })
    expect(r2?.headline).toMatch(/^7\.5 req\/s · p95 2\d\d ms · 10\.00 % errors$/)
    const r1 = history.store.listRuns({ planId: 'plan-a' }).find((r) => r.id === 'r1')
    expect(r1?.headline).toMatch(/^1,234 req\/s · p95 12\.\d ms · 0\.50 % errors$/)
  })

  it('rejects an unknown filter field by name', () => {
    expect(() => history.store.listRuns({ colour: 'red' } as never)).toThrow(/colour/)
  })
})

describe('deleteRun, importRun, setBaseline', () => {
  it('deletes a run with its suites and samples', () => {
    recordRun(history.store, buildRunResult({ id: 'gone' }))
    recordRun(history.store, buildRunResult({ id: 'kept' }))
    expect(history.store.deleteRun('gone')).toBe(true)
    expect(history.store.deleteRun('gone')).toBe(false)
    expect(history.store.getRun('gone')).toBeNull()
    const left = history.store.db
      .prepare(
        "SELECT (SELECT COUNT(*) FROM samples WHERE run_id = 'gone') + (SELECT COUNT(*) FROM suite_results WHERE run_id = 'gone') + (SELECT COUNT(*) FROM run_targets WHERE run_id = 'gone') AS n",
      )
      .get() as { n: number }
    expect(left.n).toBe(0)
    expect(history.store.getRun('kept')).not.toBeNull()
  })

  it('imports a result from elsewhere under its own id, and refuses it twice', () => {
    const foreign = buildRunResult({ id: 'from-ci-42', importedAt: '2025-02-01T00:00:00.000Z' })
    expect(history.store.importRun(foreign)).toBe('from-ci-42')
    expect(history.store.getRun('from-ci-42')).toEqual(foreign)
    expect(history.store.listRuns()[0]?.headline).toMatch(/req\/s/)
    let err: unknown
    try {
      history.store.importRun(foreign)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(HistoryError)
    expect((err as HistoryError).code).toBe('exists')
    expect((err as Error).message).toMatch(
      /from-ci-42.*already in the history.*delete the existing run/,
    )
  })

  it('stamps importedAt on an import that has none, and validates the document', () => {
    const r = buildRunResult({ id: 'plain' })
    history.store.importRun(r)
    expect(history.store.getRun('plain')?.importedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(() =>
      history.store.importRun({ ...r, id: 'bad', status: 'done' } as unknown as RunResult),
    ).toThrow(/status/)
  })

  it('keeps one baseline per plan', () => {
    recordRun(history.store, buildRunResult({ id: 'a1', planName: 'A' }), { planId: 'plan-a' })
    recordRun(history.store, buildRunResult({ id: 'a2', planName: 'A' }), { planId: 'plan-a' })
    recordRun(history.store, buildRunResult({ id: 'b1', planName: 'B' }), { planId: null })
    recordRun(history.store, buildRunResult({ id: 'b2', planName: 'B' }), { planId: null })
    history.store.setBaseline('a1', true)
    history.store.setBaseline('b1', true)
    history.store.setBaseline('a2', true)
    const baselines = (): string[] =>
      history.store
        .listRuns()
        .filter((r) => r.baseline)
        .map((r) => r.id)
        .sort()
    expect(baselines()).toEqual(['a2', 'b1'])
    history.store.setBaseline('b2', true)
    expect(baselines()).toEqual(['a2', 'b2'])
    expect(history.store.getRun('b2')?.baseline).toBe(true)
    history.store.setBaseline('b2', false)
    expect(baselines()).toEqual(['a2'])
    expect(() => history.store.setBaseline('missing', true)).toThrow(/no run "missing"/)
  })
})

describe('markInterrupted', () => {
  it('leaves runs of a live process alone and marks those of a dead pid or another host', () => {
    const r = buildRunResult({ id: 'x' })
    const env = r.environment
    for (const id of ['mine', 'dead', 'elsewhere']) {
      history.store.createRun({
        id,
        plan: r.plan,
        planId: null,
        startedAt: r.startedAt,
        environment: env,
      })
    }
    history.store.appendSample('dead', 0, { t: 1, rps: 1, p50: 1, p95: 1, p99: 1, errors: 0 })
    history.store.flush()
    const lastAt = (
      history.store.db.prepare("SELECT at FROM samples WHERE run_id = 'dead'").get() as {
        at: number
      }
    ).at
    // a pid that is certainly not running: above the kernel's pid_max
    history.store.db.prepare("UPDATE runs SET pid = 2147483646 WHERE id = 'dead'").run()
    history.store.db
      .prepare("UPDATE runs SET host = 'another-machine' WHERE id = 'elsewhere'")
      .run()
    expect(history.store.markInterrupted()).toBe(2)
    expect(history.store.getRun('mine')?.status).toBe('running')
    const dead = history.store.getRun('dead')!
    expect(dead.status).toBe('interrupted')
    expect(dead.endedAt).toBe(new Date(lastAt).toISOString())
    expect(dead.error).toMatch(/stopped before the run finished/)
    expect(dead.suites[0]?.status).toBe('interrupted')
    expect(history.store.getRun('elsewhere')?.error).toMatch(/another-machine/)
    expect(history.store.markInterrupted()).toBe(0)
  })
})
