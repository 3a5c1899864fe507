import { useState } from 'react'

export interface TableColumn {
  label: string
  values: readonly (number | null)[]
  format: (value: number) => string
}

/**
 * A chart's numbers as a table, for screen readers and for reading exact values: folded under
 * the chart, and built only when unfolded (a live chart holds up to 1,800 points).
 */
export function ChartTable({
  title,
  x,
  xLabel,
  xFormat,
  columns,
}: {
  title: string
  x: readonly number[]
  xLabel: string
  xFormat: (value: number) => string
  columns: readonly TableColumn[]
}) {
  const [open, setOpen] = useState(false)
  return (
    <details className="chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Numbers as a table</summary>
      {open ? (
        <table className="table">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{xLabel}</th>
              {columns.map((c) => (
                <th scope="col" key={c.label} className="num">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {x.map((xv, i) => (
              <tr key={i}>
                <th scope="row">{xFormat(xv)}</th>
                {columns.map((c) => {
                  const v = c.values[i]
                  return (
                    <td key={c.label} className="num">
                      {v === null || v === undefined ? '–' : c.format(v)}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  )
}

/** What a chart's canvas is called: its title, its lines, and where its numbers are. */
export function chartLabel(title: string, lines: readonly string[]): string {
  const named = lines.filter((l) => !title.includes(l))
  return `Chart: ${title}${named.length ? ` (${named.join(', ')})` : ''}. Its numbers are in the table under it.`
}
