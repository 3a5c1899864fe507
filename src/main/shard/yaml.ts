/**
 * A small YAML writer for the manifests `perfdesk k8s` prints: maps, lists, numbers,
 * booleans, strings (JSON-quoted, which YAML reads as they are) and multi-line strings as
 * literal blocks. No dependency for what kubectl needs.
 */
type Value = string | number | boolean | null | Value[] | { [key: string]: Value | undefined }

const scalar = (v: string | number | boolean | null): string =>
  v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v) : String(v)

function block(text: string, indent: string): string {
  const body = text.replace(/\n$/, '').split('\n')
  return `|${text.endsWith('\n') ? '' : '-'}\n${body.map((l) => (l ? indent + l : '')).join('\n')}`
}

function emit(v: Value, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return ' []'
    return v
      .map((item) => {
        const inner = emit(item, indent + '  ')
        // "- key: value" for a map item: its first line goes on the dash line
        return `\n${indent}-${inner.startsWith('\n') ? ' ' + inner.slice(indent.length + 3) : inner}`
      })
      .join('')
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined) as [string, Value][]
    if (entries.length === 0) return ' {}'
    return entries
      .map(([k, x]) => {
        const key = /^[A-Za-z0-9_./-]+$/.test(k) ? k : JSON.stringify(k)
        if (typeof x === 'string' && x.includes('\n'))
          return `\n${indent}${key}: ${block(x, indent + '  ')}`
        return `\n${indent}${key}:${emit(x, indent + '  ')}`
      })
      .join('')
  }
  return ` ${scalar(v)}`
}

/** One YAML document for `v` (a map). */
export function toYaml(v: { [key: string]: Value | undefined }): string {
  return `${emit(v, '').slice(1)}\n`
}

export type YamlValue = Value
