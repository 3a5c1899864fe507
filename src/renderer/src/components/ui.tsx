import { cloneElement, isValidElement, useId, useState, type ReactNode } from 'react'
import type { RunStatus, SuiteStatus } from '@shared/index'
import { CLIENT_BOUND } from '@shared/client-bound'
import { useClientBound } from './ClientBound'

/** A problem right under what it is about: a field, a row of a list, a whole list. */
export function Problem({
  problem,
  wide,
  id,
}: {
  problem: string | undefined
  wide?: boolean
  id?: string
}) {
  if (!problem) return null
  return (
    <span className={`field-problem${wide ? ' wide' : ''}`} role="alert" id={id}>
      {problem}
    </span>
  )
}

/** A field's problem (named by the field's label), if any, else its hint: right under the field. */
function FieldNote({
  id,
  label,
  hint,
  problem,
}: {
  id: string
  label: string
  hint?: string | undefined
  problem?: string | undefined
}) {
  if (problem) return <Problem problem={`${label}: ${problem}`} id={id} />
  return hint ? (
    <span className="field-hint" id={id}>
      {hint}
    </span>
  ) : null
}

const fieldClass = (problem: string | undefined, wide: boolean | undefined): string =>
  `field${problem ? ' has-problem' : ''}${wide ? ' wide' : ''}`

interface FieldProps {
  label: string
  hint?: string | undefined
  problem?: string | undefined
  children: ReactNode
  wide?: boolean | undefined
}

/**
 * Marks a field's control for assistive technology: aria-invalid while it has a problem, and
 * described by the note under it (the problem, else the hint).
 */
function describe(children: ReactNode, noteId: string, note: boolean, invalid: boolean): ReactNode {
  if (!isValidElement<Record<string, unknown>>(children)) return children
  return cloneElement(children, {
    ...(invalid ? { 'aria-invalid': true } : {}),
    ...(note ? { 'aria-describedby': noteId } : {}),
  })
}

/** A labelled form field (one control) with its problem, if any, right under it. */
export function Field({ label, hint, problem, children, wide }: FieldProps) {
  const noteId = useId()
  return (
    <label className={fieldClass(problem, wide)}>
      <span className="field-label">{label}</span>
      {describe(children, noteId, Boolean(problem ?? hint), Boolean(problem))}
      <FieldNote id={noteId} label={label} hint={hint} problem={problem} />
    </label>
  )
}

/**
 * A labelled group of controls (a segmented choice, checkboxes). Not a <label>: a label names its
 * first button, which would then be called "Model Connections Arrival rate" instead of
 * "Connections", and a click on the label text would press that button.
 */
export function FieldGroup({ label, hint, problem, children, wide }: FieldProps) {
  const noteId = useId()
  return (
    <div
      className={fieldClass(problem, wide)}
      role="group"
      aria-label={label}
      {...(problem || hint ? { 'aria-describedby': noteId } : {})}
    >
      <span className="field-label">{label}</span>
      {children}
      <FieldNote id={noteId} label={label} hint={hint} problem={problem} />
    </div>
  )
}

export function StatusBadge({ status }: { status: RunStatus | SuiteStatus }) {
  return <span className={`badge status-${status}`}>{status}</span>
}

/** "914 req/s" → the number large, its unit small, so tiles stay narrow. */
function ValueWithUnit({ text }: { text: string }) {
  const m = /^([-–+\d.,]+)\s*(\S.*)?$/.exec(text)
  if (!m || !m[2]) return <>{text}</>
  return (
    <>
      {m[1]}
      <wbr />
      <span className="stat-unit">{m[2]}</span>
    </>
  )
}

/** A headline number with its label. */
export function Stat({
  label,
  value,
  sub,
  tone,
  rate,
}: {
  label: string
  value: string
  sub?: string
  tone?: 'good' | 'bad' | 'warn' | undefined
  /** a throughput: shown as a lower bound ("≥ …", client-bound) when the generator was the limit */
  rate?: boolean
}) {
  const bound = useClientBound() && rate === true
  return (
    <div className={`stat${tone ? ` tone-${tone}` : ''}${bound ? ' client-bound' : ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">
        {bound ? <span className="stat-bound">≥ </span> : null}
        <ValueWithUnit text={value} />
      </div>
      {bound ? <div className="stat-sub stat-bound">{CLIENT_BOUND}</div> : null}
      {sub ? <div className="stat-sub">{sub}</div> : null}
    </div>
  )
}

export function Section({
  title,
  actions,
  children,
  className,
}: {
  title: ReactNode
  actions?: ReactNode
  children: ReactNode
  className?: string
}) {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  )
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>
}

/** Problems no field showed, so none is lost. */
export function ProblemList({ problems }: { problems: [string, string][] }) {
  if (!problems.length) return null
  return (
    <ul className="problem-list" role="alert">
      {problems.map(([path, message]) => (
        <li key={path}>
          <code>{path}</code> {message}
        </li>
      ))}
    </ul>
  )
}

/** Notes under a result: one sentence each. */
export function Notes({ notes }: { notes: readonly string[] }) {
  if (!notes.length) return null
  return (
    <ul className="notes">
      {notes.map((n, i) => (
        <li key={i}>{n}</li>
      ))}
    </ul>
  )
}

/** "Delete…", which asks first: `question` and Delete or Keep. */
export function ConfirmDelete({ question, onDelete }: { question: string; onDelete: () => void }) {
  const [confirming, setConfirming] = useState(false)
  if (!confirming) {
    return (
      <button type="button" className="btn ghost" onClick={() => setConfirming(true)}>
        Delete…
      </button>
    )
  }
  return (
    <span className="confirm">
      {question}
      <button
        type="button"
        className="btn danger small"
        onClick={() => {
          setConfirming(false)
          onDelete()
        }}
      >
        Delete
      </button>
      <button type="button" className="btn ghost small" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  )
}
