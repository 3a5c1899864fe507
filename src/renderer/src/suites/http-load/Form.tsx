import { useMemo } from 'react'
import { draftForm, FormGrid } from '../../components/draft-form'
import { ChoiceField, ListHead, RemoveButton, TextField } from '../../components/fields'
import { ThresholdFields } from '../../components/ThresholdFields'
import { Problem } from '../../components/ui'
import { patchAt, removeAt } from '../common/list-edit'
import { thresholdPath } from '../common/thresholds'
import type { FormProps } from '../types'
import {
  draftShape,
  httpMethods,
  httpThresholdFields,
  newRequest,
  newStage,
  type HttpLoadDraft,
  type HttpMethod,
  type RequestDraft,
  type StageDraft,
} from './draft'
import { rateShape } from './load-shape'
import { ImportRequestsButton } from './ImportRequests'
import './http-load.css'
import { LoadShapePreview } from './LoadShapePreview'

const CLAIMED = [
  'requests',
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

const MODELS = [
  { value: 'connections', label: 'Connections', name: 'model-connections' },
  { value: 'arrival-rate', label: 'Arrival rate', name: 'model-arrival-rate' },
] as const
const RATE_SHAPES = [
  { value: 'constant', label: 'Constant' },
  { value: 'stages', label: 'Stages' },
] as const
const ENGINES = [
  { value: 'native', label: 'Native', name: 'engine-native' },
  { value: 'autocannon', label: 'autocannon', name: 'engine-autocannon' },
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
  const staged = open && !draft.sweepOn && draft.rateShape === 'stages'
  const sweepPath = open ? 'sweep.rates' : 'sweep.connections'
  const setStage = (i: number, patch: Partial<StageDraft>): void =>
    set({ stages: patchAt(draft.stages, i, patch) })
  const shape = useMemo(() => (open ? rateShape(draftShape(draft)) : []), [open, draft])

  return (
    <FormGrid disabled={disabled} problems={problems} claimed={CLAIMED}>
      <ListHead
        title="Requests"
        addLabel="+ Add request"
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
      <Problem problem={p('requests')} wide />
      {draft.requests.map((r, i) => (
        <div className="request-row wide" key={i} data-testid={`request-${i}`}>
          <div className="request-line">
            <select
              aria-label={`request ${i + 1} method`}
              value={r.method}
              onChange={(e) => setRequest(i, { method: e.target.value as HttpMethod })}
            >
              {httpMethods.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
            <input
              aria-label={`request ${i + 1} path`}
              className={p(`requests[${i}].path`) ? 'invalid' : ''}
              value={r.path}
              placeholder="/items?page=1"
              onChange={(e) => setRequest(i, { path: e.target.value })}
            />
            {draft.requests.length > 1 ? (
              <RemoveButton
                label={`remove request ${i + 1}`}
                onClick={() => set({ requests: removeAt(draft.requests, i) })}
              />
            ) : null}
          </div>
          <Problem problem={p(`requests[${i}].path`)} />
          <div className="request-meta">
            <input
              aria-label={`request ${i + 1} name`}
              value={r.name}
              placeholder={`Name (default: ${r.method} ${r.path || '/'})`}
              onChange={(e) => setRequest(i, { name: e.target.value })}
            />
            <input
              aria-label={`request ${i + 1} weight`}
              inputMode="decimal"
              className={p(`requests[${i}].weight`) ? 'invalid' : ''}
              value={r.weight}
              placeholder="Weight 1"
              title="share of the mix: requests are picked in proportion to their weights"
              onChange={(e) => setRequest(i, { weight: e.target.value })}
            />
          </div>
          <Problem problem={p(`requests[${i}].weight`)} />
          {r.method !== 'GET' && r.method !== 'HEAD' ? (
            <textarea
              aria-label={`request ${i + 1} body`}
              rows={2}
              placeholder='Body, e.g. {"name":"x"}'
              value={r.body}
              onChange={(e) => setRequest(i, { body: e.target.value })}
            />
          ) : null}
          <textarea
            aria-label={`request ${i + 1} headers`}
            rows={1}
            placeholder="Headers: one “Name: value” per line"
            value={r.headers}
            className={p(`requests[${i}].headers`) ? 'invalid' : ''}
            onChange={(e) => setRequest(i, { headers: e.target.value })}
          />
          <Problem problem={p(`requests[${i}].headers`)} />
        </div>
      ))}

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
          hint={
            draft.engine === 'native'
              ? "PerfDesk's own HTTP/1.1 client: the fastest, any number of threads"
              : 'autocannon, in one thread'
          }
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
