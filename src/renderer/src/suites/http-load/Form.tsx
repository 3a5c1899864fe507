import { Field, ProblemList } from '../../components/ui'
import { unclaimed } from '../../lib/problems'
import type { FormProps } from '../types'
import {
  httpMethods,
  newRequest,
  type HttpLoadDraft,
  type HttpMethod,
  type RequestDraft,
} from './draft'

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
]

export function HttpLoadForm({ draft, onChange, problems, disabled }: FormProps<HttpLoadDraft>) {
  const set = (patch: Partial<HttpLoadDraft>): void => onChange({ ...draft, ...patch })
  const setRequest = (i: number, patch: Partial<RequestDraft>): void =>
    set({ requests: draft.requests.map((r, j) => (j === i ? { ...r, ...patch } : r)) })
  const p = (path: string): string | undefined => problems[path]

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
      <Field label="Connections" problem={p('connections')}>
        <input
          name="connections"
          inputMode="numeric"
          value={draft.connections}
          onChange={(e) => set({ connections: e.target.value })}
        />
      </Field>
      <Field label="Timeout (s)" problem={p('timeoutSec')}>
        <input
          name="timeoutSec"
          inputMode="decimal"
          value={draft.timeoutSec}
          onChange={(e) => set({ timeoutSec: e.target.value })}
        />
      </Field>
      <Field label="Stop after" wide>
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
      </Field>
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
