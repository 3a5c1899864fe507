/** A column heading: plain text, or right-aligned numbers (`num`) with an optional tooltip. */
export type HeadCell = string | { label: string; num?: boolean; title?: string }

/** A number column's heading. */
export const numCol = (label: string, title?: string): HeadCell => ({ label, num: true, title })

/** The header row of a table, from its column headings. */
export function TableHead({ columns }: { columns: readonly HeadCell[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th key={c}>{c}</th>
          ) : (
            <th key={c.label} className={c.num ? 'num' : undefined} title={c.title}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  )
}
