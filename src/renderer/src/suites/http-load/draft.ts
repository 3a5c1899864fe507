import {
  HttpMethodSchema,
  type FieldProblem,
  type HttpLoadConfig,
  type SuiteConfig,
} from '@shared/index'
import { headerLines, parseHeaderLines, parseNumberField } from '../../lib/problems'

export type HttpMethod = (typeof HttpMethodSchema.options)[number]
export const httpMethods = HttpMethodSchema.options

export interface RequestDraft {
  method: HttpMethod
  path: string
  body: string
  headers: string
}

export interface HttpLoadDraft {
  requests: RequestDraft[]
  connections: string
  stopBy: 'duration' | 'amount'
  durationSec: string
  amount: string
  timeoutSec: string
  p95Ms: string
  p99Ms: string
  errorRatePct: string
  minRps: string
  /** settings this form does not edit (open model, sweeps…), kept for "run again" */
  kept: Partial<HttpLoadConfig>
}

export const newRequest = (): RequestDraft => ({ method: 'GET', path: '/', body: '', headers: '' })

export function newHttpLoadDraft(): HttpLoadDraft {
  return {
    requests: [newRequest()],
    connections: '10',
    stopBy: 'duration',
    durationSec: '10',
    amount: '',
    timeoutSec: '10',
    p95Ms: '',
    p99Ms: '',
    errorRatePct: '',
    minRps: '',
    kept: {},
  }
}

const str = (v: number | undefined): string => (v === undefined ? '' : String(v))

export function httpLoadDraftFromConfig(config: SuiteConfig): HttpLoadDraft {
  if (config.kind !== 'http-load') return newHttpLoadDraft()
  const {
    requests,
    connections,
    durationSec,
    amount,
    timeoutSec,
    thresholds,
    kind: _kind,
    target: _target,
    ...kept
  } = config
  const { p95Ms, p99Ms, errorRate, minRps, ...otherThresholds } = thresholds
  return {
    requests: requests.map((r) => ({
      method: r.method,
      path: r.path,
      body: r.body ?? '',
      headers: headerLines(r.headers),
    })),
    connections: String(connections),
    stopBy: amount !== undefined ? 'amount' : 'duration',
    durationSec: str(durationSec ?? (amount === undefined ? 10 : undefined)),
    amount: str(amount),
    timeoutSec: String(timeoutSec),
    p95Ms: str(p95Ms),
    p99Ms: str(p99Ms),
    errorRatePct: errorRate === undefined ? '' : String(+(errorRate * 100).toPrecision(6)),
    minRps: str(minRps),
    kept: { ...kept, thresholds: otherThresholds },
  }
}

/** The config as the schema expects it; number fields that are not numbers become problems. */
export function httpLoadConfigFromDraft(
  d: HttpLoadDraft,
  targetId: string,
): { config: unknown; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const n = (text: string, path: string, integer = false): number | undefined =>
    parseNumberField(text, path, problems, { integer })
  const errorPct = n(d.errorRatePct, 'thresholds.errorRate')
  if (errorPct !== undefined && (errorPct < 0 || errorPct > 100)) {
    problems.push({ path: 'thresholds.errorRate', message: 'a percentage between 0 and 100' })
  }
  const thresholds = {
    ...(d.kept.thresholds ?? {}),
    p95Ms: n(d.p95Ms, 'thresholds.p95Ms'),
    p99Ms: n(d.p99Ms, 'thresholds.p99Ms'),
    errorRate: errorPct === undefined ? undefined : errorPct / 100,
    minRps: n(d.minRps, 'thresholds.minRps'),
  }
  const requests = d.requests.map((r, i) => {
    const headers = parseHeaderLines(r.headers, `requests[${i}].headers`, problems)
    return {
      method: r.method,
      path: r.path.trim(),
      ...(r.body ? { body: r.body } : {}),
      ...(headers ? { headers } : {}),
    }
  })
  const connections = n(d.connections, 'connections', true)
  const config = {
    ...d.kept,
    kind: 'http-load',
    target: targetId,
    requests,
    connections,
    timeoutSec: n(d.timeoutSec, 'timeoutSec'),
    ...(d.stopBy === 'duration'
      ? { durationSec: n(d.durationSec, 'durationSec'), amount: undefined }
      : { amount: n(d.amount, 'amount', true), durationSec: undefined }),
    thresholds,
  }
  if (d.stopBy === 'amount' && config.amount === undefined && !problems.length) {
    problems.push({ path: 'amount', message: 'enter how many requests to send, e.g. 10000' })
  }
  return { config: dropUndefined(config), problems }
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v)
        ? dropUndefined(v as Record<string, unknown>)
        : v
  }
  return out as T
}
