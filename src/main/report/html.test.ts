import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type BrowserContext } from 'playwright-core'
import type { RunResult } from '@shared/index'
import { buildChart, chartsForSuite, niceTicks } from './charts'
import { fmtMs } from './format'
import { renderHtml } from './html'
import { exportJson } from './json'
import { buildRunResult } from '../../../test/fixtures/run-result'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../test/helpers/chromium'

let run: RunResult
let html: string
beforeAll(() => {
  run = buildRunResult({ realistic: true, withPostgres: true, seconds: 60 })
  run.plan.description = 'Nightly check </script><script>alert(1)</script>'
  html = renderHtml(run)
})

describe('HTML report (static)', () => {
  it('is one self-contained file: no external scripts, styles, images or fonts', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script[^>]+src=/i)
    expect(html).not.toMatch(/<link[^>]+href=/i)
    expect(html).not.toMatch(/<img[^>]+src=/i)
    expect(html).not.toMatch(/url\((?!#)/i)
    expect(html).not.toMatch(/@import/i)
  })

  it('escapes text from the plan and embeds the full result', () => {
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)')
    const m = /<script type="application\/json" id="perfdesk-run">(.*?)<\/script>/s.exec(html)
    expect(m).not.toBeNull()
    const embedded = JSON.parse(m![1]!) as RunResult
    expect(exportJson(embedded)).toBe(exportJson(run))
  })

  it('shows key numbers, checks, score items, findings and one SVG chart per series group', () => {
    const http = run.suites[0]!
    if (http.kind !== 'http-load') throw new Error('fixture')
    expect(html).toContain(`<dt>p95 latency</dt><dd>${fmtMs(http.metrics!.latencyMs.p95)}</dd>`)
    expect(html).toContain('p95 latency ≤ 25 ms')
    expect(html).toMatch(/<b>FAIL<\/b>/)
    expect(html).toMatch(/<b>PASS<\/b>/)
    for (const f of run.findings) expect(html).toContain(f.title)
    const expectedCharts = run.suites.flatMap(chartsForSuite).length
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(expectedCharts)
    expect(html).toContain('time (s)')
  })
})

describe('chart geometry', () => {
  it('nice ticks cover the data with round steps', () => {
    expect(niceTicks(0, 97).ticks).toEqual([0, 20, 40, 60, 80, 100])
    expect(niceTicks(0, 1.3).ticks).toEqual([0, 0.5, 1, 1.5])
    expect(niceTicks(0, 1.1, 10).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1, 1.2])
    expect(niceTicks(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
  })

  it('maps data into the plot area and breaks lines at missing values', () => {
    const m = buildChart(
      {
        id: 'x',
        title: 't',
        unit: 'ms',
        xs: [1, 2, 3, 4],
        series: [{ key: 'a', label: 'a', color: '#000', values: [10, null, 30, 40] }],
      },
      400,
      200,
    )
    expect(m.lines[0]!.path.match(/M/g)).toHaveLength(2)
    const nums = m.lines[0]!.path.match(/-?\d+(\.\d+)?/g)!.map(Number)
    for (let i = 0; i < nums.length; i += 2) {
      expect(nums[i]!).toBeGreaterThanOrEqual(m.plot.x)
      expect(nums[i]!).toBeLessThanOrEqual(m.plot.x + m.plot.w)
      expect(nums[i + 1]!).toBeGreaterThanOrEqual(m.plot.y)
      expect(nums[i + 1]!).toBeLessThanOrEqual(m.plot.y + m.plot.h)
    }
    expect(m.yTicks.map((t) => t.label)).toEqual(['0', '10', '20', '30', '40'])
    expect(m.yTicks[0]!.pos).toBe(m.plot.y + m.plot.h)
  })
})

describe.skipIf(!existsSync(CHROMIUM_PATH))('HTML report in Chromium', () => {
  let ctx: BrowserContext
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perfdesk-html-'))
    ctx = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
    })
  }, 60_000)
  afterAll(async () => {
    await ctx?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('opens offline, and hovering a chart shows the values at that second', async () => {
    const file = join(dir, 'report.html')
    writeFileSync(file, html)
    const page = await ctx.newPage()
    const requests: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url())
    })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(pathToFileURL(file).href)
    const chart = page.locator('figure.chart[data-chart="s0-latency"] rect.hover')
    await chart.hover()
    const tip = page.locator('#tip')
    await expect.poll(() => tip.isVisible()).toBe(true)
    const text = await tip.innerText()
    expect(text).toMatch(/t = \d+ s/)
    expect(text).toMatch(/p95: [\d.]+ ms/)
    // the legend hides a line
    await page.locator('figure.chart[data-chart="s0-latency"] button.lg[data-key="p99"]').click()
    expect(
      await page
        .locator('figure.chart[data-chart="s0-latency"] path.line[data-key="p99"]')
        .getAttribute('class'),
    ).toContain('off')
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: false })
    expect(errors).toEqual([])
    expect(requests).toEqual([])
  })
})
