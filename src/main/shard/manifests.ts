import type { Plan } from '@shared/index'
import { planHash } from './split'
import { toYaml, type YamlValue } from './yaml'

/**
 * The Kubernetes objects for a sharded run: a ConfigMap holding the plan and an Indexed Job
 * whose pod k runs `perfdesk run --shard k+1/N` from one shared start time and prints its
 * result framed in its log, which `perfdesk merge` reads back from `kubectl logs`.
 */

export interface ManifestOptions {
  shards: number
  image: string
  namespace?: string
  /** ISO time all shards start at */
  startAt: string
}

type Obj = { [key: string]: YamlValue | undefined }

/** A DNS-1123 name from a plan name: lower case, digits and dashes, at most `max` characters. */
export function dnsName(text: string, max: number): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '')
  return s || 'plan'
}

export function shardManifests(plan: Plan, o: ManifestOptions): { configMap: Obj; job: Obj } {
  const hash = planHash(plan)
  // Job names end up in pod names with an index and a suffix: keep them short
  const name = `perfdesk-${dnsName(plan.name, 30)}-${hash.slice(0, 8)}`
  const labels = { 'app.kubernetes.io/name': 'perfdesk', 'perfdesk/plan-hash': hash.slice(0, 16) }
  const meta = (n: string): Obj => ({
    name: n,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    labels,
  })
  const configMap: Obj = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(`${name}-plan`),
    data: { 'plan.json': `${JSON.stringify(plan, null, 2)}\n` },
  }
  const n = o.shards
  const script =
    `exec perfdesk run /etc/perfdesk/plan.json --shard "$((JOB_COMPLETION_INDEX + 1))/${n}" ` +
    `--start-at "$PERFDESK_START_AT" --frame --quiet`
  const job: Obj = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(name),
    spec: {
      completionMode: 'Indexed',
      completions: n,
      parallelism: n,
      // a retried shard would send its load at another time than the others: fail instead
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'perfdesk',
              image: o.image,
              command: ['sh', '-c', script],
              env: [
                { name: 'PERFDESK_START_AT', value: o.startAt },
                { name: 'PERFDESK_DB', value: '/tmp/perfdesk-history.db' },
              ],
              volumeMounts: [{ name: 'plan', mountPath: '/etc/perfdesk', readOnly: true }],
              resources: { requests: { cpu: '1', memory: '256Mi' } },
            },
          ],
          volumes: [{ name: 'plan', configMap: { name: `${name}-plan` } }],
        },
      },
    },
  }
  return { configMap, job }
}

/** The manifests as one YAML stream, with how to collect and merge the results. */
export function shardManifestsYaml(plan: Plan, o: ManifestOptions): string {
  const { configMap, job } = shardManifests(plan, o)
  const name = (job.metadata as { name: string }).name
  const ns = o.namespace ? ` -n ${o.namespace}` : ''
  return (
    `# PerfDesk: plan "${plan.name}" in ${o.shards} shards, all starting at ${o.startAt}\n` +
    `# apply:   kubectl apply${ns} -f THIS_FILE   (before the start time)\n` +
    `# wait:    kubectl wait${ns} --for=condition=complete --timeout=1h job/${name}\n` +
    `# collect: for p in $(kubectl get pods${ns} -l job-name=${name} -o name); do kubectl logs${ns} "$p" > "\${p#pod/}.log"; done\n` +
    `# merge:   perfdesk merge ${name}-*.log --out result.json\n` +
    `---\n${toYaml(configMap)}---\n${toYaml(job)}`
  )
}
