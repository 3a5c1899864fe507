import { displayCredential } from '@shared/redaction'
import type { FieldProblem } from '@shared/index'

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
