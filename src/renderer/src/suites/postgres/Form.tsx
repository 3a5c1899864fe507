import { draftForm, FormGrid } from '../../components/draft-form'
import { CheckField, ChoiceField, ListHead, RemoveButton, TextField } from '../../components/fields'
import { ThresholdFields } from '../../components/ThresholdFields'
import { Problem } from '../../components/ui'
import { patchAt, removeAt } from '../common/list-edit'
import { thresholdPath } from '../common/thresholds'
import type { FormProps } from '../types'
import { newQuery, postgresThresholdFields, type PostgresDraft, type QueryDraft } from './draft'

const CLAIMED = [
  'queries',
  'poolSizes',
  'clients',
  'durationSec',
  'threads',
  'explain',
  'allowWrites',
  'whatIf',
  ...postgresThresholdFields.map((f) => thresholdPath(f.threshold)),
  'target',
  'kind',
]

const EXPLAIN = [
  { value: 'off', label: 'Off' },
  { value: 'plan', label: 'EXPLAIN' },
  { value: 'analyze', label: 'EXPLAIN ANALYZE (runs each query once)' },
] as const

export function PostgresForm(props: FormProps<PostgresDraft>) {
  const { draft, onChange, problems, disabled } = props
  const { set, problem: p, text } = draftForm(props)
  const setQuery = (i: number, patch: Partial<QueryDraft>): void =>
    set({ queries: patchAt(draft.queries, i, patch) })

  return (
    <FormGrid disabled={disabled} problems={problems} claimed={CLAIMED}>
      <ListHead
        title="Queries"
        addLabel="+ Add query"
        onAdd={() => set({ queries: [...draft.queries, newQuery(draft.queries.length + 1)] })}
      />
      <Problem problem={p('queries')} wide />
      {draft.queries.map((q, i) => (
        <div className="request-row wide pg-query" key={i} data-testid={`query-${i}`}>
          <div className="request-line">
            <input
              aria-label={`query ${i + 1} name`}
              className={p(`queries[${i}].name`) ? 'invalid' : ''}
              value={q.name}
              placeholder="orders by customer"
              onChange={(e) => setQuery(i, { name: e.target.value })}
            />
            <span className="muted pg-weight-label">weight</span>
            <input
              aria-label={`query ${i + 1} weight`}
              inputMode="decimal"
              title="weight in the mix"
              value={q.weight}
              onChange={(e) => setQuery(i, { weight: e.target.value })}
            />
            {draft.queries.length > 1 ? (
              <RemoveButton
                label={`remove query ${i + 1}`}
                onClick={() => set({ queries: removeAt(draft.queries, i) })}
              />
            ) : null}
          </div>
          <Problem problem={p(`queries[${i}].name`)} />
          <textarea
            aria-label={`query ${i + 1} SQL`}
            className={`mono${p(`queries[${i}].sql`) ? ' invalid' : ''}`}
            rows={3}
            spellCheck={false}
            placeholder="SELECT id, total FROM orders WHERE customer_id = $1"
            value={q.sql}
            onChange={(e) => setQuery(i, { sql: e.target.value })}
          />
          <Problem problem={p(`queries[${i}].sql`)} />
          <input
            aria-label={`query ${i + 1} params`}
            className={`mono${p(`queries[${i}].params`) ? ' invalid' : ''}`}
            placeholder='Params ($1, $2…) as JSON: [{"randomInt": [1, 1000]}, {"pick": ["a", "b"]}]'
            value={q.params}
            onChange={(e) => setQuery(i, { params: e.target.value })}
          />
          <Problem problem={p(`queries[${i}].params`)} />
          <Problem problem={p(`queries[${i}].weight`)} />
        </div>
      ))}

      <div className="subhead wide">Sweep</div>
      <TextField
        label="Pool sizes"
        hint="one step per size, e.g. 5, 10, 20, 50"
        {...text('poolSizes')}
      />
      <TextField
        label="Clients"
        hint="concurrent virtual users"
        inputMode="numeric"
        {...text('clients')}
      />
      <TextField label="Duration per step (s)" inputMode="decimal" {...text('durationSec')} />
      <TextField
        label="Generator threads"
        hint='clients and pool split over threads; "auto" = one per core but one'
        {...text('threads')}
      />
      <ChoiceField
        label="Query plans"
        problem={p('explain')}
        wide
        choices={EXPLAIN}
        value={draft.explain}
        onChange={(explain) => set({ explain })}
      />
      <CheckField
        name="allowWrites"
        checked={draft.allowWrites}
        onChange={(allowWrites) => set({ allowWrites, whatIf: allowWrites && draft.whatIf })}
      >
        Allow writes: queries may modify this database (otherwise sessions are read-only and write
        queries are refused)
      </CheckField>
      <CheckField
        name="whatIf"
        checked={draft.whatIf}
        disabled={!draft.allowWrites}
        onChange={(whatIf) => set({ whatIf })}
      >
        What-if: create each proposed index inside a rolled-back transaction and compare plan costs
        (needs writes; locks the table against writers while the index builds)
      </CheckField>
      <Problem problem={p('whatIf')} wide />

      <ThresholdFields
        title="Thresholds (empty = none), checked on the recommended pool"
        fields={postgresThresholdFields}
        draft={draft}
        onChange={onChange}
        problems={problems}
      />
    </FormGrid>
  )
}
