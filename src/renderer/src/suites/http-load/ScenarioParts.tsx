import { useEffect, useId, useState, type ReactNode } from 'react'
import { AddButton, invalidProps, RemoveButton, TextField } from '../../components/fields'
import { Problem } from '../../components/ui'
import { problemUnder, type ProblemMap } from '../../lib/problems'
import { patchAt, removeAt } from '../common/list-edit'
import {
  checkKinds,
  checkPlaceholder,
  checkValueLabel,
  extractPlaceholder,
  extractSources,
  newCheck,
  newExtract,
  type CheckDraft,
  type CheckKind,
  type ExtractDraft,
  type ExtractFrom,
  type ScenarioPartsDraft,
} from './scenario-draft'

interface PartsProps {
  parts: ScenarioPartsDraft
  onChange: (patch: Partial<ScenarioPartsDraft>) => void
  /** the request's problems, paths relative to it (checks[0], extract.token.json, thinkMs) */
  problems: ProblemMap
  /** how the row is called in labels: "request 2" or "step 2" */
  who: string
}

/**
 * A section of a request row that stays folded until opened, so a long list of requests stays
 * short; it opens by itself when a problem lands in it, so the user sees what to fix.
 */
export function Fold({
  title,
  summary,
  hasProblem,
  testId,
  defaultOpen = false,
  className = '',
  children,
}: {
  title: string
  summary: string
  hasProblem: boolean
  testId: string
  defaultOpen?: boolean
  className?: string
  children: ReactNode
}) {
  const [open, setOpen] = useState(defaultOpen)
  useEffect(() => {
    if (hasProblem) setOpen(true)
  }, [hasProblem])
  return (
    <details
      className={`request-fold ${className}`}
      open={open}
      data-testid={testId}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        {title}
        {summary ? <span className="muted"> · {summary}</span> : null}
        {hasProblem ? <span className="field-problem"> · to fix</span> : null}
      </summary>
      <div className="request-fold-body">{children}</div>
    </details>
  )
}

/** "step 2" → "Step": what the row is, for a label beside the suite's own */
const title = (who: string): string => who[0]!.toUpperCase() + who.slice(1).replace(/ \d+$/, '')

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`

/** The checks on a request's answers and its own limits (p95, errors). */
export function ChecksFold({ parts, onChange, problems, who }: PartsProps) {
  const limits = [
    parts.p95Ms.trim() ? `p95 ≤ ${parts.p95Ms.trim()} ms` : '',
    parts.errorRatePct.trim() ? `errors ≤ ${parts.errorRatePct.trim()} %` : '',
  ].filter(Boolean)
  const summary = [parts.checks.length ? plural(parts.checks.length, 'check') : '', ...limits]
    .filter(Boolean)
    .join(', ')
  const hasProblem = Boolean(
    problemUnder(problems, 'checks') ?? problemUnder(problems, 'thresholds'),
  )
  const setCheck = (j: number, patch: Partial<CheckDraft>): void =>
    onChange({ checks: patchAt(parts.checks, j, patch) })
  const slug = who.replace(' ', '-')
  return (
    <Fold
      title="Checks and limits"
      summary={summary}
      hasProblem={hasProblem}
      testId={`${slug}-checks`}
    >
      {parts.checks.map((c, j) => (
        <CheckRow
          key={j}
          check={c}
          label={`${who} check ${j + 1}`}
          problem={problemUnder(problems, `checks[${j}]`)}
          onChange={(patch) => setCheck(j, patch)}
          onRemove={() => onChange({ checks: removeAt(parts.checks, j) })}
        />
      ))}
      <Problem problem={problems['checks']} />
      <AddButton
        label="+ Add check"
        onClick={() => onChange({ checks: [...parts.checks, newCheck()] })}
      />
      <div className="request-limits">
        <TextField
          label={`${title(who)} p95 ≤ (ms)`}
          name={`${slug}-p95Ms`}
          inputMode="decimal"
          value={parts.p95Ms}
          onChange={(p95Ms) => onChange({ p95Ms })}
          problem={problems['thresholds.p95Ms']}
        />
        <TextField
          label={`${title(who)} errors ≤ (%)`}
          name={`${slug}-errorRate`}
          inputMode="decimal"
          value={parts.errorRatePct}
          onChange={(errorRatePct) => onChange({ errorRatePct })}
          problem={problems['thresholds.errorRate']}
        />
      </div>
      <Problem
        problem={
          problems['thresholds.p95Ms'] || problems['thresholds.errorRate']
            ? undefined
            : problemUnder(problems, 'thresholds')
        }
      />
    </Fold>
  )
}

function CheckRow({
  check,
  label,
  problem,
  onChange,
  onRemove,
}: {
  check: CheckDraft
  label: string
  problem: string | undefined
  onChange: (patch: Partial<CheckDraft>) => void
  onRemove: () => void
}) {
  const noteId = useId()
  const json = check.kind === 'jsonEquals' || check.kind === 'jsonExists'
  const changeKind = (kind: CheckKind): void => {
    const toJson = kind === 'jsonEquals' || kind === 'jsonExists'
    // a JSON path survives a switch between the two JSON kinds; other values mean other things
    onChange(json && toJson ? { kind } : newCheck(kind))
  }
  return (
    <div className={`check-row${json ? '' : ' single'}`} data-testid="check-row">
      <select
        aria-label={`${label} kind`}
        value={check.kind}
        onChange={(e) => changeKind(e.target.value as CheckKind)}
      >
        {checkKinds.map((k) => (
          <option key={k.value} value={k.value}>
            {k.label}
          </option>
        ))}
      </select>
      <input
        aria-label={`${label} ${checkValueLabel[check.kind]}`}
        value={check.value}
        placeholder={checkPlaceholder[check.kind]}
        inputMode={check.kind === 'maxMs' ? 'decimal' : undefined}
        onChange={(e) => onChange({ value: e.target.value })}
        {...invalidProps(problem, noteId)}
      />
      {check.kind === 'jsonEquals' ? (
        <input
          aria-label={`${label} expected value`}
          value={check.expected}
          placeholder='e.g. 42, true or "ok"'
          onChange={(e) => onChange({ expected: e.target.value })}
        />
      ) : check.kind === 'jsonExists' ? (
        <select
          aria-label={`${label} presence`}
          value={check.exists ? 'yes' : 'no'}
          onChange={(e) => onChange({ exists: e.target.value === 'yes' })}
        >
          <option value="yes">is there</option>
          <option value="no">is absent</option>
        </select>
      ) : null}
      <RemoveButton label={`remove ${label}`} onClick={onRemove} />
      <Problem problem={problem} id={noteId} />
    </div>
  )
}

/** A flow step's extracts (values for the next steps) and its think time. */
export function StepFold({ parts, onChange, problems, who }: PartsProps) {
  const names = parts.extract.map((e) => e.name.trim()).filter(Boolean)
  const summary = [
    names.length ? names.map((n) => `{{${n}}}`).join(', ') : '',
    parts.thinkMs.trim() ? `think ${parts.thinkMs.trim()} ms` : '',
  ]
    .filter(Boolean)
    .join(', ')
  const hasProblem = Boolean(problemUnder(problems, 'extract') ?? problems['thinkMs'])
  const slug = who.replace(' ', '-')
  const setRow = (j: number, patch: Partial<ExtractDraft>): void =>
    onChange({ extract: patchAt(parts.extract, j, patch) })
  return (
    <Fold
      title="Extract and think time"
      summary={summary}
      hasProblem={hasProblem}
      testId={`${slug}-extract`}
    >
      {parts.extract.length ? (
        // the inputs carry their own names; this only shows sighted users the columns
        <div className="extract-row extract-head" aria-hidden="true">
          <span>Variable</span>
          <span>From</span>
          <span>Expression</span>
        </div>
      ) : null}
      {parts.extract.map((e, j) => (
        <ExtractRow
          key={j}
          row={e}
          label={`${who} extract ${j + 1}`}
          problem={
            problemUnder(problems, `extract[${j}]`) ??
            (e.name.trim() ? problemUnder(problems, `extract.${e.name.trim()}`) : undefined)
          }
          onChange={(patch) => setRow(j, patch)}
          onRemove={() => onChange({ extract: removeAt(parts.extract, j) })}
        />
      ))}
      <Problem
        problem={
          problems['extract'] ??
          // a name the rows no longer hold (renamed since the problem was found)
          Object.entries(problems).find(
            ([p]) => p.startsWith('extract.') && !names.includes(p.split('.')[1] ?? ''),
          )?.[1]
        }
      />
      <AddButton
        label="+ Add extract"
        onClick={() => onChange({ extract: [...parts.extract, newExtract()] })}
      />
      <div className="request-limits">
        <TextField
          label="Think time (ms)"
          name={`${slug}-thinkMs`}
          hint="pause after this step"
          inputMode="decimal"
          placeholder="0"
          value={parts.thinkMs}
          onChange={(thinkMs) => onChange({ thinkMs })}
          problem={problems['thinkMs']}
        />
      </div>
    </Fold>
  )
}

function ExtractRow({
  row,
  label,
  problem,
  onChange,
  onRemove,
}: {
  row: ExtractDraft
  label: string
  problem: string | undefined
  onChange: (patch: Partial<ExtractDraft>) => void
  onRemove: () => void
}) {
  const noteId = useId()
  return (
    <div className="extract-row" data-testid="extract-row">
      <input
        aria-label={`${label} variable`}
        value={row.name}
        placeholder="token"
        onChange={(e) => onChange({ name: e.target.value })}
        {...invalidProps(problem, noteId)}
      />
      <select
        aria-label={`${label} from`}
        value={row.from}
        onChange={(e) => onChange({ from: e.target.value as ExtractFrom })}
      >
        {extractSources.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
      <input
        aria-label={`${label} expression`}
        value={row.expr}
        placeholder={extractPlaceholder[row.from]}
        onChange={(e) => onChange({ expr: e.target.value })}
        {...invalidProps(problem, noteId)}
      />
      <RemoveButton label={`remove ${label}`} onClick={onRemove} />
      <Problem problem={problem} id={noteId} />
    </div>
  )
}

/** The variables a request may use, as one short line under its fields. */
export function variablesHint(earlier: readonly string[], flow: boolean, data: boolean): string {
  const own = earlier.length
    ? earlier.map((n) => `{{${n}}}`).join(', ')
    : flow
      ? 'values earlier steps extract'
      : ''
  return [
    'Variables:',
    data ? '{{column}} of the data file,' : '',
    '{{uuid}}, {{seq}}, {{randomInt 1 100}}, {{now}}',
    own ? `· from earlier steps: ${own}` : '',
  ]
    .filter(Boolean)
    .join(' ')
}
