/** The object without its undefined values, at every depth (arrays are kept as they are). */
export function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v)
        ? dropUndefined(v as Record<string, unknown>)
        : v
  }
  return out as T
}
