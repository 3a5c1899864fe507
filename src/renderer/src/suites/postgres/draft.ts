import type { FieldProblem, PostgresConfig, SuiteConfig } from '@shared/index'
import { listText, numberList } from '../common/draft-text'
import { configFromDraft, type DraftConfig } from '../common/config-from-draft'
import { thresholdsFromDraft, thresholdTexts, type ThresholdField } from '../common/thresholds'

export interface QueryDraft {
  name: string
  sql: string
  /** a JSON array of generators, e.g. [{"randomInt": [1, 1000]}] */
  params: string
  weight: string
}

export interface PostgresDraft {
  queries: QueryDraft[]
  /** "5, 10, 20, 50" */
  poolSizes: string
  clients: string
  durationSec: string
  /** generator threads: a whole number or "auto" */
  threads: string
  explain: 'off' | 'plan' | 'analyze'
  allowWrites: boolean
  whatIf: boolean
  p95Ms: string
  p99Ms: string
  minTps: string
  errorRatePct: string
  /** settings this form does not edit, kept for "run again" */
  kept: Partial<PostgresConfig>
}

export const newQuery = (n = 1): QueryDraft => ({
  name: `query ${n}`,
  sql: 'SELECT 1',
  params: '',
  weight: '1',
})

export function newPostgresDraft(): PostgresDraft {
  return {
    queries: [newQuery()],
    poolSizes: '5, 10, 20, 50',
    clients: '16',
    durationSec: '10',
    threads: '1',
    explain: 'plan',
    allowWrites: false,
    whatIf: false,
    p95Ms: '',
    p99Ms: '',
    minTps: '',
    errorRatePct: '',
    kept: {},
  }
}

export const postgresThresholdFields = [
  { key: 'p95Ms', threshold: 'p95Ms', label: 'p95 ≤ (ms)' },
  { key: 'p99Ms', threshold: 'p99Ms', label: 'p99 ≤ (ms)' },
  { key: 'minTps', threshold: 'minTps', label: 'Throughput ≥ (TPS)' },
  { key: 'errorRatePct', threshold: 'errorRate', label: 'Errors ≤ (%)', percent: true },
] as const satisfies readonly ThresholdField<PostgresDraft>[]

export function postgresDraftFromConfig(config: SuiteConfig): PostgresDraft {
  if (config.kind !== 'postgres') return newPostgresDraft()
  const {
    queries,
    poolSizes,
    clients,
    durationSec,
    threads,
    explain,
    allowWrites,
    whatIf,
    thresholds,
    kind: _kind,
    target: _target,
    ...kept
  } = config
  return {
    queries: queries.map((q) => ({
      name: q.name,
      sql: q.sql,
      params: q.params.length ? JSON.stringify(q.params) : '',
      weight: String(q.weight),
    })),
    poolSizes: listText(poolSizes),
    clients: String(clients),
    durationSec: String(durationSec),
    threads: String(threads),
    explain,
    allowWrites,
    whatIf,
    ...thresholdTexts(postgresThresholdFields, thresholds),
    kept,
  }
}

function parseParams(text: string, path: string, problems: FieldProblem[]): unknown[] {
  if (!text.trim()) return []
  try {
    const v: unknown = JSON.parse(text)
    if (Array.isArray(v)) return v
    problems.push({
      path,
      message: 'a JSON array, one entry per $n, e.g. [42, {"randomInt": [1, 1000]}]',
    })
  } catch {
    problems.push({
      path,
      message:
        'not valid JSON: use e.g. [{"randomInt": [1, 1000]}, {"pick": ["a", "b"]}, {"sequence": 1}]',
    })
  }
  return []
}

function parsePoolSizes(text: string, problems: FieldProblem[]): number[] | undefined {
  const { values: sizes, bad } = numberList(text, { integer: true, above: 0 })
  if (!sizes.length || bad !== undefined) {
    problems.push({
      path: 'poolSizes',
      message: 'whole numbers separated by commas, e.g. 5, 10, 20, 50',
    })
    return undefined
  }
  return sizes
}

function parseThreads(text: string, problems: FieldProblem[]): number | 'auto' | undefined {
  const t = text.trim()
  if (t === '') return undefined
  if (t === 'auto') return 'auto'
  if (/^\d+$/.test(t) && Number(t) >= 1) return Number(t)
  problems.push({
    path: 'threads',
    message: 'a whole number of generator threads, e.g. 2, or "auto" (one per core but one)',
  })
  return undefined
}

/** The config as the schema expects it; fields that do not parse become problems. */
export function postgresConfigFromDraft(d: PostgresDraft, targetId: string): DraftConfig {
  return configFromDraft('postgres', targetId, d.kept, (n, problems) => {
    const thresholds = thresholdsFromDraft(postgresThresholdFields, d, problems)
    const queries = d.queries.map((q, i) => ({
      name: q.name.trim(),
      sql: q.sql,
      params: parseParams(q.params, `queries[${i}].params`, problems),
      weight: n(q.weight, `queries[${i}].weight`) ?? 1,
    }))
    return {
      queries,
      poolSizes: parsePoolSizes(d.poolSizes, problems),
      clients: n(d.clients, 'clients', true),
      durationSec: n(d.durationSec, 'durationSec'),
      threads: parseThreads(d.threads, problems),
      explain: d.explain,
      allowWrites: d.allowWrites,
      whatIf: d.whatIf,
      thresholds,
    }
  })
}
