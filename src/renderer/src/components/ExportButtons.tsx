import { useHistory } from '../stores/history'

const FORMATS = [
  { format: 'json', label: 'Export JSON' },
  { format: 'pdf', label: 'Export PDF' },
  { format: 'html', label: 'Export HTML' },
] as const

/** A finished run's exports, the same wherever the run is shown (Run screen, History). */
export function ExportButtons({ runId }: { runId: string }) {
  const { exporting, exportRun } = useHistory()
  return (
    <>
      {FORMATS.map(({ format, label }) => (
        <button
          key={format}
          type="button"
          className="btn"
          disabled={exporting !== null}
          onClick={() => void exportRun(runId, format)}
        >
          {exporting === format ? 'Exporting…' : label}
        </button>
      ))}
    </>
  )
}
