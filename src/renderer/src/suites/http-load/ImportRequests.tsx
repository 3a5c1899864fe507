import { lazy, Suspense, useRef, useState } from 'react'
import type { RequestDraft } from './draft'

export type ApplyImport = (requests: RequestDraft[], how: 'replace' | 'append') => void

// loaded when first opened: the dialog talks to the API, which the suite forms otherwise never do
const ImportDialog = lazy(() => import('./ImportDialog'))

/**
 * "Import requests…" in the http-load request editor: a HAR, OpenAPI 3, Postman or curl file
 * read on the main side; the user picks the requests, which replace or join the form's list.
 * Credential headers found go to the chosen target's secret store, never into the form.
 */
export function ImportRequestsButton(props: {
  targetId?: string
  disabled?: boolean
  onApply: ApplyImport
}) {
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn small ghost"
        disabled={props.disabled}
        onClick={() => setOpen(true)}
      >
        Import requests…
      </button>
      {open ? (
        <Suspense fallback={null}>
          <ImportDialog
            targetId={props.targetId}
            onApply={props.onApply}
            onClose={() => {
              setOpen(false)
              button.current?.focus()
            }}
          />
        </Suspense>
      ) : null}
    </>
  )
}
