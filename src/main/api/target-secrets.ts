import type { Secret, Target } from '@shared/index'

/** Anything that keeps secret values and hands out references to them. */
export interface SecretKeeper {
  put(value: string): string
  get(ref: string): string | null
  delete(ref: string): unknown
}

type SecretField = { get(t: Target): Secret | undefined; set(t: Target, s: Secret): Target }

/** Every place a target can hold a secret. */
const secretFields: SecretField[] = [
  {
    get: (t) => (t.kind === 'http' && t.auth?.type === 'bearer' ? t.auth.token : undefined),
    set: (t, s) =>
      t.kind === 'http' && t.auth?.type === 'bearer' ? { ...t, auth: { ...t.auth, token: s } } : t,
  },
  {
    get: (t) => (t.kind === 'http' && t.auth?.type === 'basic' ? t.auth.password : undefined),
    set: (t, s) =>
      t.kind === 'http' && t.auth?.type === 'basic'
        ? { ...t, auth: { ...t.auth, password: s } }
        : t,
  },
  {
    get: (t) => (t.kind === 'postgres' ? t.connectionString : undefined),
    set: (t, s) => (t.kind === 'postgres' ? { ...t, connectionString: s } : t),
  },
  {
    get: (t) => (t.kind === 'postgres' || t.kind === 'redis' ? t.password : undefined),
    set: (t, s) => (t.kind === 'postgres' || t.kind === 'redis' ? { ...t, password: s } : t),
  },
]

/** The secret references a target holds. */
export function secretRefsOf(target: Target): string[] {
  const refs: string[] = []
  for (const f of secretFields) {
    const s = f.get(target)
    if (s !== undefined && typeof s === 'object' && 'secretRef' in s) refs.push(s.secretRef)
  }
  return refs
}

/** Moves literal secret values into the box and leaves `{secretRef}` in their place. */
export function sealTargetSecrets(target: Target, box: SecretKeeper): Target {
  let out = target
  for (const f of secretFields) {
    const s = f.get(out)
    // An empty password is no secret worth keeping; storing "" keeps the target as the user typed it.
    if (typeof s === 'string' && s !== '') out = f.set(out, { secretRef: box.put(s) })
  }
  return out
}

/**
 * Replaces references with their values, for a connection test (in memory only).
 * Throws naming the field when a reference or an environment variable is missing.
 */
export function resolveTargetSecrets(
  target: Target,
  box: SecretKeeper,
  env: Record<string, string | undefined> = process.env,
): Target {
  let out = target
  for (const f of secretFields) {
    const s = f.get(out)
    if (s === undefined || typeof s === 'string') continue
    if ('secretRef' in s) {
      const value = box.get(s.secretRef)
      if (value === null) {
        throw new Error(
          `target "${target.id}": a stored secret is missing (${s.secretRef}); enter the password or token again`,
        )
      }
      out = f.set(out, value)
    } else {
      const value = env[s.env]
      if (value === undefined) {
        throw new Error(`target "${target.id}": the environment variable ${s.env} is not set`)
      }
      out = f.set(out, value)
    }
  }
  return out
}
