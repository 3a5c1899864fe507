import { useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { IMPORT_FORMAT_LABEL, requestName, type ApiOutput, type ImportOptions } from '@shared/index'
import { errorText, useApp } from '../../stores/app'
import { useTargets } from '../../stores/targets'
import { call } from '../../transport'
import { Modal } from '../../components/Modal'
import { requestDraft } from './draft'
import type { ApplyImport } from './ImportRequests'
import { slimImportText } from './import-file'

type Imported = ApiOutput<'requests.import'>

const HAR_OPTIONS = [
  { key: 'includeAssets', label: 'Keep static assets' },
  { key: 'allOrigins', label: 'Keep other origins' },
] as const

const joinNames = (names: string[]): string =>
  names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`

/**
 * The import dialog: a file dropped or chosen, read on the main side (\`requests.import\`); the
 * user picks the requests. Credential headers found go to the target's secret store through
 * the same call (never to this page), when the user keeps the box ticked.
 */
export default function ImportDialog({
  targetId,
  onApply,
  onClose,
}: {
  targetId?: string
  onApply: ApplyImport
  onClose: () => void
}) {
  const toast = useApp((s) => s.toast)
  const choose = useRef<HTMLButtonElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<{ name: string; text: string } | null>(null)
  const [options, setOptions] = useState<ImportOptions>({})
  const [result, setResult] = useState<Imported | null>(null)
  const [picked, setPicked] = useState<boolean[]>([])
  const [storeSecrets, setStoreSecrets] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [dragging, setDragging] = useState(false)
  useEffect(() => choose.current?.focus(), [])

  async function read(f: { name: string; text: string }, opts: ImportOptions): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      const r = await call('requests.import', { fileName: f.name, text: f.text, ...opts })
      setResult(r)
      setPicked(r.requests.map(() => true))
    } catch (err) {
      setResult(null)
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  async function take(list: FileList | null | undefined): Promise<void> {
    const f = list?.[0]
    if (!f) return
    const next = { name: f.name, text: slimImportText(await f.text()) }
    setFile(next)
    await read(next, options)
  }

  function setOption(patch: ImportOptions): void {
    const next = { ...options, ...patch }
    setOptions(next)
    if (file) void read(file, next)
  }

  async function apply(how: 'replace' | 'append'): Promise<void> {
    if (!result || !file) return
    const chosen = result.requests.filter((_, i) => picked[i])
    const secrets = result.secrets.map((s) => s.name)
    if (storeSecrets && secrets.length > 0 && targetId) {
      setBusy(true)
      try {
        await call('requests.import', {
          fileName: file.name,
          text: file.text,
          ...options,
          storeSecretsIn: targetId,
        })
        await useTargets.getState().load()
        toast('info', `${joinNames(secrets)} stored in the secret store of target “${targetId}”`)
      } catch (err) {
        setBusy(false)
        setError(`The credentials could not be stored: ${errorText(err)}`)
        return
      }
    }
    onApply(chosen.map(requestDraft), how)
    toast('info', `${chosen.length} request${chosen.length === 1 ? '' : 's'} imported`)
    onClose()
  }

  const count = picked.filter(Boolean).length
  const all = result !== null && count === result.requests.length
  // on the page's body: outside the run form, so no key in the dialog can submit it
  return createPortal(
    <Modal
      className="import-dialog"
      titleId="import-title"
      title="Import requests"
      onEscape={onClose}
    >
      <p className="muted">
        A browser’s HAR export, an OpenAPI 3 document (JSON or YAML), a Postman collection v2.1 or a
        file of curl commands.
      </p>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="import-drop"
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault()
          setDragging(false)
          void take(e.dataTransfer.files)
        }}
      >
        <span>Drop a file here or</span>
        <button
          ref={choose}
          type="button"
          className="btn small"
          onClick={() => input.current?.click()}
        >
          Choose a file…
        </button>
        {file ? <code>{file.name}</code> : null}
        <input
          ref={input}
          type="file"
          hidden
          aria-label="file to import"
          data-testid="import-file"
          accept=".har,.json,.yaml,.yml,.sh,.txt,.curl,application/json,text/yaml,text/plain"
          onChange={(e) => void take(e.target.files)}
        />
      </div>
      {result?.format === 'har' ? (
        <div className="import-options">
          {HAR_OPTIONS.map(({ key, label }) => (
            <label key={key} className="inline-check">
              <input
                type="checkbox"
                checked={options[key] ?? false}
                onChange={(e) => setOption({ [key]: e.target.checked })}
              />
              {label}
            </label>
          ))}
        </div>
      ) : null}
      {busy ? <p className="muted">Reading…</p> : null}
      {error ? (
        <p className="field-problem" role="alert">
          {error}
        </p>
      ) : null}
      {result ? <ImportSummary result={result} /> : null}
      {result && result.requests.length > 0 ? (
        <div className="import-table-wrap">
          <table className="table compact import-table">
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label="select all requests"
                    checked={all}
                    onChange={(e) => setPicked(result.requests.map(() => e.target.checked))}
                  />
                </th>
                <th>Method</th>
                <th>Path</th>
                <th>Name</th>
                <th className="num">Weight</th>
              </tr>
            </thead>
            <tbody>
              {result.requests.map((r, i) => (
                <tr key={i} data-testid={`import-row-${i}`}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`import ${requestName(r)}`}
                      checked={picked[i] ?? false}
                      onChange={(e) =>
                        setPicked(picked.map((p, j) => (j === i ? e.target.checked : p)))
                      }
                    />
                  </td>
                  <td>{r.method}</td>
                  <td>
                    <code>{r.path}</code>
                  </td>
                  <td>{r.name ?? ''}</td>
                  <td className="num">{r.weight ?? 1}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result && result.secrets.length > 0 ? (
        <label className="inline-check import-secrets">
          <input
            type="checkbox"
            checked={storeSecrets && Boolean(targetId)}
            disabled={!targetId}
            onChange={(e) => setStoreSecrets(e.target.checked)}
          />
          {targetId
            ? `Store ${joinNames(result.secrets.map((s) => s.name))} in the secret store of target “${targetId}” (sent with every request, never shown)`
            : `${joinNames(result.secrets.map((s) => s.name))} found: add a target to keep them`}
        </label>
      ) : null}
      <div className="btn-row">
        <button
          type="button"
          className="btn primary"
          disabled={busy || count === 0}
          onClick={() => void apply('replace')}
        >
          Replace requests
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || count === 0}
          onClick={() => void apply('append')}
        >
          Add to requests
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>,
    document.body,
  )
}

function ImportSummary({ result }: { result: Imported }) {
  const n = result.requests.length
  return (
    <div className="import-summary" role="status">
      <p>
        <strong>{IMPORT_FORMAT_LABEL[result.format]}</strong> · {n} request{n === 1 ? '' : 's'}{' '}
        found{result.baseUrl ? ` for ${result.baseUrl}` : ''}
        {result.dropped.length
          ? ` · left out: ${result.dropped.map((d) => `${d.count} ${d.reason}`).join(', ')}`
          : ''}
      </p>
      {result.notes.length ? (
        <ul className="import-notes">
          {result.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
