import { draftForm, FormGrid, TextFields, type TextSpec } from '../../components/draft-form'
import { CheckField, TextField } from '../../components/fields'
import { ThresholdFields } from '../../components/ThresholdFields'
import { FieldGroup } from '../../components/ui'
import { thresholdPath } from '../common/thresholds'
import type { FormProps } from '../types'
import { redisOperations, redisThresholdFields, type RedisDraft } from './draft'

/** The steps of the matrix and how they are run. */
const MATRIX_FIELDS: readonly TextSpec<RedisDraft>[] = [
  {
    key: 'payloadBytes',
    label: 'Payload sizes',
    hint: 'bytes per command, e.g. 100, 1 KB, 10 KB, 100 KB',
  },
  { key: 'pipeline', label: 'Pipeline depths', hint: 'commands per round trip, e.g. 1, 16' },
  { key: 'clients', label: 'Clients', hint: 'concurrent connections', inputMode: 'numeric' },
  {
    key: 'threads',
    label: 'Generator threads',
    hint: 'threads the clients are split over; "auto" = one per core but one',
  },
  { key: 'durationSec', label: 'Seconds per step', inputMode: 'decimal' },
]

const HIT_RATE_FIELDS: readonly TextSpec<RedisDraft>[] = [
  { key: 'hrKeys', path: 'hitRate.keys', label: 'Distinct keys', inputMode: 'numeric' },
  {
    key: 'hrZipf',
    path: 'hitRate.zipf',
    label: 'Zipf exponent',
    hint: '0 = uniform; 1 = typical skew',
    inputMode: 'decimal',
  },
  {
    key: 'hrTtlSec',
    path: 'hitRate.ttlSec',
    label: 'TTL (s)',
    hint: 'empty = no TTL',
    inputMode: 'decimal',
  },
  { key: 'hrRequests', path: 'hitRate.requests', label: 'Requests', inputMode: 'numeric' },
  {
    key: 'hrValueBytes',
    path: 'hitRate.valueBytes',
    label: 'Value size (bytes)',
    inputMode: 'numeric',
  },
]

const CLAIMED = [
  'operations',
  'payloadBytes',
  'pipeline',
  'clients',
  'threads',
  'durationSec',
  'valueSample',
  'hitRate',
  ...redisThresholdFields.map((f) => thresholdPath(f.threshold)),
  'target',
  'kind',
]

export function RedisForm(props: FormProps<RedisDraft>) {
  const { draft, onChange, problems, disabled } = props
  const { set, problem: p, text } = draftForm(props)
  const toggle = (op: RedisDraft['operations'][number]): void =>
    set({
      operations: draft.operations.includes(op)
        ? draft.operations.filter((o) => o !== op)
        : redisOperations.filter((o) => o === op || draft.operations.includes(o)),
    })

  return (
    <FormGrid disabled={disabled} problems={problems} claimed={CLAIMED}>
      <div className="subhead wide">Matrix: every operation × payload size × pipeline depth</div>
      <FieldGroup label="Operations" problem={p('operations')} wide>
        <div className="check-row">
          {redisOperations.map((op) => (
            <label key={op} className="check">
              <input
                type="checkbox"
                name={`op-${op}`}
                checked={draft.operations.includes(op)}
                onChange={() => toggle(op)}
              />
              {op.toUpperCase()}
            </label>
          ))}
        </div>
      </FieldGroup>
      <TextFields fields={MATRIX_FIELDS} text={text} />

      <div className="subhead wide">Compression study</div>
      <TextField
        label="Value sample"
        hint="an example value: JSON text, or the path of a file; empty = generated JSON records"
        wide
        rows={3}
        placeholder={'{"id": 1, "status": "active", …}  or  /path/to/value.json'}
        {...text('valueSample')}
      />

      <div className="subhead wide">Hit-rate simulation (cache-aside, Zipf keys)</div>
      <CheckField
        name="hitRateOn"
        checked={draft.hitRateOn}
        onChange={(hitRateOn) => set({ hitRateOn })}
      >
        Replay GET-then-SET-on-miss against the server and compare with the expected hit rate
      </CheckField>
      {draft.hitRateOn ? (
        <>
          <TextFields fields={HIT_RATE_FIELDS} text={text} />
        </>
      ) : null}

      <ThresholdFields
        fields={redisThresholdFields}
        draft={draft}
        onChange={onChange}
        problems={problems}
      />
    </FormGrid>
  )
}
