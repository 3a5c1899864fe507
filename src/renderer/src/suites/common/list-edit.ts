/** The list with its item `i` patched: how a form edits one row (a request, a query, a stage). */
export const patchAt = <T>(list: readonly T[], i: number, patch: Partial<T>): T[] =>
  list.map((item, j) => (j === i ? { ...item, ...patch } : item))

/** The list without its item `i`. */
export const removeAt = <T>(list: readonly T[], i: number): T[] => list.filter((_, j) => j !== i)
