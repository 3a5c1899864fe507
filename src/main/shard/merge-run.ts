import { randomUUID } from 'node:crypto'
import type { MergedShard, RunResult, SuiteResult } from '@shared/index'
import { finalizeRun } from '../engine/finalize'
import { completeSuite } from '../suites/parts'
import { findSuiteDefinition } from '../suites/registry'
import { ShardMergeError } from '../suites/common/shard-merge'

/** A shard set that cannot be merged; the message names the files and what is wrong. */
export const MergeError = ShardMergeError
export type MergeError = ShardMergeError

export interface ShardDocument {
  /** where it came from (a file name), for messages */
  source: string
  run: RunResult
}

/** Checks that the documents are one complete set of shards of one plan; throws MergeError. */
export function checkShardSet(docs: readonly ShardDocument[]): void {
  if (docs.length === 0) throw new MergeError('give the shard results to merge')
  const notShard = docs.filter((d) => !d.run.shard)
  if (notShard.length) {
    throw new MergeError(
      `not a shard result (it has no "shard"; make it with perfdesk run --shard i/N --out FILE): ${notShard.map((d) => d.source).join(', ')}`,
    )
  }
  const hashes = new Map<string, string[]>()
  for (const d of docs) {
    const key = `${d.run.shard!.planHash}`
    hashes.set(key, [...(hashes.get(key) ?? []), d.source])
  }
  if (hashes.size > 1) {
    const groups = [...hashes.entries()].map(
      ([h, files]) => `plan ${h.slice(0, 12)}: ${files.join(', ')}`,
    )
    throw new MergeError(
      `the shards are of different plans (plan hashes differ):\n  ${groups.join('\n  ')}`,
    )
  }
  const counts = new Set(docs.map((d) => d.run.shard!.count))
  if (counts.size > 1) {
    throw new MergeError(
      `the shards disagree on how many shards there are: ${docs.map((d) => `${d.source} says ${d.run.shard!.count}`).join(', ')}`,
    )
  }
  const count = docs[0]!.run.shard!.count
  const seen = new Map<number, string>()
  const dups: string[] = []
  for (const d of docs) {
    const i = d.run.shard!.index
    const other = seen.get(i)
    if (other !== undefined)
      dups.push(`shard ${i + 1}/${count} is in both ${other} and ${d.source}`)
    else seen.set(i, d.source)
  }
  if (dups.length) throw new MergeError(`duplicate shards: ${dups.join('; ')}`)
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i))
  if (missing.length) {
    throw new MergeError(
      `incomplete set: ${missing.map((i) => `shard ${i + 1}/${count}`).join(', ')} missing (have ${docs.length} of ${count})`,
    )
  }
  for (const d of docs) {
    // each suite's definition merges its kind (suites/<kind>/merge-shards.ts), or cannot
    const other = d.run.suites.find(
      (s) => s.status !== 'skipped' && !findSuiteDefinition(s.kind)?.mergeShards,
    )
    if (other) {
      throw new MergeError(
        `${d.source}: suite ${other.index + 1} is ${other.kind}, whose results cannot be merged from shards — run ${other.kind} suites without --shard`,
      )
    }
  }
}

function mergedRunId(): string {
  const d = new Date()
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-m${randomUUID().slice(0, 5)}`
}

/** One exact result from a complete set of shards; throws MergeError for a set that is not one. */
export function mergeShards(docs: readonly ShardDocument[]): RunResult {
  checkShardSet(docs)
  const runs = [...docs].sort((a, b) => a.run.shard!.index - b.run.shard!.index).map((d) => d.run)
  const first = runs[0]!
  const plan = first.plan
  const suites: SuiteResult[] = plan.suites.map((config, index) => {
    const parts = runs.map((r) => r.suites.find((s) => s.index === index))
    const present = parts.filter((s): s is SuiteResult => s !== undefined)
    if (present.length < runs.length || present.some((s) => s.status === 'skipped')) {
      const s = present.find((x) => x.status === 'skipped') ?? present[0]
      return {
        ...(s ?? first.suites[0]!),
        index,
        config,
        status: 'skipped',
        score: undefined,
      } as SuiteResult
    }
    const merge = findSuiteDefinition(config.kind)?.mergeShards
    if (!merge) throw new MergeError(`suite ${index + 1}: ${config.kind} cannot be merged`)
    try {
      // the main-thread analysis (per-request thresholds, endpoint findings) runs on the merged data
      return completeSuite(merge(config as never, present as never) as SuiteResult)
    } catch (err) {
      if (err instanceof MergeError) throw new MergeError(`suite ${index + 1}: ${err.message}`)
      throw err
    }
  })
  const status: RunResult['status'] = runs.some(
    (r) => r.status === 'error' || r.status === 'interrupted',
  )
    ? 'error'
    : runs.some((r) => r.status === 'cancelled')
      ? 'cancelled'
      : suites.some((s) => s.status === 'error')
        ? 'error'
        : suites.some((s) => s.status === 'failed')
          ? 'failed'
          : 'passed'
  const shards: MergedShard[] = runs.map((r) => ({
    ...r.shard!,
    runId: r.id,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    status: r.status,
  }))
  const error = runs.find((r) => r.error)?.error
  return finalizeRun({
    schemaVersion: first.schemaVersion,
    id: mergedRunId(),
    status,
    plan,
    startedAt: runs.map((r) => r.startedAt).sort()[0]!,
    endedAt: runs.map((r) => r.endedAt ?? r.startedAt).sort()[runs.length - 1]!,
    environment: first.environment,
    suites,
    findings: [],
    ...(error ? { error } : {}),
    baseline: false,
    shards,
  })
}
