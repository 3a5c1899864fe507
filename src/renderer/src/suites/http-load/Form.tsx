import { useMemo } from 'react'
import { Field, FieldGroup, ProblemList } from '../../components/ui'
import { unclaimed } from '../../lib/problems'
import type { FormProps } from '../types'
import {
  draftShape,
  httpMethods,
  newRequest,
  newStage,
  type HttpLoadDraft,
  type HttpMethod,
  type RequestDraft,
  type StageDraft,
} from './draft'
import { rateShape } from './load-shape'
import { LoadShapePreview } from './LoadShapePreview'

const CLAIMED = [
  'requests',
  'connections',
  'durationSec',
  'amount',
  'timeoutSec',
  'thresholds.p95Ms',
  'thresholds.p99Ms',
  'thresholds.errorRate',
  'thresholds.minRps',
  'target',
  'kind',
  'model',
  'rate',
  'stages',
  'maxConnections',
  'sweep',
]

export function HttpLoadForm({ draft, onChange, problems, disabled }: FormProps<HttpLoadDraft>) {
  const set = (patch: Partial<HttpLoadDraft>): void => onChange({ ...draft, ...patch })
  const setRequest = (i: number, patch: Partial<RequestDraft>): void =>
    set({ requests: draft.requests.map((r, j) => (j === i ? { ...r, ...patch } : r)) })
  const p = (path: string): string | undefined => problems[path]
  const open = draft.model === 'arrival-rate'
  const staged = open && !draft.sweepOn && draft.rateShape === 'stages'
  const sweepPath = open ? 'sweep.rates' : 'sweep.connections'
  const setStage = (i: number, patch: Partial<StageDraft>): void =>
    set({ stages: draft.stages.map((st, j) => (j === i ? { ...st, ...patch } : st)) })
  const shape = useMemo(() => (open ? rateShape(draftShape(draft)) : []), [open, draft])

  return (
    <fieldset className="form-grid" disabled={disabled}>
      <div className="subhead wide">
        Requests
        <button
          type="button"
          className="btn small ghost"
          onClick={() => set({ requests: [...draft.requests, newRequest()] })}
        >
          + Add request
        </button>
      </div>
      {p('requests') ? <div className="field-problem wide">{p('requests')}</div> : null}
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
              <button
                type="button"
                className="btn small ghost"
                aria-label={`remove request ${i + 1}`}
                onClick={() => set({ requests: draft.requests.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
            ) : null}
          </div>
          {p(`requests[${i}].path`) ? (
            <span className="field-problem">{p(`requests[${i}].path`)}</span>
          ) : null}
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
          {p(`requests[${i}].headers`) ? (
            <span className="field-problem">{p(`requests[${i}].headers`)}</span>
          ) : null}
        </div>
      ))}

      <div className="subhead wide">Load</div>
      <FieldGroup
        label="Model"
        wide
        hint={
          open
            ? 'requests arrive on a schedule whatever the server does: latency as users see it'
            : 'each connection sends its next request when the last one is answered'
        }
      >
        <div className="segmented">
          <button
            type="button"
            name="model-connections"
            aria-pressed={!open}
            className={!open ? 'on' : ''}
            onClick={() => set({ model: 'connections' })}
          >
            Connections
          </button>
          <button
            type="button"
            name="model-arrival-rate"
            aria-pressed={open}
            className={open ? 'on' : ''}
            onClick={() => set({ model: 'arrival-rate' })}
          >
            Arrival rate
          </button>
        </div>
      </FieldGroup>
      {!open ? (
        <Field label="Connections" problem={p('connections')}>
          <input
            name="connections"
            inputMode="numeric"
            value={draft.connections}
            disabled={draft.sweepOn}
            onChange={(e) => set({ connections: e.target.value })}
          />
        </Field>
      ) : (
        <Field
          label="Max connections"
          hint="empty: enough for the peak rate"
          problem={p('maxConnections')}
        >
          <input
            name="maxConnections"
            inputMode="numeric"
            placeholder="auto"
            value={draft.maxConnections}
            onChange={(e) => set({ maxConnections: e.target.value })}
          />
        </Field>
      )}
      <Field label="Timeout (s)" problem={p('timeoutSec')}>
        <input
          name="timeoutSec"
          inputMode="decimal"
          value={draft.timeoutSec}
          onChange={(e) => set({ timeoutSec: e.target.value })}
        />
      </Field>
      {open && !draft.sweepOn ? (
        <FieldGroup label="Rate" wide>
          <div className="segmented">
            <button
              type="button"
              aria-pressed={!staged}
              className={!staged ? 'on' : ''}
              onClick={() => set({ rateShape: 'constant' })}
            >
              Constant
            </button>
            <button
              type="button"
              aria-pressed={staged}
              className={staged ? 'on' : ''}
              onClick={() => set({ rateShape: 'stages' })}
            >
              Stages
            </button>
          </div>
        </FieldGroup>
      ) : null}
      {open && !draft.sweepOn && !staged ? (
        <Field label="Rate (req/s)" problem={p('rate')}>
          <input
            name="rate"
            inputMode="decimal"
            value={draft.rate}
            onChange={(e) => set({ rate: e.target.value })}
          />
        </Field>
      ) : null}
      {staged ? (
        <div className="wide stages" data-testid="stages">
          <Field
            label="Ramp from (req/s)"
            hint="the rate the first stage starts at; empty = 0"
            problem={p('rate')}
          >
            <input
              name="startRate"
              inputMode="decimal"
              placeholder="0"
              value={draft.startRate}
              onChange={(e) => set({ startRate: e.target.value })}
            />
          </Field>
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
                <button
                  type="button"
                  className="btn small ghost"
                  aria-label={`remove stage ${i + 1}`}
                  onClick={() => set({ stages: draft.stages.filter((_, j) => j !== i) })}
                >
                  ✕
                </button>
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
          {p('stages') ? <span className="field-problem">{p('stages')}</span> : null}
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
        <Field
          label={open ? 'Rates to sweep (req/s)' : 'Connections to sweep'}
          wide
          hint={open ? 'e.g. 100, 200, 400, 800' : 'e.g. 1, 4, 16, 64'}
          problem={p(sweepPath) ?? p('sweep')}
        >
          <input
            name="sweepLevels"
            value={draft.sweepLevels}
            placeholder={open ? '100, 200, 400, 800' : '1, 4, 16, 64'}
            onChange={(e) => set({ sweepLevels: e.target.value })}
          />
        </Field>
      ) : null}
      {draft.sweepOn ? (
        <Field label="Duration per level (s)" problem={p('durationSec')}>
          <input
            name="durationSec"
            inputMode="decimal"
            value={draft.durationSec}
            onChange={(e) => set({ durationSec: e.target.value })}
          />
        </Field>
      ) : staged ? null : (
        <>
          <FieldGroup label="Stop after" wide>
            <div className="segmented">
              <button
                type="button"
                className={draft.stopBy === 'duration' ? 'on' : ''}
                onClick={() => set({ stopBy: 'duration' })}
              >
                Duration
              </button>
              <button
                type="button"
                className={draft.stopBy === 'amount' ? 'on' : ''}
                onClick={() => set({ stopBy: 'amount' })}
              >
                Requests
              </button>
            </div>
          </FieldGroup>
          {draft.stopBy === 'duration' ? (
            <Field label="Duration (s)" problem={p('durationSec')}>
              <input
                name="durationSec"
                inputMode="decimal"
                value={draft.durationSec}
                onChange={(e) => set({ durationSec: e.target.value })}
              />
            </Field>
          ) : (
            <Field label="Requests" problem={p('amount')}>
              <input
                name="amount"
                inputMode="numeric"
                value={draft.amount}
                onChange={(e) => set({ amount: e.target.value })}
              />
            </Field>
          )}
        </>
      )}
      {open ? (
        <div className="wide">
          <LoadShapePreview shape={shape} />
        </div>
      ) : null}

      <div className="subhead wide">Thresholds (empty = none)</div>
      <Field label="p95 ≤ (ms)" problem={p('thresholds.p95Ms')}>
        <input
          name="p95Ms"
          inputMode="decimal"
          value={draft.p95Ms}
          onChange={(e) => set({ p95Ms: e.target.value })}
        />
      </Field>
      <Field label="p99 ≤ (ms)" problem={p('thresholds.p99Ms')}>
        <input
          name="p99Ms"
          inputMode="decimal"
          value={draft.p99Ms}
          onChange={(e) => set({ p99Ms: e.target.value })}
        />
      </Field>
      <Field label="Errors ≤ (%)" problem={p('thresholds.errorRate')}>
        <input
          name="errorRate"
          inputMode="decimal"
          value={draft.errorRatePct}
          onChange={(e) => set({ errorRatePct: e.target.value })}
        />
      </Field>
      <Field label="Throughput ≥ (req/s)" problem={p('thresholds.minRps')}>
        <input
          name="minRps"
          inputMode="decimal"
          value={draft.minRps}
          onChange={(e) => set({ minRps: e.target.value })}
        />
      </Field>
      <div className="wide">
        <ProblemList problems={unclaimed(problems, CLAIMED)} />
      </div>
    </fieldset>
  )
}
