import { describe, expect, it } from 'vitest'
import { Job } from 'kubernetes-models/batch/v1/Job'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { PlanSchema } from '@shared/index'
import { shardManifests, shardManifestsYaml } from './manifests'
import { toYaml } from './yaml'

const plan = PlanSchema.parse({
  name: 'Checkout API (peak)',
  targets: [{ id: 'api', kind: 'http', baseUrl: 'http://checkout.svc:8080' }],
  suites: [
    {
      kind: 'http-load',
      target: 'api',
      requests: [{ path: '/cart' }],
      model: 'arrival-rate',
      rate: 3000,
      durationSec: 60,
    },
  ],
})
const options = {
  shards: 4,
  image: 'registry.local/perfdesk:1',
  namespace: 'load',
  startAt: '2026-12-01T16:00:00.000Z',
}

describe('perfdesk k8s manifests', () => {
  it('validate against the Kubernetes schemas (kubernetes-models)', () => {
    const { configMap, job } = shardManifests(plan, options)
    expect(() => new ConfigMap(configMap as never).validate()).not.toThrow()
    expect(() => new Job(job as never).validate()).not.toThrow()
    // and the validator does reject what Kubernetes would
    const broken = { ...job, spec: { ...(job.spec as object), completions: 'four' } }
    expect(() => new Job(broken as never).validate()).toThrow(/completions/)
  })

  it('an Indexed Job of N pods, the completion index as --shard, one start time, the plan mounted', () => {
    const { configMap, job } = shardManifests(plan, options)
    const spec = job.spec as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4 })
    const c = spec.template.spec.containers[0]
    expect(c.command.join(' ')).toContain('--shard "$((JOB_COMPLETION_INDEX + 1))/4"')
    expect(c.command.join(' ')).toContain('--frame')
    expect(c.env).toContainEqual({ name: 'PERFDESK_START_AT', value: options.startAt })
    expect(spec.template.spec.volumes[0].configMap.name).toBe(
      (configMap.metadata as { name: string }).name,
    )
    expect(JSON.parse((configMap.data as Record<string, string>)['plan.json']!)).toEqual(plan)
    expect((job.metadata as { name: string }).name).toMatch(
      /^perfdesk-checkout-api-peak-[0-9a-f]{8}$/,
    )
  })

  it('prints the two objects as YAML with how to collect and merge', () => {
    const text = shardManifestsYaml(plan, options)
    expect(text.split('\n---\n')).toHaveLength(3)
    expect(text).toContain('completionMode: "Indexed"')
    expect(text).toContain('perfdesk merge perfdesk-checkout-api-peak-')
    expect(text).toContain('kubectl logs -n load')
  })

  it('toYaml writes maps, lists, scalars and literal blocks', () => {
    expect(toYaml({ a: 1, b: { c: 'x: y', d: [{ e: true, f: [] }], m: 'l1\nl2\n' } })).toBe(
      'a: 1\nb:\n  c: "x: y"\n  d:\n    - e: true\n      f: []\n  m: |\n    l1\n    l2\n',
    )
  })
})
