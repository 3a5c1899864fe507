import { useEffect, useRef } from 'react'
import { useRun } from '../stores/run'
import { Modal } from './Modal'

/**
 * The one review screen: before a plan from a file or an import runs (or the first load on a
 * host that is not this machine), every host that gets load, every command, environment
 * variable and local file it uses. Nothing runs until "Run".
 */
export function ReviewDialog() {
  const pending = useRun((s) => s.pendingReview)
  const approve = useRun((s) => s.approveReview)
  const cancel = useRun((s) => s.cancelReview)
  const runButton = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (pending) runButton.current?.focus()
  }, [pending])
  if (!pending) return null
  const { review, untrusted, newHosts } = pending.review
  const lists: { title: string; items: string[] }[] = [
    {
      title: 'Hosts that will receive load',
      items: review.hosts.map(
        (h) =>
          `${h.host} — target “${h.target}” (${h.kind})${h.loopback ? '' : ' · not this machine'}`,
      ),
    },
    {
      title: 'Commands it will start',
      items: review.commands.map((c) => `${c.command} — target “${c.target}”`),
    },
    {
      title: 'Environment variables it will read',
      items: review.envVars.map((e) => `${e.name} — ${e.path}`),
    },
    { title: 'Local files it will read', items: review.files.map((f) => `${f.file} — ${f.path}`) },
  ]
  return (
    <Modal
      className="review-dialog"
      titleId="review-title"
      title={untrusted ? 'Review this plan before it runs' : 'Confirm load on another machine'}
      onEscape={cancel}
    >
      <p className="muted">
        {untrusted
          ? `“${pending.plan.name}” comes from a file or an import. Check what it will do.`
          : `The first load from PerfDesk against ${newHosts.map((h) => h.host).join(', ')}. You will not be asked again for ${newHosts.length > 1 ? 'these targets' : 'this target'}.`}
      </p>
      {lists
        .filter((l) => l.items.length > 0 || l.title.startsWith('Hosts'))
        .map((l) => (
          <section key={l.title} className="review-list">
            <h3>{l.title}</h3>
            {l.items.length ? (
              <ul>
                {l.items.map((i) => (
                  <li key={i}>
                    <code>{i}</code>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">none</p>
            )}
          </section>
        ))}
      <div className="btn-row">
        <button
          ref={runButton}
          type="button"
          className="btn primary"
          onClick={() => void approve()}
        >
          Run
        </button>
        <button type="button" className="btn" onClick={cancel}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}
