/**
 * After a refused submit: moves focus to the first field marked invalid (else to the first
 * problem shown), once React has drawn the problems, so keyboard and screen-reader users land
 * on what to fix instead of staying on the button.
 */
export function focusFirstProblem(root: HTMLElement | null): void {
  requestAnimationFrame(() => {
    if (!root) return
    const field = root.querySelector<HTMLElement>('[aria-invalid="true"]')
    if (field) return field.focus()
    const note = root.querySelector<HTMLElement>('[role="alert"]')
    if (!note) return
    note.tabIndex = -1
    note.focus()
  })
}
