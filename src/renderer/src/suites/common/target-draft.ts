import type { Secret, Target } from '@shared/index'

/** What every target draft starts with: its name and id, the id following the name until edited. */
export interface TargetIdentity {
  isNew: boolean
  name: string
  id: string
  /** while false (and the target is new), the id follows the name */
  idTouched: boolean
}

export const newTargetIdentity = (): TargetIdentity => ({
  isNew: true,
  name: '',
  id: '',
  idTouched: false,
})

export const targetIdentity = (t: Target): TargetIdentity => ({
  isNew: false,
  name: t.name ?? '',
  id: t.id,
  idTouched: true,
})

/** The id and, if given, the name, as the target schema expects them. */
export const identityFields = (d: TargetIdentity): { id: string; name?: string } => ({
  id: d.id.trim(),
  ...(d.name.trim() ? { name: d.name.trim() } : {}),
})

/** A new name, and the id that follows it while the user has not edited the id. */
export const renamed = (d: TargetIdentity, name: string): Partial<TargetIdentity> =>
  d.isNew && !d.idTouched ? { name, id: slugId(name) } : { name }

export const slugId = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || ''

/** What the user typed, else the stored secret: an empty field keeps what is stored. */
export const typedOrStored = (typed: string, stored: Secret | null): Secret | undefined =>
  typed ? typed : (stored ?? undefined)

/** The hint under a secret field: where the stored one comes from, or what happens to a new one. */
export function secretHint(typed: string, stored: Secret | null, otherwise: string): string {
  if (!stored || typed) return otherwise
  const where =
    typeof stored === 'string' ? '' : 'env' in stored ? `from $${stored.env}` : 'stored securely'
  return `${where}; type to replace`
}
