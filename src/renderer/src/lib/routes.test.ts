import { describe, expect, it } from 'vitest'
import { formatRoute, parseRoute, type Route } from './routes'

describe('hash routes', () => {
  it('round-trips every screen, ids with odd characters included', () => {
    const routes: Route[] = [
      { screen: 'run' },
      { screen: 'targets' },
      { screen: 'targets', id: 'orders api/v2' },
      { screen: 'history' },
      { screen: 'run-detail', id: 'r_01' },
      { screen: 'compare', a: 'x', b: 'y' },
    ]
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r)
    expect(formatRoute({ screen: 'compare', a: 'a', b: 'b' })).toBe('#/compare/a/b')
  })
  it('sends an empty, unknown or incomplete hash to the Run screen', () => {
    for (const h of ['', '#', '#/', '#/nope', '#/runs', '#/compare/a'])
      expect(parseRoute(h)).toEqual({ screen: 'run' })
  })
})
