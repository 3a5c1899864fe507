import { Field, ProblemList } from '../../components/ui'
import { unclaimed } from '../../lib/problems'
import type { FormProps } from '../types'
import { redisOperations, type RedisDraft } from './draft'

const CLAIMED = [
  'operations',
  'payloadBytes',
  'pipeline',
  'clients',
  'durationSec',
  'valueSample',
  'hitRate',
  'thresholds.p99Ms',
  'thresholds.minOpsPerSec',
  'thresholds.minHitRate',
  'target',
  'kind',
]

export function RedisForm({ draft, onChange, problems, disabled }: FormProps<RedisDraft>) {
  const set = (patch: Partial<RedisDraft>): void => onChange({ ...draft, ...patch })
  const p = (path: string): string | undefined => problems[path]
  const toggle = (op: RedisDraft['operations'][number]): void =>
    set({
      operations: draft.operations.includes(op)
        ? draft.operations.filter((o) => o !== op)
        : redisOperations.filter((o) => o === op || draft.operations.includes(o)),
    })

  return (
    <fieldset className="form-grid" disabled={disabled}>
      <div className="subhead wide">Matrix: every operation × payload size × pipeline depth</div>
      <Field label="Operations" problem={p('operations')} wide>
        <div
          role="group"
          aria-label="operations"
          style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px' }}
        >
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
      </Field>
      <Field
        label="Payload sizes"
        problem={p('payloadBytes')}
        hint="bytes per command, e.g. 100, 1 KB, 10 KB, 100 KB"
      >
        <input
          name="payloadBytes"
          value={draft.payloadBytes}
          onChange={(e) => set({ payloadBytes: e.target.value })}
        />
      </Field>
      <Field
        label="Pipeline depths"
        problem={p('pipeline')}
        hint="commands per round trip, e.g. 1, 16"
      >
        <input
          name="pipeline"
          value={draft.pipeline}
          onChange={(e) => set({ pipeline: e.target.value })}
        />
      </Field>
      <Field label="Clients" problem={p('clients')} hint="concurrent connections">
        <input
          name="clients"
          inputMode="numeric"
          value={draft.clients}
          onChange={(e) => set({ clients: e.target.value })}
        />
      </Field>
      <Field label="Seconds per step" problem={p('durationSec')}>
        <input
          name="durationSec"
          inputMode="decimal"
          value={draft.durationSec}
          onChange={(e) => set({ durationSec: e.target.value })}
        />
      </Field>

      <div className="subhead wide">Compression study</div>
      <Field
        label="Value sample"
        problem={p('valueSample')}
        hint="an example value: JSON text, or the path of a file; empty = generated JSON records"
        wide
      >
        <textarea
          name="valueSample"
          rows={3}
          value={draft.valueSample}
          placeholder={'{"id": 1, "status": "active", …}  or  /path/to/value.json'}
          onChange={(e) => set({ valueSample: e.target.value })}
        />
      </Field>

      <div className="subhead wide">Hit-rate simulation (cache-aside, Zipf keys)</div>
      <label className="check wide">
        <input
          type="checkbox"
          name="hitRateOn"
          checked={draft.hitRateOn}
          onChange={(e) => set({ hitRateOn: e.target.checked })}
        />
        Replay GET-then-SET-on-miss against the server and compare with the expected hit rate
      </label>
      {draft.hitRateOn ? (
        <>
          <Field label="Distinct keys" problem={p('hitRate.keys')}>
            <input
              name="hrKeys"
              inputMode="numeric"
              value={draft.hrKeys}
              onChange={(e) => set({ hrKeys: e.target.value })}
            />
          </Field>
          <Field
            label="Zipf exponent"
            problem={p('hitRate.zipf')}
            hint="0 = uniform; 1 = typical skew"
          >
            <input
              name="hrZipf"
              inputMode="decimal"
              value={draft.hrZipf}
              onChange={(e) => set({ hrZipf: e.target.value })}
            />
          </Field>
          <Field label="TTL (s)" problem={p('hitRate.ttlSec')} hint="empty = no TTL">
            <input
              name="hrTtlSec"
              inputMode="decimal"
              value={draft.hrTtlSec}
              onChange={(e) => set({ hrTtlSec: e.target.value })}
            />
          </Field>
          <Field label="Requests" problem={p('hitRate.requests')}>
            <input
              name="hrRequests"
              inputMode="numeric"
              value={draft.hrRequests}
              onChange={(e) => set({ hrRequests: e.target.value })}
            />
          </Field>
          <Field label="Value size (bytes)" problem={p('hitRate.valueBytes')}>
            <input
              name="hrValueBytes"
              inputMode="numeric"
              value={draft.hrValueBytes}
              onChange={(e) => set({ hrValueBytes: e.target.value })}
            />
          </Field>
        </>
      ) : null}

      <div className="subhead wide">Thresholds (empty = none)</div>
      <Field label="p99 ≤ (ms), every cell" problem={p('thresholds.p99Ms')}>
        <input
          name="p99Ms"
          inputMode="decimal"
          value={draft.p99Ms}
          onChange={(e) => set({ p99Ms: e.target.value })}
        />
      </Field>
      <Field label="ops/s ≥, every cell" problem={p('thresholds.minOpsPerSec')}>
        <input
          name="minOpsPerSec"
          inputMode="decimal"
          value={draft.minOpsPerSec}
          onChange={(e) => set({ minOpsPerSec: e.target.value })}
        />
      </Field>
      <Field label="Hit rate ≥ (%)" problem={p('thresholds.minHitRate')}>
        <input
          name="minHitRate"
          inputMode="decimal"
          value={draft.minHitRatePct}
          onChange={(e) => set({ minHitRatePct: e.target.value })}
        />
      </Field>
      <div className="wide">
        <ProblemList problems={unclaimed(problems, CLAIMED)} />
      </div>
    </fieldset>
  )
}
