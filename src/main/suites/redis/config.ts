import { existsSync, statSync } from 'node:fs'
import type { RedisConfig, RedisOperation } from '@shared/index'
import { formatPayload } from './run-control'

/** Operations whose cost does not depend on a value size: measured once per pipeline depth. */
export const PAYLOAD_FREE: ReadonlySet<RedisOperation> = new Set(['incr'])

export interface MatrixStep {
  operation: RedisOperation
  payloadBytes: number
  pipeline: number
  /** 1-based */
  index: number
  total: number
  label: string
}

/** Every operation × payload size × pipeline depth, in the order they run (op, then size, then depth). */
export function matrixSteps(config: RedisConfig): MatrixStep[] {
  const sizes = [...new Set(config.payloadBytes)].sort((a, b) => a - b)
  const depths = [...new Set(config.pipeline)].sort((a, b) => a - b)
  const ops = [...new Set(config.operations)]
  const raw: Omit<MatrixStep, 'index' | 'total' | 'label'>[] = []
  for (const operation of ops) {
    for (const payloadBytes of PAYLOAD_FREE.has(operation) ? [0] : sizes) {
      for (const pipeline of depths) raw.push({ operation, payloadBytes, pipeline })
    }
  }
  return raw.map((s, i) => ({
    ...s,
    index: i + 1,
    total: raw.length,
    label: stepLabel(s.operation, s.payloadBytes, s.pipeline, i + 1, raw.length),
  }))
}

/** "GET 1 KB ×16 (5/16)" */
export function stepLabel(
  op: RedisOperation,
  payloadBytes: number,
  pipeline: number,
  index: number,
  total: number,
): string {
  const size = payloadBytes > 0 ? ` ${formatPayload(payloadBytes)}` : ''
  return `${op.toUpperCase()}${size} ×${pipeline} (${index}/${total})`
}

/** A rough duration: matrix steps plus population, compression study, hit-rate replay and probes. */
export function expectedSeconds(config: RedisConfig): number {
  const steps = matrixSteps(config).length
  const hit = config.hitRate ? Math.min(config.hitRate.maxSec, config.hitRate.requests / 15_000) : 0
  return Math.ceil(steps * (config.durationSec + 0.1) + 2 + hit + 1)
}

/**
 * The TTL every key of the suite is written with: twice the expected run plus 10 minutes, so
 * that it outlives the run and a crashed run's keys vanish soon after on their own.
 */
export function safetyTtlSec(config: RedisConfig): number {
  return Math.ceil(expectedSeconds(config) * 2 + 600)
}

export type ValueSample =
  { kind: 'json-text'; value: Buffer } | { kind: 'file'; path: string } | { kind: 'none' }

/** JSON text when it looks like JSON, a file path otherwise. */
export function classifyValueSample(sample: string | undefined): ValueSample {
  if (sample === undefined) return { kind: 'none' }
  const t = sample.trim()
  if (/^[[{"]/.test(t)) return { kind: 'json-text', value: Buffer.from(sample, 'utf8') }
  return { kind: 'file', path: sample }
}

/** Checks the schema cannot express; each names the field and the fix. */
export function validateRedisConfig(config: RedisConfig): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  const sample = classifyValueSample(config.valueSample)
  if (sample.kind === 'json-text') {
    try {
      JSON.parse(sample.value.toString('utf8'))
    } catch (err) {
      problems.push({
        path: 'valueSample',
        message: `looks like JSON but does not parse (${err instanceof Error ? err.message : String(err)}); fix the JSON or give a file path`,
      })
    }
  } else if (sample.kind === 'file') {
    if (!existsSync(sample.path)) {
      problems.push({
        path: 'valueSample',
        message: `no file at "${sample.path}"; give JSON text or the path of a readable file`,
      })
    } else if (!statSync(sample.path).isFile()) {
      problems.push({
        path: 'valueSample',
        message: `"${sample.path}" is not a file; give JSON text or the path of a file`,
      })
    } else if (statSync(sample.path).size > 64 * 1024 * 1024) {
      problems.push({
        path: 'valueSample',
        message: `"${sample.path}" is larger than 64 MB; give a representative value, not a dump`,
      })
    } else if (statSync(sample.path).size === 0) {
      problems.push({
        path: 'valueSample',
        message: `"${sample.path}" is empty; give a representative value`,
      })
    }
  }
  if (config.operations.length > 0 && matrixSteps(config).length > 400) {
    problems.push({
      path: 'operations',
      message: 'more than 400 matrix steps; use fewer operations, payload sizes or pipeline depths',
    })
  }
  return problems
}
