import { useMemo } from 'react'
import { draftForm, FormGrid } from '../../components/draft-form'
import { ChoiceField, ListHead, RemoveButton, TextField } from '../../components/fields'
import { ThresholdFields } from '../../components/ThresholdFields'
import { Problem } from '../../components/ui'
import { patchAt, removeAt } from '../common/list-edit'
import { thresholdPath } from '../common/thresholds'
import type { FormProps } from '../types'
import { DataFields } from './DataFields'
import {
  draftShape,
  extractedBefore,
  httpThresholdFields,
  newRequest,
  newStage,
  type HttpLoadDraft,
  type RequestDraft,
  type StageDraft,
} from './draft'
import { RequestRow } from './RequestRow'
import { rateShape } from './load-shape'
import { ImportRequestsButton } from './ImportRequests'
import './http-load.css'
import { LoadShapePreview } from './LoadShapePreview'

const CLAIMED = [
  'requests',
  'scenario',
  'data',
  'connections',
  'durationSec',
  'amount',
  'timeoutSec',
  ...httpThresholdFields.map((f) => thresholdPath(f.threshold)),
  'target',
  'kind',
  'model',
  'rate',
  'stages',
  'maxConnections',
  'sweep',
  'threads',
  'engine',
]

const SCENARIOS = [
  { value: 'mix', label: 'Mix (weighted)', name: 'scenario-mix' },
  { value: 'flow', label: 'Flow (steps in order)', name: 'scenario-flow' },
] as const
const MODELS = [
  { value: 'connections', label: 'Connections', name: 'model-connections' },
  { value: 'arrival-rate', label: 'Arrival rate', name: 'model-arrival-rate' },
] as const
const RATE_SHAPES = [
  { value: 'constant', label: 'Constant' },
  { value: 'stages', label: 'Stages' },
] as const
const ENGINES = [
  {
    value: 'native',
    label: 'Native',
    name: 'engine-native',
    hint: "PerfDesk's own HTTP/1.1 client: the fastest, any number of threads",
  },
  {
    value: 'autocannon',
    label: 'autocannon',
    name: 'engine-autocannon',
    hint: 'autocannon, in one thread',
  },
] as const
const STOP_BY = [
  { value: 'duration', label: 'Duration' },
  { value: 'amount', label: 'Requests' },
] as const

export function HttpLoadForm(props: FormProps<HttpLoadDraft>) {
  const { draft, onChange, problems, disabled } = props
  const { set, problem: p, text } = draftForm(props)
  const setRequest = (i: number, patch: Partial<RequestDraft>): void =>
    set({ requests: patchAt(draft.requests, i, patch) })
  const open = draft.model === 'arrival-rate'
  const flow = draft.scenario === 'flow'
  const staged = open && !draft.sweepOn && draft.rateShape === 'stages'
  const sweepPath = open ? 'sweep.rates' : 'sweep.connections'
  const setStage = (i: number, patch: Partial<StageDraft>): void =>
    set({ stages: patchAt(draft.stages, i, patch) })
  const shape = useMemo(() => (open ? rateShape(draftShape(draft)) : []), [open, draft])

  return (
    <FormGrid disabled={disabled} problems={problems} claimed={CLAIMED}>
      <ChoiceField
        label="Scenario"
        wide
        hint={
          flow
            ? open
              ? 'each arrival walks the steps in order on one connection (the rate counts walks per second); values extracted in a step are {{variables}} in the next'
              : 'each connection is a user walking the steps in order; values extracted in a step are {{variables}} in the next'
            : 'each request is picked in proportion to its weight'
        }
        choices={SCENARIOS}
        value={draft.scenario}
        onChange={(scenario) => set({ scenario })}
        problem={p('scenario')}
      />
      <ListHead
        title={flow ? 'Steps' : 'Requests'}
        addLabel={flow ? '+ Add step' : '+ Add request'}
        onAdd={() => set({ requests: [...draft.requests, newRequest()] })}
      >
        <ImportRequestsButton
          targetId={props.targetId}
          disabled={disabled}
          onApply={(requests, how) =>
            set({ requests: how === 'replace' ? requests : [...draft.requests, ...requests] })
          }
        />
      </ListHead>
      {/* its own problem only: each request's problems show in its row */}
      <Problem problem={problems['requests']} wide />
      {draft.requests.map((r, i) => (
        <RequestRow
          key={i}
          request={r}
          index={i}
          flow={flow}
          hasData={draft.dataFile.trim() !== ''}
          earlier={flow ? extractedBefore(draft.requests, i) : []}
          problems={problems}
          onChange={(patch) => setRequest(i, patch)}
          onRemove={
            draft.requests.length > 1
              ? () => set({ requests: removeAt(draft.requests, i) })
              : undefined
          }
        />
      ))}
      <DataFields draft={draft} set={set} problem={p} />

      <div className="subhead wide">Load</div>
      <ChoiceField
        label="Model"
        wide
        hint={
          open
            ? 'requests arrive on a schedule whatever the server does: latency as users see it'
            : 'each connection sends its next request when the last one is answered'
        }
        choices={MODELS}
        value={draft.model}
        onChange={(model) => set({ model })}
      />
      {!open ? (
        <TextField
          label="Connections"
          inputMode="numeric"
          disabled={draft.sweepOn}
          {...text('connections')}
        />
      ) : (
        <TextField
          label="Max connections"
          hint="empty: enough for the peak rate"
          inputMode="numeric"
          placeholder="auto"
          {...text('maxConnections')}
        />
      )}
      <TextField label="Timeout (s)" inputMode="decimal" {...text('timeoutSec')} />
      <TextField
        label="Generator threads"
        hint='a number, or "auto": one per core but one'
        placeholder="1"
        {...text('threads')}
      />
      {!open ? (
        <ChoiceField
          label="Engine"
          choices={ENGINES}
          value={draft.engine}
          onChange={(engine) => set({ engine })}
        />
      ) : null}
      {open && !draft.sweepOn ? (
        <ChoiceField
          label="Rate"
          wide
          choices={RATE_SHAPES}
          value={draft.rateShape}
          onChange={(rateShape) => set({ rateShape })}
        />
      ) : null}
      {open && !draft.sweepOn && !staged ? (
        <TextField label="Rate (req/s)" inputMode="decimal" {...text('rate')} />
      ) : null}
      {staged ? (
        <div className="wide stages" data-testid="stages">
          <TextField
            label="Ramp from (req/s)"
            hint="the rate the first stage starts at; empty = 0"
            inputMode="decimal"
            placeholder="0"
            {...text('startRate', 'rate')}
          />
          <div className="stage-row stage-head">
            <span>#</span>
            <span>Duration (s)</span>
            <span>Ramp to (req/s)</span>
            <span />
          </div>
          {draft.stages.map((st, i) => (
            <div key={i} className="stage-row" data-testid={`stage-${i}`}>
              <span className="muted">{i + 1}</span>
              <input
                aria-label={`stage ${i + 1} duration`}
                inputMode="decimal"
                className={p(`stages[${i}].durationSec`) ? 'invalid' : ''}
                value={st.durationSec}
                onChange={(e) => setStage(i, { durationSec: e.target.value })}
              />
              <input
                aria-label={`stage ${i + 1} rate`}
                inputMode="decimal"
                className={p(`stages[${i}].rate`) ? 'invalid' : ''}
                value={st.rate}
                onChange={(e) => setStage(i, { rate: e.target.value })}
              />
              {draft.stages.length > 1 ? (
                <RemoveButton
                  label={`remove stage ${i + 1}`}
                  onClick={() => set({ stages: removeAt(draft.stages, i) })}
                />
              ) : (
                <span />
              )}
              {p(`stages[${i}].durationSec`) || p(`stages[${i}].rate`) ? (
                <span className="field-problem" style={{ gridColumn: '2 / -1' }}>
                  {p(`stages[${i}].durationSec`) ?? p(`stages[${i}].rate`)}
                </span>
              ) : null}
            </div>
          ))}
          <Problem problem={p('stages')} />
          <div>
            <button
              type="button"
              className="btn small ghost"
              onClick={() => set({ stages: [...draft.stages, newStage()] })}
            >
              + Add stage
            </button>
          </div>
        </div>
      ) : null}
      <div className="wide">
        <label className="inline-check">
          <input
            type="checkbox"
            name="sweepOn"
            checked={draft.sweepOn}
            onChange={(e) => set({ sweepOn: e.target.checked })}
          />
          Sweep: one measurement per {open ? 'rate' : 'number of connections'}, to find the knee
        </label>
      </div>
      {draft.sweepOn ? (
        <TextField
          label={open ? 'Rates to sweep (req/s)' : 'Connections to sweep'}
          wide
          hint={open ? 'e.g. 100, 200, 400, 800' : 'e.g. 1, 4, 16, 64'}
          placeholder={open ? '100, 200, 400, 800' : '1, 4, 16, 64'}
          {...text('sweepLevels', sweepPath)}
          problem={p(sweepPath) ?? p('sweep')}
        />
      ) : null}
      {draft.sweepOn ? (
        <TextField label="Duration per level (s)" inputMode="decimal" {...text('durationSec')} />
      ) : staged ? null : (
        <>
          <ChoiceField
            label="Stop after"
            wide
            choices={STOP_BY}
            value={draft.stopBy}
            onChange={(stopBy) => set({ stopBy })}
          />
          {draft.stopBy === 'duration' ? (
            <TextField label="Duration (s)" inputMode="decimal" {...text('durationSec')} />
          ) : (
            <TextField label="Requests" inputMode="numeric" {...text('amount')} />
          )}
        </>
      )}
      {open ? (
        <div className="wide">
          <LoadShapePreview shape={shape} />
        </div>
      ) : null}

      <ThresholdFields
        fields={httpThresholdFields}
        draft={draft}
        onChange={onChange}
        problems={problems}
      />
    </FormGrid>
  )
}
