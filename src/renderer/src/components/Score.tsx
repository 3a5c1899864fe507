import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react'
import type { Score } from '@shared/index'
import { num } from '../lib/format'

const digits = (p: number): number => (Number.isInteger(p) ? 0 : 1)
const points = (p: number): string =>
  p > 0 ? `+${num(p, digits(p))}` : p < 0 ? `−${num(-p, digits(p))}` : '0'

/**
 * What the score is made of: 100, minus what each item cost. The sum is shown and checked, so a
 * score that does not add up says so rather than hiding it.
 */
export function ScoreBreakdown({ score }: { score: Score }) {
  const sum = 100 + score.items.reduce((s, it) => s + it.points, 0)
  const addsUp = Math.abs(sum - score.value) < 0.05
  return (
    <div className="score-breakdown" data-testid="score-breakdown">
      <p className="muted">{score.basis}</p>
      <table className="table compact">
        <tbody>
          <tr>
            <td>Start</td>
            <td className="num">100</td>
            <td className="muted">every score starts full</td>
          </tr>
          {score.items.map((it, i) => (
            <tr key={i} data-score-item={i}>
              <td>{it.label}</td>
              <td className={`num ${it.points < 0 ? 'delta-worse' : ''}`}>{points(it.points)}</td>
              <td className="muted">{it.reason}</td>
            </tr>
          ))}
          {score.items.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                Nothing cost any points.
              </td>
            </tr>
          ) : null}
          <tr className="score-total">
            <td>Score</td>
            <td className="num" data-testid="score-sum">
              {num(sum, Number.isInteger(sum) ? 0 : 1)}
            </td>
            <td className={addsUp ? 'muted' : 'field-problem'}>
              {addsUp
                ? `= 100 ${score.items.map((it) => (it.points < 0 ? `− ${num(-it.points, digits(it.points))}` : `+ ${num(it.points, digits(it.points))}`)).join(' ')}`
                : `the items add up to ${num(sum, 1)}, but the score is ${num(score.value, 1)}`}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  )
}

/** A popover that closes on Escape or a click elsewhere. */
function usePopover(): [boolean, (open: boolean) => void, RefObject<HTMLDivElement | null>] {
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent): void => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])
  return [open, setOpen, ref]
}

/**
 * A button that opens what the score is made of below it. `inRow`: it sits in a clickable table
 * row, so its clicks and keys stop here instead of opening the row.
 */
function ScoreToggle({
  wrapClass,
  buttonClass,
  popoverClass,
  testId,
  inRow = false,
  onOpen,
  label,
  children,
}: {
  wrapClass: string
  buttonClass: string
  popoverClass: string
  testId?: string
  inRow?: boolean
  onOpen?: () => void
  /** the button's content, open or closed */
  label: (open: boolean) => ReactNode
  children: ReactNode
}) {
  const [open, setOpen, ref] = usePopover()
  const stop = inRow ? (e: { stopPropagation(): void }) => e.stopPropagation() : undefined
  return (
    <div className={wrapClass} ref={ref}>
      <button
        type="button"
        className={buttonClass}
        aria-expanded={open}
        data-testid={testId}
        title="What the score is made of"
        onClick={(e) => {
          stop?.(e)
          setOpen(!open)
          if (!open) onOpen?.()
        }}
        onKeyDown={stop}
      >
        {label(open)}
      </button>
      {open ? (
        <div className={popoverClass} role="dialog" aria-label="score explanation" onClick={stop}>
          {children}
        </div>
      ) : null}
    </div>
  )
}

/** The score tile of a run's header; a click shows what cost points. */
export function ScoreTile({ score }: { score: Score }) {
  return (
    <ScoreToggle
      wrapClass="score-wrap"
      buttonClass="score"
      popoverClass="popover"
      testId="score-tile"
      label={(open) => (
        <>
          <span className="score-value">{num(score.value)}</span>
          <span className="score-label">score {open ? '▴' : '▾'}</span>
        </>
      )}
    >
      <ScoreBreakdown score={score} />
    </ScoreToggle>
  )
}

/**
 * The score in a history row: the number, and on click the breakdown, fetched then (a summary
 * carries only the number).
 */
export function ScoreCell({
  value,
  load,
}: {
  value: number | null
  load: () => Promise<Score | null>
}) {
  const [score, setScore] = useState<Score | null | 'error'>(null)
  if (value === null) return <>–</>
  return (
    <ScoreToggle
      wrapClass="score-wrap score-cell"
      buttonClass="btn ghost small"
      popoverClass="popover right"
      inRow
      onOpen={() => {
        if (score === null || score === 'error') {
          load().then(
            (s) => setScore(s),
            () => setScore('error'),
          )
        }
      }}
      label={() => <>{num(value)} ▾</>}
    >
      {score === 'error' ? (
        <p className="field-problem">Could not load the run.</p>
      ) : score ? (
        <ScoreBreakdown score={score} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </ScoreToggle>
  )
}
