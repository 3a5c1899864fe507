import type { ReactNode } from 'react'

/** A modal dialog: named by its heading, closed with Escape. */
export function Modal({
  className,
  title,
  titleId,
  onEscape,
  children,
}: {
  className: string
  title: ReactNode
  titleId: string
  onEscape: () => void
  children: ReactNode
}) {
  return (
    <div className="modal-backdrop">
      <div
        className={`modal ${className}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(e) => e.key === 'Escape' && onEscape()}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  )
}
