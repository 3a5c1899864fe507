import type { z } from 'zod'

export interface FieldProblem {
  /** a JSON-ish path such as `suites[0].connections` */
  path: string
  message: string
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out ? `.${String(p)}` : String(p)
  }
  return out || '(top level)'
}

/** Turns zod issues into one line per field, naming the field and what it expected. */
export function describeIssues(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }))
}

export class InputError extends Error {
  readonly problems: FieldProblem[]
  constructor(what: string, problems: FieldProblem[]) {
    super(`${what}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`)
    this.name = 'InputError'
    this.problems = problems
  }
}

/** Parses or throws an InputError listing every bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const r = schema.safeParse(value)
  if (!r.success) throw new InputError(what, describeIssues(r.error))
  return r.data
}

/** The first few problems on one line, e.g. for an error message about stored data. */
export function summarizeIssues(error: z.ZodError, max = 5): string {
  return describeIssues(error)
    .slice(0, max)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ')
}
