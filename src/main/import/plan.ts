import {
  IMPORT_FORMAT_LABEL,
  InputError,
  PlanSchema,
  describeIssues,
  type PlanInput,
} from '@shared/index'
import { envPlaceholderFor, rewriteUrlCredentials } from '@shared/redaction'
import { ImportError, type ImportResult } from './common'

export interface ImportedPlan {
  /** as written to the file: defaults left to the schema */
  plan: PlanInput
  /** environment variables the plan reads its credentials from, and what each one holds */
  env: { name: string; holds: string }[]
}

const envName = (what: string): string =>
  `PERFDESK_${what
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')}`

/**
 * A plan file's worth of an import: one http target, one http-load suite (10 connections,
 * 30 s). Credentials stay out of its text: credential headers become target headers read from
 * environment variables (`{{env:PERFDESK_AUTHORIZATION}}`), and so do credential query values.
 */
export function importedPlan(r: ImportResult, name: string, baseUrl?: string): ImportedPlan {
  if (r.requests.length === 0) {
    const why = r.dropped.map((d) => `${d.count} ${d.reason}`).join(', ')
    throw new ImportError(`no requests left to import${why ? ` (dropped: ${why})` : ''}`)
  }
  const base = baseUrl ?? r.baseUrl
  if (!base)
    throw new ImportError(
      `the ${IMPORT_FORMAT_LABEL[r.format]} file names no server URL to send the requests to; give one with --base-url URL`,
    )
  const env = new Map<string, string>()
  const headers: Record<string, string> = {}
  for (const s of r.secrets) {
    const n = envName(s.name)
    env.set(n, `the ${s.name} header`)
    headers[s.name] = envPlaceholderFor(n)
  }
  const requests = r.requests.map((req) => ({
    ...req,
    path: rewriteUrlCredentials(
      req.path,
      (_value, where) => {
        const param = /query parameter (.+)\)$/.exec(where)?.[1] ?? 'secret'
        const n = envName(`query_${param}`)
        env.set(n, `the ${param} query parameter`)
        return envPlaceholderFor(n)
      },
      'path',
    ),
  }))
  const input: PlanInput = {
    name: name.slice(0, 200),
    targets: [
      {
        id: 'api',
        kind: 'http',
        baseUrl: base,
        ...(Object.keys(headers).length ? { headers } : {}),
      },
    ],
    suites: [{ kind: 'http-load', target: 'api', requests, connections: 10, durationSec: 30 }],
  }
  const parsed = PlanSchema.safeParse(input)
  if (!parsed.success) throw new InputError('the imported plan', describeIssues(parsed.error))
  return { plan: input, env: [...env].map(([n, holds]) => ({ name: n, holds })) }
}
