/** Cache-Control and list-header parsing (RFC 9111 §5.2, RFC 9110 §5.6). */

export type Directives = Record<string, string | true>

/** Splits a comma-separated header value, keeping commas inside quoted strings. */
export function splitList(value: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted
    if (ch === ',' && !quoted) {
      if (cur.trim()) out.push(cur.trim())
      cur = ''
    } else cur += ch
  }
  if (cur.trim()) out.push(cur.trim())
  return out
}

function unquote(v: string): string {
  const t = v.trim()
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"'))
    return t.slice(1, -1).replace(/\\(.)/g, '$1')
  return t
}

/**
 * Directive names lowercased, values unquoted. When a directive repeats, the first one wins
 * (RFC 9111 leaves duplicates invalid; the first is what most caches use).
 */
export function parseCacheControl(values: readonly string[]): Directives {
  const out: Directives = {}
  for (const part of values.flatMap(splitList)) {
    const eq = part.indexOf('=')
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase()
    if (!name || name in out) continue
    out[name] = eq < 0 ? true : unquote(part.slice(eq + 1))
  }
  return out
}

/** A delta-seconds directive value: a non-negative integer, else null (RFC 9111 §1.2.2). */
export function deltaSeconds(v: string | true | undefined): number | null {
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim())) return null
  return Math.min(Number(v.trim()), 2 ** 31)
}

/** `no-cache` without field names means "always revalidate"; with them it only strips those fields. */
export function unqualified(v: string | true | undefined): boolean {
  return v === true || (typeof v === 'string' && v.trim() === '')
}

/** An HTTP date in seconds since the epoch, or null when it does not parse. */
export function httpDate(v: string | null | undefined): number | null {
  if (!v) return null
  const ms = Date.parse(v)
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null
}
