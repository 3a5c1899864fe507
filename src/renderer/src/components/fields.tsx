import type { ReactNode } from 'react'
import { Field, FieldGroup } from './ui'

interface FieldFrame {
  label: string
  hint?: string | undefined
  problem?: string | undefined
  wide?: boolean
}

/** One line of text (or, given `rows`, a textarea) in a labelled Field. */
export function TextField({
  label,
  hint,
  problem,
  wide,
  value,
  onChange,
  rows,
  ...input
}: FieldFrame & {
  name: string
  value: string
  onChange: (value: string) => void
  rows?: number
  inputMode?: 'numeric' | 'decimal'
  placeholder?: string
  disabled?: boolean
  readOnly?: boolean
  type?: 'password'
  autoComplete?: 'off' | 'new-password'
}) {
  return (
    <Field label={label} hint={hint} problem={problem} wide={wide}>
      {rows ? (
        <textarea rows={rows} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
      ) : (
        <input value={value} onChange={(e) => onChange(e.target.value)} {...input} />
      )}
    </Field>
  )
}

export interface Choice<V extends string> {
  value: V
  label: string
  /** a name for the button, for tests and scripts */
  name?: string
  /** what this choice does, shown under the field while it is chosen */
  hint?: string
}

/** Buttons of which one is on. Given a label it is a group of its own, else its Field's. */
export function Segmented<V extends string>({
  choices,
  value,
  onChange,
  label,
}: {
  choices: readonly Choice<V>[]
  value: V
  onChange: (value: V) => void
  label?: string
}) {
  return (
    <div className="segmented" {...(label ? { role: 'group', 'aria-label': label } : {})}>
      {choices.map((c) => (
        <button
          type="button"
          key={c.value}
          name={c.name}
          aria-pressed={c.value === value}
          className={c.value === value ? 'on' : ''}
          onClick={() => onChange(c.value)}
        >
          {c.label}
        </button>
      ))}
    </div>
  )
}

/** A labelled segmented choice: a group, not a <label>, so each button keeps its own name. */
export function ChoiceField<V extends string>({
  label,
  hint,
  problem,
  wide,
  ...segmented
}: FieldFrame & { choices: readonly Choice<V>[]; value: V; onChange: (value: V) => void }) {
  const chosenHint = segmented.choices.find((c) => c.value === segmented.value)?.hint
  return (
    <FieldGroup label={label} hint={hint ?? chosenHint} problem={problem} wide={wide}>
      <Segmented {...segmented} />
    </FieldGroup>
  )
}

/** A checkbox with the sentence that says what it does, across the form. */
export function CheckField({
  name,
  checked,
  onChange,
  disabled,
  children,
}: {
  name?: string
  checked: boolean
  onChange: (checked: boolean) => void
  disabled?: boolean
  children: ReactNode
}) {
  return (
    <label className="check wide">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      {children}
    </label>
  )
}

/** The heading of a list of rows (requests, queries), with its "+ Add" button. */
export function ListHead({
  title,
  addLabel,
  onAdd,
  children,
}: {
  title: string
  addLabel: string
  onAdd: () => void
  /** more actions beside the add button */
  children?: ReactNode
}) {
  return (
    <div className="subhead wide">
      {title}
      <span className="subhead-actions">
        <button type="button" className="btn small ghost" onClick={onAdd}>
          {addLabel}
        </button>
        {children}
      </span>
    </div>
  )
}

/** The ✕ that removes one row of a list; `label` names the row, e.g. "remove request 2". */
export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="btn small ghost" aria-label={label} onClick={onClick}>
      ✕
    </button>
  )
}

/**
 * What a bare control of a row (no Field around it) needs to show its problem: the red border,
 * aria-invalid, and a description pointing at the problem's text (rendered by the caller with
 * `<Problem id={noteId}>`) or, without a problem, at a hint.
 */
export function invalidProps(
  problem: string | undefined,
  noteId: string,
  hintId?: string,
): {
  className: string
  'aria-invalid'?: true
  'aria-describedby'?: string
} {
  if (problem) return { className: 'invalid', 'aria-invalid': true, 'aria-describedby': noteId }
  return { className: '', ...(hintId ? { 'aria-describedby': hintId } : {}) }
}

/** The "+ Add …" button under a list of rows inside a form section. */
export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <div>
      <button type="button" className="btn small ghost" onClick={onClick}>
        {label}
      </button>
    </div>
  )
}
