import { PlanSchema, type Plan } from '@shared/index'

/**
 * A plan a review must catch: its process target starts a command (that writes `markerText`
 * to the file `marker`), and its http target sends the secret in `envVar` to `baseUrl`.
 */
export function commandAndSecretPlan(o: {
  name: string
  baseUrl: string
  envVar: string
  marker: string
  markerText: string
}): Plan {
  return PlanSchema.parse({
    name: o.name,
    targets: [
      {
        id: 'api',
        kind: 'http',
        baseUrl: o.baseUrl,
        auth: { type: 'bearer', token: { env: o.envVar } },
      },
      {
        id: 'proc',
        kind: 'process',
        command: `node -e "require('fs').writeFileSync('${o.marker}', '${o.markerText}'); setTimeout(() => {}, 20000)"`,
      },
    ],
    suites: [
      { kind: 'http-load', target: 'api', requests: [{ path: '/' }], connections: 1, amount: 5 },
    ],
    monitor: { process: 'proc' },
  })
}
