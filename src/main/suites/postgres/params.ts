import type { PgParam, PgQuery } from '@shared/index'

export type PgValue = string | number | boolean | null

/** Evaluates a query's parameter generators; sequences count up across the whole run. */
export class ParamGenerator {
  private readonly gens: (() => PgValue)[]

  /**
   * `stride` spreads sequences over generator threads without repeats: thread i of n counts
   * base + i, base + i + n, …
   */
  constructor(
    params: readonly PgParam[],
    random: () => number = Math.random,
    stride: { offset: number; step: number } = { offset: 0, step: 1 },
  ) {
    this.gens = params.map((p) => compile(p, random, stride))
  }

  next(): PgValue[] {
    return this.gens.map((g) => g())
  }
}

function compile(
  p: PgParam,
  random: () => number,
  stride: { offset: number; step: number },
): () => PgValue {
  if (p === null || typeof p !== 'object') return () => p
  if ('randomInt' in p) {
    const [lo, hi] = p.randomInt
    return () => lo + Math.floor(random() * (hi - lo + 1))
  }
  if ('pick' in p) {
    const items = p.pick
    return () => items[Math.floor(random() * items.length)] ?? null
  }
  let n = p.sequence + stride.offset
  const step = stride.step
  return () => {
    const v = n
    n += step
    return v
  }
}

/** Weighted random choice among the runnable queries. */
export function weightedPicker(
  queries: readonly { weight: number }[],
  random: () => number = Math.random,
): () => number {
  const cumulative: number[] = []
  let sum = 0
  for (const q of queries) cumulative.push((sum += q.weight))
  return () => {
    const r = random() * sum
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]!) return i
    return cumulative.length - 1
  }
}

/** Values as text for the record of what a plan was made with. */
export const paramText = (values: readonly PgValue[]): (string | null)[] =>
  values.map((v) => (v === null ? null : String(v)))

export type { PgQuery }
