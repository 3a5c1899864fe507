import { describe, expect, it } from 'vitest'
import { useServedApp } from './harness'

describe('compare only what can be compared', () => {
  const s = useServedApp({
    targets: (server) => [
      { kind: 'http', id: 'api', baseUrl: server!.url },
      { kind: 'http', id: 'other', baseUrl: server!.url },
    ],
  })
  const run = (target: string, connections: number): Promise<string> =>
    s.runOnce(`${target} × ${connections}`, target, connections)

  it('refuses runs with no suite in common and warns when the load differed', async () => {
    const ten = await run('api', 2)
    const twenty = await run('api', 4)
    const elsewhere = await run('other', 2)
    const { page, errors } = s

    // another target: nothing in common, no verdict
    await page.goto(`${s.app.serve.url}#/compare/${ten}/${elsewhere}`)
    const banner = page.locator('[data-testid="compare-view"] .banner.error')
    expect(await banner.textContent({ timeout: 15_000 })).toContain('no suite in common')
    expect(await page.getByTestId('compare-verdict').count()).toBe(0)

    // same suite, twice the connections: said before the verdict
    await page.goto(`${s.app.serve.url}#/compare/${ten}/${twenty}`)
    await page.reload()
    const warning = page.getByTestId('compare-load-warning')
    expect(await warning.textContent({ timeout: 15_000 })).toContain('connections 2 → 4')
    await page.getByTestId('compare-verdict').waitFor()
    expect(errors.filter((e) => !e.includes('no suite in common'))).toEqual([])
  })
})
