import { describe, expect, it } from 'vitest'
import {
  PlanSchema,
  RESULT_SCHEMA_VERSION,
  RunResultSchema,
  type HttpCacheSuiteResult,
  type RunResult,
} from '@shared/index'
import { compareRuns, renderHtml, renderMarkdown, renderPdf, scoreSuite } from '../../report'
import { suiteHeadline } from '../../store'
import { keyNumbers } from '../parts'
import { BEHAVIOURS } from './testing/origin'
import { runCacheSuite } from './testing/run-suite'
import { originAndEdgeForFile } from './testing/servers-for-file'

const servers = originAndEdgeForFile()

/** A run document around one measured http-cache suite, as the engine stores it. */
async function measuredRun(id: string): Promise<RunResult> {
  const config = {
    paths: [
      BEHAVIOURS.immutable,
      BEHAVIOURS.cdn,
      BEHAVIOURS.bigJson,
      BEHAVIOURS.brokenRevalidation,
    ],
    repeat: 3,
  }
  const out = await runCacheSuite(servers.edge.url, config)
  const plan = PlanSchema.parse({
    name: 'cache',
    targets: [{ id: 't', kind: 'http', baseUrl: servers.edge.url }],
    suites: [{ kind: 'http-cache', target: 't', ...config }],
  })
  const now = new Date().toISOString()
  return RunResultSchema.parse({
    schemaVersion: RESULT_SCHEMA_VERSION,
    id,
    status: out.status,
    plan,
    startedAt: now,
    endedAt: now,
    environment: {
      perfdeskVersion: 'test',
      os: 'linux',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'x',
      memoryBytes: 1,
      node: process.version,
      runtime: 'test',
    },
    suites: [
      {
        ...out,
        index: 0,
        name: 'cache',
        target: 't',
        kind: 'http-cache',
        config: plan.suites[0],
        startedAt: now,
        endedAt: now,
      },
    ],
    findings: out.findings,
  })
}

describe('http-cache report parts', () => {
  it('score, key numbers, headline, PDF, HTML, Markdown and compare come from one measured run', async () => {
    const run = await measuredRun('a')
    const suite = run.suites[0] as HttpCacheSuiteResult
    const score = scoreSuite(suite)
    expect(score.value).toBe(100 + score.items.reduce((a, i) => a + i.points, 0))
    // half the resources revalidate with 304 (the immutable asset, not the broken one)
    expect(score.items.map((i) => i.label)).toContain('revalidating share 50 %')
    expect(score.basis).toMatch(/cache quality \(70 points\)/)
    const nums = Object.fromEntries(keyNumbers(suite).map((k) => [k.label, k.text]))
    expect(nums.resources).toBe('4')
    expect(nums['CDN hit ratio']).toMatch(/^\d+ % \(cache\)$/)
    expect(suiteHeadline(suite)).toMatch(/4 resources · \d+ % cacheable · CDN \d+ % hits/)
    const html = renderHtml(run)
    expect(html).toContain(BEHAVIOURS.brokenRevalidation)
    expect(html).toContain('Cold, warm and revalidated response time per resource')
    expect(renderMarkdown(run)).toMatch(/HTTP cache/)
    const pdf = await renderPdf(run)
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
    const cmp = compareRuns(run, await measuredRun('b'))
    const keys = cmp.suites[0]!.metrics.map((m) => m.key)
    expect(keys).toEqual(
      expect.arrayContaining(['cacheableShare', 'cdnHitRatio', 'coldMs', 'stalenessSec']),
    )
    expect(cmp.suites[0]!.metrics.find((m) => m.key === 'cacheableShare')).toMatchObject({
      a: suite.metrics!.cacheableShare,
      delta: 0,
    })
  })
})
