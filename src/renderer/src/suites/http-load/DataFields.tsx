import { ChoiceField, TextField } from '../../components/fields'
import type { HttpLoadDraft } from './draft'
import { Fold } from './ScenarioParts'

const ORDERS = [
  {
    value: 'sequential',
    label: 'Sequential',
    name: 'data-sequential',
    hint: 'in file order, then again from the top',
  },
  { value: 'random', label: 'Random', name: 'data-random', hint: 'picked at random' },
] as const

/**
 * The suite's test data: a CSV (header row) or JSON-lines file whose columns the requests use as
 * {{column}}. Folded while unused; the file is read where the engine runs, which in a browser is
 * the machine running `perfdesk serve`, not the browser's.
 */
export function DataFields({
  draft,
  set,
  problem,
}: {
  draft: HttpLoadDraft
  set: (patch: Partial<HttpLoadDraft>) => void
  problem: (path: string) => string | undefined
}) {
  const fileProblem = problem('data.file') ?? problem('data')
  // read at render, not from ../../transport, whose import opens the connection
  const where =
    window.perfdesk !== undefined
      ? 'a path on this computer'
      : 'a path on the machine running perfdesk serve (not this browser’s)'
  return (
    <Fold
      title="Test data"
      summary={draft.dataFile.trim() || 'none'}
      hasProblem={Boolean(fileProblem)}
      testId="test-data"
      defaultOpen={draft.dataFile.trim() !== ''}
      className="wide"
    >
      <div className="data-fields">
        <TextField
          label="Data file"
          name="dataFile"
          wide
          hint={`CSV with a header row, or JSON lines; ${where}. Each column is a {{column}} variable.`}
          placeholder="data/users.csv"
          value={draft.dataFile}
          onChange={(dataFile) => set({ dataFile })}
          problem={fileProblem}
        />
        <ChoiceField
          label="Rows"
          choices={ORDERS}
          value={draft.dataOrder}
          onChange={(dataOrder) => set({ dataOrder })}
          problem={problem('data.order')}
        />
      </div>
    </Fold>
  )
}
