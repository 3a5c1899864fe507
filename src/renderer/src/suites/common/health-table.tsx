import type { ReactNode } from 'react'

export interface Column<R> {
  title: string
  /** right-aligned */
  num?: boolean
  cell(row: R): ReactNode
}

/**
 * One table of a health suite's structured data, with its title and what it means; nothing
 * (not an empty table) when there are no rows, unless `empty` says what that means.
 */
export function HealthTable<R>({
  title,
  note,
  rows,
  columns,
  testId,
  empty,
}: {
  title: string
  note?: string
  rows: readonly R[]
  columns: Column<R>[]
  testId?: string
  empty?: string
}) {
  if (!rows.length && !empty) return null
  return (
    <div className="health-table" data-testid={testId}>
      <h3>{title}</h3>
      {note ? <p className="muted">{note}</p> : null}
      {rows.length ? (
        <table className="table compact">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.title} className={c.num ? 'num' : undefined}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.title} className={c.num ? 'num' : undefined}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </div>
  )
}

/** Findings first: the health suites' answer is their findings, the tables are the evidence. */
export { FindingsList as HealthFindings } from '../../components/Findings'
