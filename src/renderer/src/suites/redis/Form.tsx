import { draftForm, FormGrid } from '../../components/draft-form'
import { CheckField, TextField } from '../../components/fields'
import { ThresholdFields } from '../../components/ThresholdFields'
import { FieldGroup } from '../../components/ui'
import { thresholdPath } from '../common/thresholds'
import type { FormProps } from '../types'
import { redisOperations, redisThresholdFields, type RedisDraft } from './draft'

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
      <TextField
        label="Payload sizes"
        hint="bytes per command, e.g. 100, 1 KB, 10 KB, 100 KB"
        {...text('payloadBytes')}
      />
      <TextField
        label="Pipeline depths"
        hint="commands per round trip, e.g. 1, 16"
        {...text('pipeline')}
      />
      <TextField
        label="Clients"
        hint="concurrent connections"
        inputMode="numeric"
        {...text('clients')}
      />
      <TextField
        label="Generator threads"
        hint='threads the clients are split over; "auto" = one per core but one'
        {...text('threads')}
      />
      <TextField label="Seconds per step" inputMode="decimal" {...text('durationSec')} />

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
          <TextField
            label="Distinct keys"
            inputMode="numeric"
            {...text('hrKeys', 'hitRate.keys')}
          />
          <TextField
            label="Zipf exponent"
            hint="0 = uniform; 1 = typical skew"
            inputMode="decimal"
            {...text('hrZipf', 'hitRate.zipf')}
          />
          <TextField
            label="TTL (s)"
            hint="empty = no TTL"
            inputMode="decimal"
            {...text('hrTtlSec', 'hitRate.ttlSec')}
          />
          <TextField
            label="Requests"
            inputMode="numeric"
            {...text('hrRequests', 'hitRate.requests')}
          />
          <TextField
            label="Value size (bytes)"
            inputMode="numeric"
            {...text('hrValueBytes', 'hitRate.valueBytes')}
          />
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
