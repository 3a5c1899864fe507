/** Every screen's address, as a hash: `#/run`, `#/targets/<id>`, `#/runs/<id>`, `#/compare/<a>/<b>`. */
export type Route =
  | { screen: 'run' }
  | { screen: 'targets'; id?: string }
  | { screen: 'history' }
  | { screen: 'run-detail'; id: string }
  | { screen: 'compare'; a: string; b: string }

const part = (s: string): string => encodeURIComponent(s)

export function formatRoute(r: Route): string {
  switch (r.screen) {
    case 'run':
      return '#/run'
    case 'targets':
      return r.id ? `#/targets/${part(r.id)}` : '#/targets'
    case 'history':
      return '#/history'
    case 'run-detail':
      return `#/runs/${part(r.id)}`
    case 'compare':
      return `#/compare/${part(r.a)}/${part(r.b)}`
  }
}

/** The route of a hash; an empty or unknown one is the Run screen. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p)
      } catch {
        return p
      }
    })
  const [head, x, y] = parts
  if (head === 'targets') return x ? { screen: 'targets', id: x } : { screen: 'targets' }
  if (head === 'history') return { screen: 'history' }
  if (head === 'runs' && x) return { screen: 'run-detail', id: x }
  if (head === 'compare' && x && y) return { screen: 'compare', a: x, b: y }
  return { screen: 'run' }
}
