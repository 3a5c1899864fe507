import type { Plan, Target } from '@shared/index'
import {
  MASK,
  maskSealed,
  PLACEHOLDER,
  REDACTED,
  placeholderFor,
  visitPlanCredentials,
  visitTargetCredentials,
  type CredentialVisitor,
} from '@shared/redaction'

/** Anything that keeps secret values and hands out references to them (a SecretBox). */
export interface SecretKeeper {
  put(value: string): string
  get(ref: string): string | null
  delete(ref: string): unknown
}

const sealer = (box: SecretKeeper): CredentialVisitor => ({
  text: (value) => placeholderFor(box.put(value)),
  // An empty password is no secret worth keeping; "" stays as the user typed it.
  secret: (value) => (value === '' ? value : { secretRef: box.put(value) }),
})

/**
 * Moves every literal credential of a target (secret fields, credential headers, URL
 * passwords, credential query values) into the box, leaving references in their place.
 */
export const sealTargetSecrets = (target: Target, box: SecretKeeper): Target =>
  visitTargetCredentials(target, sealer(box), 'target')

/** The same for a whole plan (the catalog: saved and imported plans). */
export const sealPlanSecrets = (plan: Plan, box: SecretKeeper): Plan =>
  visitPlanCredentials(plan, sealer(box))

/** Every secret reference a stored value holds ({secretRef} fields and placeholders). */
export function secretRefsOf(value: unknown): string[] {
  const refs: string[] = []
  const walk = (x: unknown): void => {
    if (typeof x === 'string') for (const m of x.matchAll(PLACEHOLDER)) refs.push(m[1]!)
    else if (Array.isArray(x)) x.forEach(walk)
    else if (x !== null && typeof x === 'object') {
      const o = x as Record<string, unknown>
      if (typeof o.secretRef === 'string' && Object.keys(o).length === 1) refs.push(o.secretRef)
      else Object.values(o).forEach(walk)
    }
  }
  walk(value)
  return refs
}

/**
 * The UI shows a stored credential header as `•••`; a target saved back with `•••` keeps the
 * value it had (still sealed). A `•••` with nothing behind it becomes `[redacted]`, never a guess.
 */
export function keepMaskedHeaders(target: Target, before: Target | undefined): Target {
  // a URL shown with ••• for its sealed password keeps the sealed one when it comes back as shown
  const url = (now: string, was: string | undefined): string =>
    !now.includes(MASK)
      ? now
      : was !== undefined && maskSealed(was) === now
        ? was
        : now.split(MASK).join(REDACTED)
  if (target.kind === 'redis')
    return { ...target, url: url(target.url, before?.kind === 'redis' ? before.url : undefined) }
  if (target.kind !== 'http') return target
  const out = {
    ...target,
    baseUrl: url(target.baseUrl, before?.kind === 'http' ? before.baseUrl : undefined),
  }
  if (!target.headers) return out
  const old = before?.kind === 'http' ? (before.headers ?? {}) : {}
  return {
    ...out,
    headers: Object.fromEntries(
      Object.entries(target.headers).map(([k, v]) => [k, v === MASK ? (old[k] ?? REDACTED) : v]),
    ),
  }
}
