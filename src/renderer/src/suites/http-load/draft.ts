import {
  HttpMethodSchema,
  type FieldProblem,
  type HttpLoadConfig,
  type HttpRequestSpec,
  type SuiteConfig,
} from '@shared/index'
import { MASK, maskSealed } from '@shared/redaction'
import { headerLines, parseHeaderLines, parseNumberField } from '../../lib/problems'
import { listEntries, listText, numberList, numberText } from '../common/draft-text'
import { dropUndefined } from '../common/drop-undefined'
import { thresholdDraft, thresholdsFromDraft, type ThresholdField } from '../common/thresholds'
import type { OpenShape } from './load-shape'
import {
  emptyScenarioParts,
  scenarioPartsDraft,
  scenarioPartsFromDraft,
  type ScenarioPartsDraft,
} from './scenario-draft'

export type HttpMethod = (typeof HttpMethodSchema.options)[number]
export const httpMethods = HttpMethodSchema.options

export interface RequestDraft extends ScenarioPartsDraft {
  method: HttpMethod
  path: string
  body: string
  headers: string
  /** shown in per-request results; empty = method and path */
  name: string
  /** share of the mix; empty = 1 */
  weight: string
  /** what this form does not edit (thresholds other than p95 and errors), kept as it was */
  kept?: Partial<HttpRequestSpec>
}

export interface StageDraft {
  durationSec: string
  rate: string
}

export type LoadModel = HttpLoadConfig['model']

export interface HttpLoadDraft {
  requests: RequestDraft[]
  /** mix: requests picked by weight; flow: each user walks them in order */
  scenario: HttpLoadConfig['scenario']
  /** test data: a CSV or JSON-lines file (empty = none) and how its rows are taken */
  dataFile: string
  dataOrder: NonNullable<HttpLoadConfig['data']>['order']
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
  checkFailurePct: string
  /** generator threads: empty = 1, a number, or "auto" (one per core but one) */
  threads: string
  /** closed model: PerfDesk's native HTTP client or autocannon */
  engine: HttpLoadConfig['engine']
  /** settings this form does not edit (pipelining, Apdex T…), kept for "run again" */
  kept: Partial<HttpLoadConfig>
}

export const newRequest = (): RequestDraft => ({
  method: 'GET',
  path: '/',
  body: '',
  headers: '',
  name: '',
  weight: '',
  ...emptyScenarioParts(),
})

/** A request of a config (or an import) as the form edits it. */
export function requestDraft(r: HttpRequestSpec): RequestDraft {
  const {
    method,
    path,
    body,
    headers,
    name,
    weight,
    checks,
    extract,
    thinkMs,
    thresholds,
    ...rest
  } = r
  const { p95Ms: _p95, errorRate: _errorRate, ...otherLimits } = thresholds ?? {}
  const kept = { ...rest, ...(Object.keys(otherLimits).length ? { thresholds: otherLimits } : {}) }
  return {
    ...scenarioPartsDraft({ checks, extract, thinkMs, thresholds }),
    method,
    path: maskSealed(path),
    body: body ?? '',
    headers: headerLines(headers),
    name: name ?? '',
    weight: numberText(weight),
    ...(Object.keys(kept).length ? { kept } : {}),
  }
}
export const newStage = (): StageDraft => ({ durationSec: '10', rate: '100' })

export function newHttpLoadDraft(): HttpLoadDraft {
  return {
    requests: [newRequest()],
    scenario: 'mix',
    dataFile: '',
    dataOrder: 'sequential',
    model: 'connections',
    connections: '10',
    rateShape: 'constant',
    rate: '100',
    startRate: '',
    stages: [newStage(), { ...newStage(), durationSec: '20' }],
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
    checkFailurePct: '',
    threads: '',
    engine: 'native',
    kept: {},
  }
}

export const httpThresholdFields = [
  { key: 'p95Ms', threshold: 'p95Ms', label: 'p95 ≤ (ms)' },
  { key: 'p99Ms', threshold: 'p99Ms', label: 'p99 ≤ (ms)' },
  { key: 'errorRatePct', threshold: 'errorRate', label: 'Errors ≤ (%)', percent: true },
  { key: 'minRps', threshold: 'minRps', label: 'Throughput ≥ (req/s)' },
  {
    key: 'checkFailurePct',
    threshold: 'checkFailureRate',
    label: 'Failed checks ≤ (%)',
    percent: true,
  },
] as const satisfies readonly ThresholdField<HttpLoadDraft>[]

export function httpLoadDraftFromConfig(config: SuiteConfig): HttpLoadDraft {
  if (config.kind !== 'http-load') return newHttpLoadDraft()
  const {
    requests,
    scenario,
    data,
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
    threads,
    engine,
    kind: _kind,
    target: _target,
    ...kept
  } = config
  const fresh = newHttpLoadDraft()
  const levels = sweep?.connections ?? sweep?.rates
  return {
    requests: requests.map(requestDraft),
    scenario,
    dataFile: data?.file ?? '',
    dataOrder: data?.order ?? 'sequential',
    model: sweep?.rates ? 'arrival-rate' : model,
    connections: String(connections),
    rateShape: stages ? 'stages' : 'constant',
    rate: stages ? fresh.rate : numberText(rate ?? (sweep?.rates ? undefined : 100)),
    startRate: stages ? numberText(rate) : '',
    stages: stages
      ? stages.map((st) => ({ durationSec: String(st.durationSec), rate: String(st.rate) }))
      : fresh.stages,
    maxConnections: numberText(maxConnections),
    sweepOn: levels !== undefined,
    sweepLevels: levels ? listText(levels) : '',
    stopBy: amount !== undefined ? 'amount' : 'duration',
    durationSec: numberText(durationSec ?? (amount === undefined ? 10 : undefined)),
    amount: numberText(amount),
    timeoutSec: String(timeoutSec),
    threads: threads === undefined ? '' : String(threads),
    engine,
    ...thresholdDraft(httpThresholdFields, thresholds, kept),
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
  const thresholds = {
    ...(d.kept.thresholds ?? {}),
    ...thresholdsFromDraft(httpThresholdFields, d, problems),
  }
  const requests = d.requests.map((r, i) => {
    const headers = parseHeaderLines(r.headers, `requests[${i}].headers`, problems)
    // a credential the history kept only as ••• must be typed again to run
    if (r.path.includes(MASK))
      problems.push({
        path: `requests[${i}].path`,
        message: 'type the credential shown as ••• again',
      })
    if (Object.values(headers ?? {}).some((v) => v === MASK))
      problems.push({
        path: `requests[${i}].headers`,
        message: 'type the credential shown as ••• again',
      })
    const flow = d.scenario === 'flow'
    // a flow walks its steps in order: weights do not apply, and the form hides them
    const weight = flow ? undefined : n(r.weight, `requests[${i}].weight`)
    const parts = scenarioPartsFromDraft(r, `requests[${i}]`, flow, r.kept?.thresholds, problems)
    return {
      ...r.kept,
      ...parts,
      ...(r.name.trim() ? { name: r.name.trim() } : {}),
      method: r.method,
      path: r.path.trim(),
      ...(r.body ? { body: r.body } : {}),
      ...(headers ? { headers } : {}),
      ...(weight !== undefined ? { weight } : {}),
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
    scenario: d.scenario,
    ...(d.dataFile.trim() ? { data: { file: d.dataFile.trim(), order: d.dataOrder } } : {}),
    model: d.model,
    connections: open ? undefined : n(d.connections, 'connections', true),
    ...(open ? openFields(d, Boolean(levels), staged, n) : {}),
    ...(levels ? { sweep: open ? { rates: levels } : { connections: levels } } : {}),
    timeoutSec: n(d.timeoutSec, 'timeoutSec'),
    ...threadsField(d.threads, n),
    ...(open ? {} : { engine: d.engine }),
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

/** `threads`: empty is the default (1), "auto" passes as is, anything else is a whole number. */
function threadsField(text: string, n: NumberOf): { threads?: number | 'auto' } {
  const t = text.trim().toLowerCase()
  if (t === '') return {}
  if (t === 'auto') return { threads: 'auto' }
  return { threads: n(t, 'threads', true) }
}

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
  const { values, bad } = numberList(text, { integer, above: 0 })
  if (bad !== undefined || values.length < 2) {
    const example = integer ? '1, 4, 16, 64' : '100, 200, 400, 800'
    problems.push({
      path,
      message:
        bad !== undefined
          ? `"${bad}" is not a ${integer ? 'whole number of connections' : 'rate in req/s'} above 0; list the levels, e.g. ${example}`
          : `list at least two levels to sweep, e.g. ${example}`,
    })
    return undefined
  }
  return values
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
    const rates = listEntries(d.sweepLevels)
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

/** The variables the steps before step `i` of a flow extract, in order, each once. */
export function extractedBefore(requests: readonly RequestDraft[], i: number): string[] {
  const names = requests.slice(0, i).flatMap((r) => r.extract.map((e) => e.name.trim()))
  return [...new Set(names.filter(Boolean))]
}
