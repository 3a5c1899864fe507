import type { ReactNode } from 'react'
import type { RunStatus, SuiteStatus } from '@shared/index'

/** A labelled form field with its problem, if any, right under it. */
export function Field({
  label,
  hint,
  problem,
  children,
  wide,
}: {
  label: string
  hint?: string
  problem?: string | undefined
  children: ReactNode
  wide?: boolean
}) {
  return (
    <label className={`field${problem ? ' has-problem' : ''}${wide ? ' wide' : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {problem ? (
        <span className="field-problem" role="alert">
          {problem}
        </span>
      ) : hint ? (
        <span className="field-hint">{hint}</span>
      ) : null}
    </label>
  )
}

/**
 * A labelled group of controls (a segmented choice). Not a <label>: a label names its first
 * button, which would then be called "Model Connections Arrival rate" instead of "Connections".
 */
export function FieldGroup({
  label,
  hint,
  children,
  wide,
}: {
  label: string
  hint?: string
  children: ReactNode
  wide?: boolean
}) {
  return (
    <div className={`field${wide ? ' wide' : ''}`} role="group" aria-label={label}>
      <span className="field-label">{label}</span>
      {children}
      {hint ? <span className="field-hint">{hint}</span> : null}
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
}: {
  label: string
  value: string
  sub?: string
  tone?: 'good' | 'bad' | 'warn' | undefined
}) {
  return (
    <div className={`stat${tone ? ` tone-${tone}` : ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">
        <ValueWithUnit text={value} />
      </div>
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
