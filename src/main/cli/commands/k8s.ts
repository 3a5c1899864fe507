import { InputError, PlanSchema, describeIssues } from '@shared/index'
import { redactPlan } from '@shared/redaction'
import { shardManifestsYaml } from '../../shard/manifests'
import { delayUntil } from '../../shard/start-at'
import { shardPlan } from '../../shard/split'
import { parse, UsageError } from '../args'
import { EXIT, type Io } from '../io'
import { readPlanFile } from './run'

const USAGE =
  'perfdesk k8s PLAN.json --shards N [--image IMAGE] [--namespace NS] [--start-at ISO_TIME | --start-in SEC]'

/** Prints the Kubernetes manifests (ConfigMap + Indexed Job) for a run in N shards. */
export async function k8sCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      shards: { type: 'string' },
      image: { type: 'string' },
      namespace: { type: 'string' },
      'start-at': { type: 'string' },
      'start-in': { type: 'string' },
    },
    USAGE,
  )
  const file = positionals[0]
  if (!file || positionals.length > 1) throw new UsageError(`give one plan file\nusage: ${USAGE}`)
  const shards = Number(values.shards)
  if (!Number.isInteger(shards) || shards < 1 || shards > 1000)
    throw new UsageError(
      `--shards: give the number of shards (1–1000), e.g. --shards 3\nusage: ${USAGE}`,
    )
  if (
    values.namespace !== undefined &&
    !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(values.namespace)
  )
    throw new UsageError(`--namespace "${values.namespace}" is not a Kubernetes namespace name`)
  const startInSec = values['start-in'] !== undefined ? Number(values['start-in']) : 120
  if (!Number.isFinite(startInSec) || startInSec < 0)
    throw new UsageError(`--start-in: give seconds from now, e.g. --start-in 120`)
  const startAt = values['start-at'] ?? new Date(Date.now() + startInSec * 1000).toISOString()
  try {
    delayUntil(startAt)
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  // the plan is checked here, and that it splits in N, so no pod fails on it later
  const parsed = PlanSchema.safeParse(readPlanFile(file))
  if (!parsed.success) throw new InputError('invalid plan', describeIssues(parsed.error))
  const plan = parsed.data
  try {
    for (let i = 0; i < shards; i++) shardPlan(plan, { index: i, count: shards })
  } catch (err) {
    io.stderr(`perfdesk k8s: the plan cannot be split in ${shards}: ${(err as Error).message}\n`)
    return EXIT.error
  }
  io.stdout(
    shardManifestsYaml(redactPlan(plan), {
      shards,
      image: values.image ?? 'perfdesk:latest',
      startAt,
      ...(values.namespace ? { namespace: values.namespace } : {}),
    }),
  )
  return EXIT.ok
}
