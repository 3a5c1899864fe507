import { draftForm, FormGrid, TextFields, type TextSpec } from '../../components/draft-form'
import { CheckField, TextField } from '../../components/fields'
import { Problem } from '../../components/ui'
import type { FormProps } from '../types'
import type { PgHealthDraft } from './draft'

const CLAIMED = [
  'statementTimeoutMs',
  'limit',
  'limits',
  'backupCheck',
  'allowWrites',
  'rtoSec',
  'target',
  'kind',
]

/** The session's limits and the thresholds of the findings. */
const FIELDS: readonly TextSpec<PgHealthDraft>[] = [
  {
    key: 'statementTimeoutMs',
    label: 'Statement timeout (ms)',
    hint: 'every read is cancelled after this',
    inputMode: 'numeric',
  },
  { key: 'limit', label: 'Rows per list', inputMode: 'numeric' },
  {
    key: 'idleInTransactionSec',
    path: 'limits.idleInTransactionSec',
    label: 'Idle in transaction after (s)',
    inputMode: 'decimal',
  },
  {
    key: 'longRunningSec',
    path: 'limits.longRunningSec',
    label: 'Long-running after (s)',
    inputMode: 'decimal',
  },
  {
    key: 'largeTableRows',
    path: 'limits.largeTableRows',
    label: 'Large table from (rows)',
    hint: 'for sequential-scan findings',
    inputMode: 'numeric',
  },
]

export function PgHealthForm(props: FormProps<PgHealthDraft>) {
  const { draft, problems, disabled } = props
  const { set, problem: p, text } = draftForm(props)
  return (
    <FormGrid disabled={disabled} problems={problems} claimed={CLAIMED}>
      <p className="muted wide">
        Reads the catalogs and statistics views in a read-only session: indexes, dead tuples,
        statistics, sessions, transaction-id age, sequences, connections, cache — each finding with
        the SQL that fixes it. Safe on production: no table is scanned or locked.
      </p>
      <TextFields fields={FIELDS} text={text} />
      <div className="subhead wide">Backup check</div>
      <CheckField
        name="backupCheck"
        checked={draft.backupCheck}
        onChange={(backupCheck) =>
          set({ backupCheck, allowWrites: backupCheck || draft.allowWrites })
        }
      >
        pg_dump this database, restore it into a scratch database perfdesk_restore_&lt;run&gt;
        (always dropped afterwards) and compare every table&apos;s row count
      </CheckField>
      {draft.backupCheck ? (
        <>
          <CheckField
            name="allowWrites"
            checked={draft.allowWrites}
            onChange={(allowWrites) => set({ allowWrites })}
          >
            Allow the suite to create and drop that scratch database on this server
          </CheckField>
          <Problem problem={p('backupCheck')} wide />
          <TextField
            label="Restore objective (s)"
            hint="a slower restore is a finding; empty = none"
            inputMode="decimal"
            {...text('rtoSec')}
          />
        </>
      ) : null}
    </FormGrid>
  )
}
