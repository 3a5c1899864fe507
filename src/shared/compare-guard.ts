import type { RunComparison } from './compare'
import type { RunResult } from './result'

/**
 * What the app's compare view, `runs.compare` and `perfdesk compare` all say before a verdict:
 * runs with nothing in common get none, and a different load is named.
 */

/** Settings that say what is measured or what is expected, not how hard the load pushes. */
const NOT_LOAD = new Set(['kind', 'target', 'name', 'thresholds'])

const short = (v: unknown): string => {
  if (v === undefined) return 'not set'
  const text = typeof v === 'string' ? v : JSON.stringify(v)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

/**
 * The settings of each compared suite that differ between A and B ("connections 10 → 20"): with
 * a different load, a faster or slower B says as much about the load as about the service.
 * Works on any suite's config, key by key, so no suite needs to describe its load.
 */
export function loadDifferences(a: RunResult, b: RunResult, indexes: readonly number[]): string[] {
  const out: string[] = []
  for (const i of indexes) {
    const ca = a.plan.suites[i] as Record<string, unknown> | undefined
    const cb = b.plan.suites[i] as Record<string, unknown> | undefined
    if (!ca || !cb) continue
    const keys = [...new Set([...Object.keys(ca), ...Object.keys(cb)])].filter(
      (k) => !NOT_LOAD.has(k),
    )
    for (const k of keys) {
      if (JSON.stringify(ca[k]) === JSON.stringify(cb[k])) continue
      const where = indexes.length > 1 ? `suite ${i + 1}: ` : ''
      out.push(`${where}${k} ${short(ca[k])} → ${short(cb[k])}`)
    }
  }
  return out
}

/** Why two runs have no verdict: null when they share at least one suite. */
export function nothingInCommon(
  a: Pick<RunResult, 'suites'>,
  b: Pick<RunResult, 'suites'>,
  comparison: Pick<RunComparison, 'suites'>,
): string | null {
  if (comparison.suites.length > 0) return null
  const ran = (r: Pick<RunResult, 'suites'>): string =>
    r.suites.map((s) => `${s.kind} on ${s.target}`).join(', ') || 'no suite'
  return `runs A and B have no suite in common (A ran ${ran(a)}; B ran ${ran(b)}): suites are compared when they have the same position, kind and target, e.g. two runs of the same plan`
}

/** The load differences of the suites a comparison covers (see loadDifferences). */
export function comparedLoadDifferences(
  a: RunResult,
  b: RunResult,
  comparison: Pick<RunComparison, 'suites'>,
): string[] {
  return loadDifferences(
    a,
    b,
    comparison.suites.map((s) => s.index),
  )
}
