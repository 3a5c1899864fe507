import type { ReactNode } from 'react'
import type { Secret } from '@shared/index'
import { renamed, secretHint, type TargetIdentity } from '../suites/common/target-draft'
import type { FormProps } from '../suites/types'
import { draftForm, FormGrid } from './draft-form'
import { TextField } from './fields'

/**
 * Every target form: the name and id first, then the fields of its kind, then the problems that
 * none of its fields claimed (name, id and kind are claimed here).
 */
export function TargetFormFrame<D extends TargetIdentity>({
  form,
  placeholders,
  claimed,
  children,
}: {
  form: FormProps<D>
  placeholders: { name: string; id: string }
  claimed: readonly string[]
  children: ReactNode
}) {
  const { set, problem } = draftForm(form)
  return (
    <FormGrid
      disabled={form.disabled}
      problems={form.problems}
      claimed={['name', 'id', 'kind', ...claimed]}
    >
      <TargetIdentityFields
        draft={form.draft}
        set={set}
        problem={problem}
        placeholders={placeholders}
      />
      {children}
    </FormGrid>
  )
}

/** The name and id of a target: the id follows the name until edited, and stays once saved. */
function TargetIdentityFields<D extends TargetIdentity>({
  draft,
  set,
  problem,
  placeholders,
}: {
  draft: D
  set: (patch: Partial<D>) => void
  problem: (path: string) => string | undefined
  placeholders: { name: string; id: string }
}) {
  return (
    <>
      <TextField
        label="Name"
        problem={problem('name')}
        name="name"
        value={draft.name}
        placeholder={placeholders.name}
        onChange={(name) => set(renamed(draft, name) as Partial<D>)}
      />
      <TextField
        label="Id"
        problem={problem('id')}
        hint={
          draft.isNew ? 'used in plans and on the command line' : 'the id of a saved target stays'
        }
        name="id"
        value={draft.id}
        readOnly={!draft.isNew}
        placeholder={placeholders.id}
        onChange={(id) => set({ id, idTouched: true } as Partial<D>)}
      />
    </>
  )
}

/** A password or token: typing replaces the stored one, an empty field keeps it. */
export function SecretField({
  label,
  name,
  problem,
  typed,
  stored,
  onChange,
  hint = 'kept in the app’s secret store, never in plans or history',
}: {
  label: string
  name: string
  problem: string | undefined
  typed: string
  stored: Secret | null
  onChange: (typed: string) => void
  /** the hint while nothing is stored */
  hint?: string
}) {
  return (
    <TextField
      label={label}
      problem={problem}
      hint={secretHint(typed, stored, hint)}
      name={name}
      type="password"
      autoComplete="new-password"
      value={typed}
      placeholder={stored ? '••••••••' : ''}
      onChange={onChange}
    />
  )
}
