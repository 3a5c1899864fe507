import { useRef, useState } from 'react'
import { call } from '../transport'
import { errorText, useApp } from '../stores/app'
import { useHistory } from '../stores/history'

/**
 * "Import shards…": the result files of `perfdesk run --shard` (or the pods' logs) chosen
 * together become one exact merged run in the history, as `perfdesk merge` makes it.
 */
export function ImportShardsButton() {
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const { refresh, openRun } = useHistory()
  const toast = useApp((s) => s.toast)

  async function importFiles(list: FileList | null): Promise<void> {
    if (!list || list.length === 0) return
    setBusy(true)
    try {
      const files = await Promise.all(
        [...list].map(async (f) => ({ name: f.name, text: await f.text() })),
      )
      const r = await call('runs.importShards', { files })
      toast('info', `${r.shards} shards merged into one run (${r.status})`)
      await refresh()
      void openRun(r.runId)
    } catch (err) {
      toast('error', `Could not merge the shards: ${errorText(err)}`)
    } finally {
      setBusy(false)
      if (input.current) input.current.value = ''
    }
  }

  return (
    <>
      <button
        type="button"
        className="btn"
        disabled={busy}
        title="choose every shard's result file (perfdesk run --shard … --out) or pod log at once"
        onClick={() => input.current?.click()}
      >
        {busy ? 'Merging…' : 'Import shards…'}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept=".json,.log,.txt,application/json,text/plain"
        hidden
        data-testid="import-shards"
        onChange={(e) => void importFiles(e.target.files)}
      />
    </>
  )
}
