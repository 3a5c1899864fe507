import type { ProblemMap } from '../lib/problems'
import { thresholdPath, type ThresholdField } from '../suites/common/thresholds'
import { draftForm } from './draft-form'
import { TextField } from './fields'

/** A suite's threshold fields under their heading; an empty field sets no threshold. */
export function ThresholdFields<D>({
  fields,
  title = 'Thresholds (empty = none)',
  ...props
}: {
  fields: readonly ThresholdField<D>[]
  title?: string
  draft: D
  onChange: (draft: D) => void
  problems: ProblemMap
}) {
  const { text } = draftForm(props)
  return (
    <>
      <div className="subhead wide">{title}</div>
      {fields.map((f) => (
        <TextField
          key={f.threshold}
          label={f.label}
          inputMode="decimal"
          {...text(f.key, thresholdPath(f.threshold))}
          // named after the threshold (errorRate), not the draft's key (errorRatePct)
          name={f.threshold}
        />
      ))}
    </>
  )
}
