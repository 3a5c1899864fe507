import {
  RedisOperationSchema,
  type FieldProblem,
  type RedisConfig,
  type RedisOperation,
  type SuiteConfig,
} from '@shared/index'
import { listText, numberList, numberText } from '../common/draft-text'
import { configFromDraft, type DraftConfig, type NumberField } from '../common/config-from-draft'
import { thresholdDraft, thresholdsFromDraft, type ThresholdField } from '../common/thresholds'

export const redisOperations = RedisOperationSchema.options

export interface RedisDraft {
  operations: RedisOperation[]
  /** comma-separated; "1k", "10 KB" and "100kb" are understood */
  payloadBytes: string
  pipeline: string
  clients: string
  /** a whole number, or "auto" (cores − 1) */
  threads: string
  durationSec: string
  valueSample: string
  hitRateOn: boolean
  hrKeys: string
  hrZipf: string
  hrTtlSec: string
  hrRequests: string
  hrValueBytes: string
  p99Ms: string
  minOpsPerSec: string
  minHitRatePct: string
  /** settings this form does not edit (timeoutMs, hitRate.maxSec…), kept for "run again" */
  kept: Partial<RedisConfig>
  keptHitRate: { maxSec?: number }
}

export function newRedisDraft(): RedisDraft {
  return {
    operations: ['set', 'get'],
    payloadBytes: '100, 1 KB, 10 KB, 100 KB',
    pipeline: '1, 16',
    clients: '4',
    threads: '1',
    durationSec: '2',
    valueSample: '',
    hitRateOn: false,
    hrKeys: '10000',
    hrZipf: '1',
    hrTtlSec: '',
    hrRequests: '100000',
    hrValueBytes: '100',
    p99Ms: '',
    minOpsPerSec: '',
    minHitRatePct: '',
    kept: {},
    keptHitRate: {},
  }
}

export const redisThresholdFields = [
  { key: 'p99Ms', threshold: 'p99Ms', label: 'p99 ≤ (ms), every cell' },
  { key: 'minOpsPerSec', threshold: 'minOpsPerSec', label: 'ops/s ≥, every cell' },
  { key: 'minHitRatePct', threshold: 'minHitRate', label: 'Hit rate ≥ (%)', percent: true },
] as const satisfies readonly ThresholdField<RedisDraft>[]

/** 102400 → "100 KB", 1536 → "1536": sizes are shown the way they were most likely typed. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`
  return String(bytes)
}

/** "100, 1 KB, 10k, 2MB" → bytes; each entry that is not a size becomes a problem. */
export function parseSizeList(
  text: string,
  path: string,
  problems: FieldProblem[],
): number[] | undefined {
  const parts = text
    .split(/[,\s]+(?=\d)/)
    .map((s) => s.trim())
    .filter(Boolean)
  if (!parts.length) return undefined
  const out: number[] = []
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?$/i.exec(part)
    if (!m) {
      problems.push({ path, message: `"${part}" is not a size; write e.g. 100, 1 KB, 10 KB` })
      return undefined
    }
    const unit = (m[2] ?? 'b').toLowerCase()
    const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1
    out.push(Math.round(Number(m[1]) * factor))
  }
  return out
}

function parseIntList(text: string, path: string, problems: FieldProblem[]): number[] | undefined {
  const { values, bad } = numberList(text, { integer: true })
  if (bad !== undefined) {
    problems.push({ path, message: `"${bad}" is not a whole number; write e.g. 1, 16` })
    return undefined
  }
  return values.length ? values : undefined
}

export function redisDraftFromConfig(config: SuiteConfig): RedisDraft {
  if (config.kind !== 'redis') return newRedisDraft()
  const {
    operations,
    payloadBytes,
    pipeline,
    clients,
    threads,
    durationSec,
    valueSample,
    hitRate,
    thresholds,
    kind: _kind,
    target: _target,
    ...kept
  } = config
  const base = newRedisDraft()
  return {
    operations,
    payloadBytes: listText(payloadBytes.map(sizeText)),
    pipeline: listText(pipeline),
    clients: String(clients),
    threads: String(threads),
    durationSec: String(durationSec),
    valueSample: valueSample ?? '',
    hitRateOn: hitRate !== undefined,
    hrKeys: hitRate ? String(hitRate.keys) : base.hrKeys,
    hrZipf: hitRate ? String(hitRate.zipf) : base.hrZipf,
    hrTtlSec: numberText(hitRate?.ttlSec),
    hrRequests: hitRate ? String(hitRate.requests) : base.hrRequests,
    hrValueBytes: hitRate ? String(hitRate.valueBytes) : base.hrValueBytes,
    ...thresholdDraft(redisThresholdFields, thresholds, kept),
    keptHitRate: hitRate ? { maxSec: hitRate.maxSec } : {},
  }
}

/** The config as the schema expects it; fields that are not numbers become problems. */
export function redisConfigFromDraft(d: RedisDraft, targetId: string): DraftConfig {
  return configFromDraft('redis', targetId, d.kept, (n, problems) => redisFields(d, n, problems))
}

function redisFields(
  d: RedisDraft,
  n: NumberField,
  problems: FieldProblem[],
): Record<string, unknown> {
  if (!d.operations.length)
    problems.push({ path: 'operations', message: 'choose at least one operation' })
  const hitRate = d.hitRateOn
    ? {
        ...d.keptHitRate,
        keys: n(d.hrKeys, 'hitRate.keys', true),
        zipf: n(d.hrZipf, 'hitRate.zipf'),
        ttlSec: n(d.hrTtlSec, 'hitRate.ttlSec'),
        requests: n(d.hrRequests, 'hitRate.requests', true),
        valueBytes: n(d.hrValueBytes, 'hitRate.valueBytes', true),
      }
    : undefined
  if (hitRate && hitRate.keys === undefined && !problems.some((p) => p.path === 'hitRate.keys')) {
    problems.push({ path: 'hitRate.keys', message: 'enter how many distinct keys, e.g. 10000' })
  }
  if (
    hitRate &&
    hitRate.requests === undefined &&
    !problems.some((p) => p.path === 'hitRate.requests')
  ) {
    problems.push({
      path: 'hitRate.requests',
      message: 'enter how many requests to replay, e.g. 100000',
    })
  }
  return {
    operations: d.operations,
    payloadBytes: parseSizeList(d.payloadBytes, 'payloadBytes', problems),
    pipeline: parseIntList(d.pipeline, 'pipeline', problems),
    clients: n(d.clients, 'clients', true),
    threads: d.threads.trim().toLowerCase() === 'auto' ? 'auto' : n(d.threads, 'threads', true),
    durationSec: n(d.durationSec, 'durationSec'),
    valueSample: d.valueSample.trim() ? d.valueSample : undefined,
    hitRate,
    thresholds: {
      ...(d.kept.thresholds ?? {}),
      ...thresholdsFromDraft(redisThresholdFields, d, problems),
    },
  }
}
