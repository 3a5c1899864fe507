import type { ReactNode } from 'react'
import { problemAt, unclaimed, type ProblemMap } from '../lib/problems'
import type { FormProps, TextKey } from '../suites/types'
import { TextField } from './fields'
import { ProblemList } from './ui'

/**
 * What every draft form does with its props: patch the draft, look up a problem, and bind a text
 * field to one key of the draft: the input is named after the key, and shows the problem at
 * `path` (the key, unless the config nests it, e.g. hitRate.keys).
 */
export function draftForm<D>({ draft, onChange, problems }: FormProps<D>) {
  const set = (patch: Partial<D>): void => onChange({ ...draft, ...patch })
  const problem = (path: string): string | undefined => problemAt(problems, path)
  const text = (key: TextKey<D>, path: string = key) => ({
    name: key,
    value: draft[key] as string,
    onChange: (value: string) => set({ [key]: value } as Partial<D>),
    problem: problemAt(problems, path),
  })
  return { set, problem, text }
}

/** A form's grid of fields, closed by the problems no field claimed, so none is lost. */
export function FormGrid({
  disabled,
  problems,
  claimed,
  children,
}: {
  disabled?: boolean | undefined
  problems: ProblemMap
  /** the paths (and the paths under them) that the form's fields show */
  claimed: readonly string[]
  children: ReactNode
}) {
  return (
    <fieldset className="form-grid" disabled={disabled}>
      {children}
      <div className="wide">
        <ProblemList problems={unclaimed(problems, claimed)} />
      </div>
    </fieldset>
  )
}

/** A plain text field of a form, written as data: the draft key it binds and how it reads. */
export interface TextSpec<D> {
  key: TextKey<D>
  /** where the config puts the value, when not at `key` (e.g. limits.longRunningSec) */
  path?: string
  label: string
  hint?: string
  inputMode?: 'numeric' | 'decimal'
}

/** The paths a run of text fields shows, for FormGrid's `claimed`. */
export const specPaths = <D,>(fields: readonly TextSpec<D>[]): string[] =>
  fields.map((f) => f.path ?? f.key)

/** A run of plain text fields, in order, each bound through draftForm's `text`. */
export function TextFields<D>({
  fields,
  text,
}: {
  fields: readonly TextSpec<D>[]
  text: ReturnType<typeof draftForm<D>>['text']
}) {
  return (
    <>
      {fields.map(({ key, path, ...look }) => (
        <TextField key={key} {...look} {...text(key, path)} />
      ))}
    </>
  )
}
