import { Field, ProblemList } from '../../components/ui'
import { unclaimed } from '../../lib/problems'
import type { FormProps } from '../types'
import { newQuery, type PostgresDraft, type QueryDraft } from './draft'

const CLAIMED = [
  'queries',
  'poolSizes',
  'clients',
  'durationSec',
  'explain',
  'allowWrites',
  'whatIf',
  'thresholds.p95Ms',
  'thresholds.p99Ms',
  'thresholds.minTps',
  'thresholds.errorRate',
  'target',
  'kind',
]

export function PostgresForm({ draft, onChange, problems, disabled }: FormProps<PostgresDraft>) {
  const set = (patch: Partial<PostgresDraft>): void => onChange({ ...draft, ...patch })
  const setQuery = (i: number, patch: Partial<QueryDraft>): void =>
    set({ queries: draft.queries.map((q, j) => (j === i ? { ...q, ...patch } : q)) })
  const p = (path: string): string | undefined => problems[path]

  return (
    <fieldset className="form-grid" disabled={disabled}>
      <div className="subhead wide">
        Queries
        <button
          type="button"
          className="btn small ghost"
          onClick={() => set({ queries: [...draft.queries, newQuery(draft.queries.length + 1)] })}
        >
          + Add query
        </button>
      </div>
      {p('queries') ? <div className="field-problem wide">{p('queries')}</div> : null}
      {draft.queries.map((q, i) => (
        <div className="request-row wide pg-query" key={i} data-testid={`query-${i}`}>
          <div className="request-line">
            <input
              aria-label={`query ${i + 1} name`}
              style={{ flex: 1 }}
              className={p(`queries[${i}].name`) ? 'invalid' : ''}
              value={q.name}
              placeholder="orders by customer"
              onChange={(e) => setQuery(i, { name: e.target.value })}
            />
            <span className="muted pg-weight-label">weight</span>
            <input
              aria-label={`query ${i + 1} weight`}
              className="pg-weight"
              inputMode="decimal"
              title="weight in the mix"
              value={q.weight}
              onChange={(e) => setQuery(i, { weight: e.target.value })}
            />
            {draft.queries.length > 1 ? (
              <button
                type="button"
                className="btn small ghost"
                aria-label={`remove query ${i + 1}`}
                onClick={() => set({ queries: draft.queries.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
            ) : null}
          </div>
          {p(`queries[${i}].name`) ? (
            <span className="field-problem">{p(`queries[${i}].name`)}</span>
          ) : null}
          <textarea
            aria-label={`query ${i + 1} SQL`}
            className={`mono${p(`queries[${i}].sql`) ? ' invalid' : ''}`}
            rows={3}
            spellCheck={false}
            placeholder="SELECT id, total FROM orders WHERE customer_id = $1"
            value={q.sql}
            onChange={(e) => setQuery(i, { sql: e.target.value })}
          />
          {p(`queries[${i}].sql`) ? (
            <span className="field-problem" role="alert">
              {p(`queries[${i}].sql`)}
            </span>
          ) : null}
          <input
            aria-label={`query ${i + 1} params`}
            className={`mono${p(`queries[${i}].params`) ? ' invalid' : ''}`}
            placeholder='Params ($1, $2…) as JSON: [{"randomInt": [1, 1000]}, {"pick": ["a", "b"]}]'
            value={q.params}
            onChange={(e) => setQuery(i, { params: e.target.value })}
          />
          {p(`queries[${i}].params`) ? (
            <span className="field-problem">{p(`queries[${i}].params`)}</span>
          ) : null}
          {p(`queries[${i}].weight`) ? (
            <span className="field-problem">{p(`queries[${i}].weight`)}</span>
          ) : null}
        </div>
      ))}

      <div className="subhead wide">Sweep</div>
      <Field
        label="Pool sizes"
        problem={p('poolSizes')}
        hint="one step per size, e.g. 5, 10, 20, 50"
      >
        <input
          name="poolSizes"
          value={draft.poolSizes}
          onChange={(e) => set({ poolSizes: e.target.value })}
        />
      </Field>
      <Field label="Clients" problem={p('clients')} hint="concurrent virtual users">
        <input
          name="clients"
          inputMode="numeric"
          value={draft.clients}
          onChange={(e) => set({ clients: e.target.value })}
        />
      </Field>
      <Field label="Duration per step (s)" problem={p('durationSec')}>
        <input
          name="durationSec"
          inputMode="decimal"
          value={draft.durationSec}
          onChange={(e) => set({ durationSec: e.target.value })}
        />
      </Field>
      <Field label="Query plans" problem={p('explain')} wide>
        <div className="segmented">
          {(['off', 'plan', 'analyze'] as const).map((m) => (
            <button
              type="button"
              key={m}
              className={draft.explain === m ? 'on' : ''}
              onClick={() => set({ explain: m })}
            >
              {m === 'off'
                ? 'Off'
                : m === 'plan'
                  ? 'EXPLAIN'
                  : 'EXPLAIN ANALYZE (runs each query once)'}
            </button>
          ))}
        </div>
      </Field>
      <label className="check wide">
        <input
          type="checkbox"
          name="allowWrites"
          checked={draft.allowWrites}
          onChange={(e) =>
            set({ allowWrites: e.target.checked, whatIf: e.target.checked && draft.whatIf })
          }
        />
        Allow writes: queries may modify this database (otherwise sessions are read-only and write
        queries are refused)
      </label>
      <label className="check wide">
        <input
          type="checkbox"
          name="whatIf"
          checked={draft.whatIf}
          disabled={!draft.allowWrites}
          onChange={(e) => set({ whatIf: e.target.checked })}
        />
        What-if: create each proposed index inside a rolled-back transaction and compare plan costs
        (needs writes; locks the table against writers while the index builds)
      </label>
      {p('whatIf') ? <div className="field-problem wide">{p('whatIf')}</div> : null}

      <div className="subhead wide">Thresholds (empty = none), checked on the recommended pool</div>
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
      <Field label="Throughput ≥ (TPS)" problem={p('thresholds.minTps')}>
        <input
          name="minTps"
          inputMode="decimal"
          value={draft.minTps}
          onChange={(e) => set({ minTps: e.target.value })}
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
      <div className="wide">
        <ProblemList problems={unclaimed(problems, CLAIMED)} />
      </div>
    </fieldset>
  )
}
