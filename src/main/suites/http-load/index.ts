import type { SuiteDefinition } from '../registry'

export const httpLoadSuite: SuiteDefinition<'http-load'> = {
  kind: 'http-load',
  describe: (c) => c.name ?? `HTTP load: ${c.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`,
  expectedSec: (c) => {
    if (c.sweep?.connections) return c.sweep.connections.length * (c.durationSec ?? 10)
    if (c.sweep?.rates) return c.sweep.rates.length * (c.durationSec ?? 10)
    if (c.stages) return c.stages.reduce((s, st) => s + st.durationSec, 0)
    if (c.amount !== undefined) return null
    return c.durationSec ?? 10
  },
}
