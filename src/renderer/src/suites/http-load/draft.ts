import {
  HttpMethodSchema,
  type FieldProblem,
  type HttpLoadConfig,
  type SuiteConfig,
} from '@shared/index'
import { headerLines, parseHeaderLines, parseNumberField } from '../../lib/problems'
import type { OpenShape } from './load-shape'

export type HttpMethod = (typeof HttpMethodSchema.options)[number]
export const httpMethods = HttpMethodSchema.options

export interface RequestDraft {
  method: HttpMethod
  path: string
  body: string
  headers: string
}

export interface StageDraft {
  durationSec: string
  rate: string
}

export type LoadModel = HttpLoadConfig['model']

export interface HttpLoadDraft {
  requests: RequestDraft[]
  /** closed (a fixed number of connections) or open (requests arrive at a rate) */
  model: LoadModel
  connections: string
  /** open model: one constant rate, or stages that ramp from one rate to the next */
  rateShape: 'constant' | 'stages'
  rate: string
  /** open model with stages: the rate the first stage ramps from (empty = 0) */
  startRate: string
  stages: StageDraft[]
  /** open model: the most connections the generator may open (empty = its own choice) */
  maxConnections: string
  /** one measurement per load level: connections (closed model) or rates (open model) */
  sweepOn: boolean
  /** comma-separated levels, e.g. "1, 2, 4, 8" */
  sweepLevels: string
  stopBy: 'duration' | 'amount'
  durationSec: string
  amount: string
  timeoutSec: string
  p95Ms: string
  p99Ms: string
  errorRatePct: string
  minRps: string
  /** settings this form does not edit (pipelining, Apdex T…), kept for "run again" */
  kept: Partial<HttpLoadConfig>
}

export const newRequest = (): RequestDraft => ({ method: 'GET', path: '/', body: '', headers: '' })
export const newStage = (): StageDraft => ({ durationSec: '10', rate: '100' })

export function newHttpLoadDraft(): HttpLoadDraft {
  return {
    requests: [newRequest()],
    model: 'connections',
    connections: '10',
    rateShape: 'constant',
    rate: '100',
    startRate: '',
    stages: [
      { durationSec: '10', rate: '100' },
      { durationSec: '20', rate: '100' },
    ],
    maxConnections: '',
    sweepOn: false,
    sweepLevels: '',
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
    model,
    rate,
    stages,
    maxConnections,
    sweep,
    kind: _kind,
    target: _target,
    ...kept
  } = config
  const fresh = newHttpLoadDraft()
  const levels = sweep?.connections ?? sweep?.rates
  const { p95Ms, p99Ms, errorRate, minRps, ...otherThresholds } = thresholds
  return {
    requests: requests.map((r) => ({
      method: r.method,
      path: r.path,
      body: r.body ?? '',
      headers: headerLines(r.headers),
    })),
    model: sweep?.rates ? 'arrival-rate' : model,
    connections: String(connections),
    rateShape: stages ? 'stages' : 'constant',
    rate: stages ? fresh.rate : str(rate ?? (sweep?.rates ? undefined : 100)),
    startRate: stages ? str(rate) : '',
    stages: stages
      ? stages.map((st) => ({ durationSec: String(st.durationSec), rate: String(st.rate) }))
      : fresh.stages,
    maxConnections: str(maxConnections),
    sweepOn: levels !== undefined,
    sweepLevels: levels ? levels.join(', ') : '',
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
  const open = d.model === 'arrival-rate'
  const sweepPath = open ? 'sweep.rates' : 'sweep.connections'
  const levels = d.sweepOn ? parseLevels(d.sweepLevels, sweepPath, problems, !open) : undefined
  // with stages the schedule sets the length; a sweep runs every level for durationSec
  const staged = open && !levels && d.rateShape === 'stages'
  const stopBy = levels ? 'duration' : d.stopBy
  const config = {
    ...d.kept,
    kind: 'http-load',
    target: targetId,
    requests,
    model: d.model,
    connections: open ? undefined : n(d.connections, 'connections', true),
    ...(open ? openFields(d, Boolean(levels), staged, n) : {}),
    ...(levels ? { sweep: open ? { rates: levels } : { connections: levels } } : {}),
    timeoutSec: n(d.timeoutSec, 'timeoutSec'),
    ...(staged
      ? {}
      : stopBy === 'duration'
        ? { durationSec: n(d.durationSec, 'durationSec') }
        : { amount: n(d.amount, 'amount', true) }),
    thresholds,
  }
  if (!staged && stopBy === 'amount' && config.amount === undefined && !problems.length) {
    problems.push({ path: 'amount', message: 'enter how many requests to send, e.g. 10000' })
  }
  return { config: dropUndefined(config), problems }
}

type NumberOf = (text: string, path: string, integer?: boolean) => number | undefined

/** The open model's own fields: the rate or the stages, and the connection cap. */
function openFields(
  d: HttpLoadDraft,
  sweeping: boolean,
  staged: boolean,
  n: NumberOf,
): Record<string, unknown> {
  const maxConnections = n(d.maxConnections, 'maxConnections', true)
  if (sweeping) return { maxConnections }
  if (!staged) return { rate: n(d.rate, 'rate'), maxConnections }
  return {
    rate: n(d.startRate, 'rate'),
    stages: d.stages.map((st, i) => ({
      durationSec: n(st.durationSec, `stages[${i}].durationSec`),
      rate: n(st.rate, `stages[${i}].rate`),
    })),
    maxConnections,
  }
}

/** "1, 2, 4, 8" → [1, 2, 4, 8]; anything else is a problem at `path`. */
export function parseLevels(
  text: string,
  path: string,
  problems: FieldProblem[],
  integer: boolean,
): number[] | undefined {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean)
  const values = parts.map(Number)
  const bad = parts.find((p, i) => {
    const v = values[i]!
    return !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))
  })
  if (bad !== undefined || parts.length < 2) {
    problems.push({
      path,
      message:
        bad !== undefined
          ? `"${bad}" is not a ${integer ? 'whole number of connections' : 'rate in req/s'} above 0; list the levels, e.g. ${integer ? '1, 4, 16, 64' : '100, 200, 400, 800'}`
          : `list at least two levels to sweep, e.g. ${integer ? '1, 4, 16, 64' : '100, 200, 400, 800'}`,
    })
    return undefined
  }
  return values
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

/**
 * The open-model shape the draft describes so far, for the preview: fields that are not (yet)
 * numbers are left out rather than reported, since the user is still typing.
 */
export function draftShape(d: HttpLoadDraft): OpenShape {
  const num = (text: string): number | undefined => {
    const v = Number(text.trim())
    return text.trim() !== '' && Number.isFinite(v) && v >= 0 ? v : undefined
  }
  const durationSec = d.stopBy === 'duration' || d.sweepOn ? num(d.durationSec) : undefined
  const amount = d.stopBy === 'amount' && !d.sweepOn ? num(d.amount) : undefined
  if (d.sweepOn) {
    const rates = d.sweepLevels
      .split(/[\s,;]+/)
      .map((p) => num(p))
      .filter((v): v is number => v !== undefined && v > 0)
    return { durationSec, sweep: { rates } }
  }
  if (d.rateShape === 'stages') {
    const stages = d.stages.flatMap((st) => {
      const dur = num(st.durationSec)
      const rate = num(st.rate)
      return dur !== undefined && dur > 0 && rate !== undefined ? [{ durationSec: dur, rate }] : []
    })
    return { rate: num(d.startRate), stages }
  }
  const rate = num(d.rate)
  return { rate: rate && rate > 0 ? rate : undefined, durationSec, amount }
}
