import { displayCredential } from '@shared/redaction'
import { formatPath, type FieldProblem } from '@shared/index'
import type { z } from 'zod'

/** Field problems keyed by path, as forms look them up. */
export type ProblemMap = Record<string, string>

export function toProblemMap(problems: readonly FieldProblem[]): ProblemMap {
  const map: ProblemMap = {}
  for (const p of problems) map[p.path] ??= p.message
  return map
}

/** The problems under `prefix` (e.g. "suites[0]"), with the prefix taken off their paths. */
export function scoped(problems: ProblemMap, prefix: string): ProblemMap {
  const out: ProblemMap = {}
  for (const [path, message] of Object.entries(problems)) {
    if (path === prefix) out['(top level)'] = message
    else if (path.startsWith(`${prefix}.`)) out[path.slice(prefix.length + 1)] = message
    else if (path.startsWith(`${prefix}[`)) out[path.slice(prefix.length)] = message
  }
  return out
}

/** Problems no field claimed, so the form can list them rather than lose them. */
export function unclaimed(problems: ProblemMap, claimed: readonly string[]): [string, string][] {
  return Object.entries(problems).filter(
    ([path]) =>
      !claimed.some((c) => path === c || path.startsWith(`${c}.`) || path.startsWith(`${c}[`)),
  )
}

/** Parses a number field: empty → undefined, otherwise a number or a problem. */
export function parseNumberField(
  text: string,
  path: string,
  problems: FieldProblem[],
  opts: { integer?: boolean } = {},
): number | undefined {
  const t = text.trim()
  if (t === '') return undefined
  const n = Number(t)
  if (!Number.isFinite(n)) {
    problems.push({ path, message: `enter a number, e.g. ${opts.integer ? '10' : '2.5'}` })
    return undefined
  }
  if (opts.integer && !Number.isInteger(n)) {
    problems.push({ path, message: 'enter a whole number' })
    return undefined
  }
  return n
}

/** "Name: value" lines → a header record; a line without a colon is a problem. */
export function parseHeaderLines(
  text: string,
  path: string,
  problems: FieldProblem[],
): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  for (const [i, line] of lines.entries()) {
    const colon = line.indexOf(':')
    if (colon <= 0) {
      problems.push({
        path,
        message: `line ${i + 1}: write "Name: value", e.g. "Accept: application/json"`,
      })
      continue
    }
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
  }
  return lines.length ? out : undefined
}

/** A sealed or redacted credential shows as `•••`; saving `•••` back keeps the stored value. */
export const headerLines = (headers: Record<string, string> | undefined): string =>
  Object.entries(headers ?? {})
    .map(([k, v]) => `${k}: ${displayCredential(v)}`)
    .join('\n')

/** zod's own wording (as opposed to a message the schema's author wrote for people). */
const ZOD_WORDING = /^(Too small|Too big|Invalid input|Invalid option|Invalid)\b/

type Issue = z.core.$ZodIssue

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, key) =>
      v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined,
    root,
  )

/** What is wrong with a value, in the user's words: "must be at least 1". */
function words(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive
          ? `must be at least ${issue.minimum}`
          : `must be more than ${issue.minimum}`
      if (!ZOD_WORDING.test(issue.message)) return issue.message
      if (issue.origin === 'array' || issue.origin === 'set')
        return `needs at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`
      return Number(issue.minimum) === 1
        ? 'must not be empty'
        : `needs at least ${issue.minimum} characters`
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive
          ? `must be at most ${issue.maximum}`
          : `must be less than ${issue.maximum}`
      if (!ZOD_WORDING.test(issue.message)) return issue.message
      if (issue.origin === 'array' || issue.origin === 'set')
        return `takes at most ${issue.maximum} entries`
      return `takes at most ${issue.maximum} characters`
    case 'invalid_type':
      if (!ZOD_WORDING.test(issue.message)) return issue.message
      if (value === undefined) return 'is required'
      if (issue.expected === 'int') return 'must be a whole number'
      if (issue.expected === 'number') return 'must be a number'
      return `must be a ${issue.expected}`
    case 'invalid_value':
      if (!ZOD_WORDING.test(issue.message)) return issue.message
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`
    default:
      return ZOD_WORDING.test(issue.message) ? 'is not valid here' : issue.message
  }
}

/**
 * The schema's problems in the user's words, by path. An item of a list is named by its place
 * and value ("item 2 (2000) must be at most 1024"), since one field edits the whole list.
 * `input` is what was validated: it gives the value each message quotes.
 */
export function describeForUser(error: z.ZodError, input: unknown): FieldProblem[] {
  return error.issues.map((issue) => {
    const value = valueAt(input, issue.path)
    const last = issue.path.at(-1)
    const item =
      typeof last === 'number'
        ? `item ${last + 1}${typeof value === 'number' || typeof value === 'string' ? ` (${value})` : ''} `
        : ''
    return { path: formatPath(issue.path), message: `${item}${words(issue, value)}` }
  })
}

/** The problem shown at a field that edits `path`: its own, else the first of its list items. */
export function problemAt(problems: ProblemMap, path: string): string | undefined {
  const own = problems[path]
  if (own !== undefined) return own
  const item = Object.keys(problems).find((p) => p.startsWith(`${path}[`))
  return item === undefined ? undefined : problems[item]
}

/** The problem of a field that edits a whole object at `path`: its own, else any under it. */
export function problemUnder(problems: ProblemMap, path: string): string | undefined {
  const own = problems[path]
  if (own !== undefined) return own
  const under = Object.keys(problems).find(
    (p) => p.startsWith(`${path}.`) || p.startsWith(`${path}[`),
  )
  return under === undefined ? undefined : problems[under]
}
