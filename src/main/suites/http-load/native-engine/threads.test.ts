import { afterEach, describe, expect, it } from 'vitest'
import type { Histogram } from 'hdr-histogram-js'
import { decodeHistogram, newHistogram } from '../../common/latency'
import { recordedValues } from '../../common/testing/histogram-values'
import { completedOf } from '../analysis'
import { planRequests } from '../request-plan'
import { runNativeClosedLoad } from './closed-native'
import { runOpenModel } from '../open-model/index'
import { testContext } from '../open-model/testing/context'
import {
  startServer,
  startServerProcess,
  type ProcessTestServer,
  type TestServer,
} from '../../../../../test/helpers/http-servers'

/** Every recorded value of `parts`, recorded one bucket at a time into a fresh histogram. */
function unionByValues(parts: Histogram[]): Histogram {
  const out = newHistogram()
  for (const h of parts) for (const [v, n] of recordedValues(h)) out.recordValueWithCount(v, n)
  return out
}

let server: TestServer | undefined
let child: ProcessTestServer | undefined
afterEach(async () => {
  await server?.close()
  await child?.close()
  server = child = undefined
})

describe('http-load generator threads', () => {
  it('2 threads send exactly the amount the server counts, and merge their histograms exactly', async () => {
    server = await startServer({ delayMs: (n) => (n % 7 === 0 ? 3 : 0) })
    const plan = planRequests(
      { id: 'srv', kind: 'http', baseUrl: server.url },
      { requests: [{ method: 'GET', path: '/' }] },
    )
    const samples: number[] = []
    const { m, generator, threadHistograms } = await runNativeClosedLoad(plan, {
      connections: 6,
      amount: 3000,
      timeoutSec: 10,
      pipelining: 1,
      threads: 2,
      signal: new AbortController().signal,
      onSample: (s) => samples.push(s.t),
    })
    const requests = completedOf(m.counts)
    expect(requests).toBe(3000)
    expect(server.stats().answered).toBe(3000)
    expect(generator.threads).toBe(2)
    expect(generator.meters).toHaveLength(2)
    expect(threadHistograms).toHaveLength(2)

    const parts = threadHistograms.map(decodeHistogram)
    // both threads did their share: 1500 each
    expect(parts.map((h) => h.totalCount)).toEqual([1500, 1500])
    const union = unionByValues(parts)
    const merged = m.latency.total
    expect(merged.totalCount).toBe(union.totalCount)
    expect(merged.minNonZeroValue).toBe(union.minNonZeroValue)
    expect(merged.maxValue).toBe(union.maxValue)
    expect(merged.mean).toBeCloseTo(union.mean, 6)
    for (let q = 1; q <= 100; q += 0.5)
      expect(merged.getValueAtPercentile(q)).toBe(union.getValueAtPercentile(q))
    // the streamed seconds come in order, one per second at most
    expect(samples).toEqual([...samples].sort((a, b) => a - b))
  })

  it('2 threads over a duration: the server answered what they counted (give or take the in-flight)', async () => {
    child = await startServerProcess({ delayMs: 1 })
    const plan = planRequests(
      { id: 'srv', kind: 'http', baseUrl: child.url },
      { requests: [{ method: 'GET', path: '/' }] },
    )
    const { m, generator } = await runNativeClosedLoad(plan, {
      connections: 6,
      durationSec: 2,
      timeoutSec: 10,
      pipelining: 1,
      threads: 2,
      signal: new AbortController().signal,
      onSample: () => {},
    })
    const requests = completedOf(m.counts)
    const answered = (await child.stats()).answered
    expect(requests).toBeGreaterThan(100)
    expect(answered).toBeGreaterThanOrEqual(requests)
    expect(answered - requests).toBeLessThanOrEqual(6)
    expect(m.latency.total.totalCount).toBe(requests)
    expect(m.counts.durationSec).toBeGreaterThan(1.9)
    expect(m.counts.durationSec).toBeLessThan(3)
    expect(generator.threads).toBe(2)
    // per-second samples add up to the run (the last partial second may be left out)
    expect(m.series.length).toBeGreaterThanOrEqual(2)
  })

  it('the open model over 2 threads sends the one schedule: every due request, once', async () => {
    child = await startServerProcess({ delayMs: 1 })
    const { ctx } = testContext(child.url, {
      model: 'arrival-rate',
      rate: 400,
      durationSec: 2,
      threads: 2,
    })
    const out = await runOpenModel(ctx)
    const stats = await child.stats()
    expect(out.status).toBe('passed')
    expect(out.generator?.threads).toBe(2)
    expect(out.metrics?.requests).toBe(800)
    expect(stats.answered).toBe(800)
    expect(out.metrics?.targetRps).toBeCloseTo(400, 0)
    expect(out.series.length).toBeGreaterThanOrEqual(2)
  })
})
