import type { EncodedRequest } from '../open-model/http-wire'
import { RequestBuilder } from './builder'
import { ResponseRules } from './checks'
import { WeightedPicker } from './picker'
import { RequestStats, type RequestPart } from './request-stats'
import { plainScenario, type ScenarioSpec } from './spec'
import type { RenderContext } from './template'

/** A request ready for the wire, with what its answer needs. */
export interface Outgoing extends EncodedRequest {
  /** the request's index in the plan */
  index: number
  /** keep the answer's head and body: its checks or extracts read them */
  capture: boolean
}

/** One virtual user: a connection of the closed model (flow: its walk and its variables). */
export interface ScenarioUser {
  step: number
  vars: Record<string, string>
}

/** What a response brings back to the scenario. */
export interface Answer {
  status: number
  latencyMs: number
  body: Buffer | null
  head: string | null
}

const EMPTY: Record<string, string> = {}

/**
 * A scenario inside one generator thread: picks the next request by weight (mix) or walks the
 * steps (flow), renders templates with a data row and the user's variables, and records each
 * answer per request with its checks and extracts. Sequence numbers and sequential data rows
 * interleave by thread and by shard (`(local × threads + thread) × shards + shard`), so that
 * they are unique, and together cover every row once per round, whatever the split.
 */
export class ScenarioRunner {
  readonly stats: RequestStats
  private readonly builders: RequestBuilder[]
  private readonly rules: ResponseRules[]
  private readonly fixed: (Outgoing | null)[]
  private readonly picker: WeightedPicker
  /** each user walks the steps in order (else: a weighted mix) */
  readonly flow: boolean
  private readonly rows: Record<string, string>[] | null
  private readonly randomRows: boolean
  private readonly think: number[]
  private readonly ctx: RenderContext = { vars: EMPTY, seq: 0 }
  private readonly spread: number
  private readonly offset: number
  private seqLocal = 0
  private rowLocal = 0

  constructor(spec: ScenarioSpec, threadIndex: number, threads: number) {
    this.builders = spec.requests.map((r, i) => new RequestBuilder(spec.origin, r, i))
    this.rules = spec.requests.map((r) => new ResponseRules(r.checks, r.extract))
    this.fixed = this.builders.map((b, i) =>
      b.fixed ? { ...b.fixed, index: i, capture: this.capturing(i) } : null,
    )
    this.picker = new WeightedPicker(spec.requests.map((r) => r.weight))
    this.flow = spec.mode === 'flow'
    this.rows = spec.data?.rows ?? null
    this.randomRows = spec.data?.order === 'random'
    this.think = spec.requests.map((r) => r.thinkMs)
    this.stats = new RequestStats(spec.requests.length)
    this.spread = threads * spec.stride.of
    this.offset = threadIndex * spec.stride.of + spec.stride.index
  }

  /** Pre-encoded requests (tests, the bench) as a scenario: each in turn, no checks. */
  static plain(requests: readonly EncodedRequest[]): ScenarioRunner {
    const placeholders = requests.map(() => ({ method: 'GET' as const, path: '/', headers: {} }))
    const runner = new ScenarioRunner(plainScenario('http://localhost', placeholders), 0, 1)
    requests.forEach((r, i) => (runner.fixed[i] = { ...r, index: i, capture: false }))
    return runner
  }

  private capturing(i: number): boolean {
    return this.rules[i]!.needsBody || this.rules[i]!.needsHead
  }

  /** The longest one walk of the flow can take when every step times out: a drain's bound. */
  walkBoundMs(timeoutMs: number): number {
    return this.think.reduce((s, t) => s + t + timeoutMs, 0)
  }

  newUser(): ScenarioUser {
    return { step: 0, vars: EMPTY }
  }

  /** This thread's next number of a sequence interleaved with every other thread and shard. */
  private nextGlobal(local: number): number {
    return local * this.spread + this.offset
  }

  private nextRow(): Record<string, string> {
    const rows = this.rows!
    if (this.randomRows) return rows[Math.floor(Math.random() * rows.length)]!
    return rows[this.nextGlobal(this.rowLocal++) % rows.length]!
  }

  /** The user's next request: by weight (mix), or the next step of its walk (flow). */
  next(user: ScenarioUser): Outgoing {
    let index: number
    if (this.flow) {
      index = user.step
      if (index === 0) user.vars = this.rows ? { ...this.nextRow() } : {}
    } else {
      index = this.picker.next()
      if (this.rows) user.vars = this.nextRow()
    }
    const fixed = this.fixed[index]
    if (fixed) return fixed
    this.ctx.vars = user.vars
    this.ctx.seq = this.nextGlobal(this.seqLocal++)
    const b = this.builders[index]!
    return {
      bytes: b.build(this.ctx),
      head: b.head,
      label: '',
      index,
      capture: this.capturing(index),
    }
  }

  /**
   * Records an answer to request `index`, runs its checks and (flow) its extracts into the
   * user's variables, and moves the user on. Gives the pause before its next request, in ms.
   */
  answered(user: ScenarioUser, index: number, a: Answer, us: number): number {
    const rules = this.rules[index]!
    const failed =
      rules.checkCount > 0 || (this.flow && rules.extractCount > 0)
        ? rules.apply(a, this.flow ? user.vars : null)
        : 0
    this.stats.answered(index, a.status, us, rules.checkCount, failed)
    if (this.flow) user.step = index + 1 === this.builders.length ? 0 : index + 1
    return this.think[index]!
  }

  /** Request `index` got no answer (socket error, timeout); a flow's user starts its walk again. */
  failed(index: number, user: ScenarioUser | null, n = 1): void {
    this.stats.failed(index, n)
    if (user) user.step = 0
  }

  finish(): RequestPart[] {
    return this.stats.finish()
  }
}
