import type { FieldProblem, Plan, Secret, Target } from '@shared/index'
import { InputError } from '@shared/index'
import { ENV_PLACEHOLDER, PLACEHOLDER } from '@shared/redaction'

/** Looks up a `{secretRef}` (or a `{{secret:…}}` placeholder's ref) in the app's secret box. */
export type SecretLookup = (ref: string) => string | null
type Env = Record<string, string | undefined>

function resolveSecret(
  value: Secret | undefined,
  path: string,
  lookup: SecretLookup | undefined,
  env: Env,
  problems: FieldProblem[],
): string | undefined {
  if (value === undefined || typeof value === 'string') return value
  if ('env' in value) {
    const v = env[value.env]
    if (v === undefined)
      problems.push({
        path,
        message: `environment variable ${value.env} is not set; export it or write the value`,
      })
    return v
  }
  const v = lookup?.(value.secretRef) ?? null
  if (v === null)
    problems.push({
      path,
      message:
        'this secret is not stored on this machine; enter the password or token again in the target',
    })
  return v ?? undefined
}

/**
 * Replaces `{{secret:ref}}` placeholders (sealed headers, URL passwords) and `{{env:NAME}}`
 * ones (imported credentials) in every string of a value.
 */
function resolvePlaceholders<T>(
  value: T,
  lookup: SecretLookup | undefined,
  path: string,
  problems: FieldProblem[],
  env: Env,
): T {
  const fromEnv = (text: string, at: string): string =>
    text.replace(ENV_PLACEHOLDER, (m, name: string) => {
      const v = env[name]
      if (v === undefined)
        problems.push({
          path: at,
          message: `environment variable ${name} is not set; export it with the credential`,
        })
      return v ?? m
    })
  const walk = (x: unknown, at: string): unknown => {
    if (typeof x === 'string')
      return fromEnv(x, at).replace(PLACEHOLDER, (m, ref: string) => {
        const v = lookup?.(ref) ?? null
        if (v === null) {
          problems.push({
            path: at,
            message: 'a sealed secret is not stored on this machine; enter it again',
          })
          return m
        }
        return v
      })
    if (Array.isArray(x)) return x.map((e, i) => walk(e, `${at}[${i}]`))
    if (x === null || typeof x !== 'object') return x
    return Object.fromEntries(
      Object.entries(x as Record<string, unknown>).map(([k, e]) => [k, walk(e, `${at}.${k}`)]),
    )
  }
  return walk(value, path) as T
}

function resolveTargetInto(
  input: Target,
  path: string,
  lookup: SecretLookup | undefined,
  env: Env,
  problems: FieldProblem[],
): Target {
  const target = resolvePlaceholders(input, lookup, path, problems, env)
  const r = (v: Secret | undefined, field: string): string | undefined =>
    resolveSecret(v, `${path}.${field}`, lookup, env, problems)
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
  return out
}

/**
 * The target with every secret as plain text, for a worker or a connection test only (in
 * memory, never stored); throws an InputError naming each field whose secret is missing.
 */
export function resolveTargetSecrets(
  target: Target,
  path: string,
  lookup?: SecretLookup,
  env: Env = process.env,
): Target {
  const problems: FieldProblem[] = []
  const out = resolveTargetInto(target, path, lookup, env, problems)
  if (problems.length) throw new InputError('the plan cannot run', problems)
  return out
}

/** The whole plan resolved: targets' secrets and sealed placeholders in suites (request headers). */
export function resolvePlanSecrets(
  plan: Plan,
  lookup?: SecretLookup,
  env: Env = process.env,
): Plan {
  const problems: FieldProblem[] = []
  const targets = plan.targets.map((t, i) =>
    resolveTargetInto(t, `targets[${i}]`, lookup, env, problems),
  )
  const suites = plan.suites.map((s, i) =>
    resolvePlaceholders(s, lookup, `suites[${i}]`, problems, env),
  )
  if (problems.length) throw new InputError('the plan cannot run', problems)
  return { ...plan, targets, suites }
}
