import type { FieldProblem, Plan, Secret, Target } from '@shared/index'
import { InputError } from '@shared/index'

/** Looks up a `{secretRef}` in the app's secret store (safeStorage in the desktop app). */
export type SecretLookup = (ref: string) => string | null

const REDACTED: Secret = { secretRef: 'redacted' }
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key'])

function resolveSecret(
  value: Secret | undefined,
  path: string,
  lookup: SecretLookup | undefined,
  problems: FieldProblem[],
): string | undefined {
  if (value === undefined || typeof value === 'string') return value
  if ('env' in value) {
    const v = process.env[value.env]
    if (v === undefined)
      problems.push({
        path,
        message: `environment variable ${value.env} is not set; export it or write the value`,
      })
    return v
  }
  const v = lookup?.(value.secretRef) ?? null
  if (v === null) {
    problems.push({
      path,
      message: 'this secret is not stored on this machine; enter it again in the target',
    })
    return undefined
  }
  return v
}

/** Returns the target with every secret as plain text, for the worker only; throws InputError naming the field. */
export function resolveTargetSecrets(target: Target, path: string, lookup?: SecretLookup): Target {
  const problems: FieldProblem[] = []
  const r = (v: Secret | undefined, field: string): string | undefined =>
    resolveSecret(v, `${path}.${field}`, lookup, problems)
  let out: Target
  switch (target.kind) {
    case 'http': {
      const auth = target.auth
      out = {
        ...target,
        auth:
          auth?.type === 'bearer'
            ? { type: 'bearer', token: r(auth.token, 'auth.token') ?? '' }
            : auth?.type === 'basic'
              ? { ...auth, password: r(auth.password, 'auth.password') ?? '' }
              : undefined,
      }
      if (!out.auth) delete out.auth
      break
    }
    case 'postgres':
      out = {
        ...target,
        connectionString: r(target.connectionString, 'connectionString'),
        password: r(target.password, 'password'),
      }
      break
    case 'redis':
      out = { ...target, password: r(target.password, 'password') }
      break
    case 'process':
      out = target
  }
  for (const k of Object.keys(out) as (keyof Target)[]) if (out[k] === undefined) delete out[k]
  if (problems.length) throw new InputError('the plan cannot run', problems)
  return out
}

const redact = (s: Secret | undefined): Secret | undefined =>
  typeof s === 'string' && s.length > 0 ? REDACTED : s

/** The plan as it is stored and exported: literal secrets and credential headers replaced. */
export function redactPlan(plan: Plan): Plan {
  const targets = plan.targets.map((t): Target => {
    const headers =
      t.kind === 'http' && t.headers
        ? Object.fromEntries(
            Object.entries(t.headers).map(([k, v]) => [
              k,
              SENSITIVE_HEADERS.has(k.toLowerCase()) ? '[redacted]' : v,
            ]),
          )
        : undefined
    switch (t.kind) {
      case 'http':
        return {
          ...t,
          ...(headers ? { headers } : {}),
          ...(t.auth
            ? {
                auth:
                  t.auth.type === 'bearer'
                    ? { type: 'bearer', token: redact(t.auth.token)! }
                    : { ...t.auth, password: redact(t.auth.password)! },
              }
            : {}),
        }
      case 'postgres':
        return {
          ...t,
          ...(t.connectionString !== undefined
            ? { connectionString: redactConnectionString(t.connectionString) }
            : {}),
          ...(t.password !== undefined ? { password: redact(t.password) } : {}),
        }
      case 'redis':
        return {
          ...t,
          url: redactUrlPassword(t.url),
          ...(t.password !== undefined ? { password: redact(t.password) } : {}),
        }
      default:
        return t
    }
  })
  return { ...plan, targets }
}

function redactUrlPassword(url: string): string {
  try {
    const u = new URL(url)
    if (!u.password) return url
    u.password = 'redacted'
    return u.toString()
  } catch {
    return url
  }
}

function redactConnectionString(s: Secret): Secret {
  return typeof s === 'string' ? redactUrlPassword(s) : s
}
