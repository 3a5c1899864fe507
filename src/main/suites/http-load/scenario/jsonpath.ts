/**
 * The JSONPath subset checks and extracts use: `$`, `.name`, `[0]`, `['name']` / `["name"]`,
 * chained (`$.items[0].id`, `$['x-y'].z`). Written by hand: a full JSONPath engine (filters,
 * wildcards) is more than a check needs and more than a hot path should pay for.
 */

export type PathSegment = string | number

export class JsonPathError extends Error {
  override name = 'JsonPathError'
}

export function parseJsonPath(path: string): PathSegment[] {
  if (!path.startsWith('$')) throw new JsonPathError(`"${path}": a JSONPath starts with "$"`)
  const out: PathSegment[] = []
  let i = 1
  const bad = (why: string): never => {
    throw new JsonPathError(
      `"${path}": ${why} at character ${i + 1}; write e.g. $.items[0].id or $['name']`,
    )
  }
  while (i < path.length) {
    const c = path[i]
    if (c === '.') {
      const m = /^[A-Za-z_$][\w$-]*/.exec(path.slice(i + 1))
      if (!m) bad('a name after "."')
      out.push(m![0])
      i += 1 + m![0].length
    } else if (c === '[') {
      const rest = path.slice(i)
      const index = /^\[(\d+)\]/.exec(rest)
      const quoted = /^\[(['"])((?:(?!\1).)*)\1\]/.exec(rest)
      if (index) {
        out.push(Number(index[1]))
        i += index[0].length
      } else if (quoted) {
        out.push(quoted[2]!)
        i += quoted[0].length
      } else bad('an index [0] or a quoted name')
    } else bad(`unexpected "${c}"`)
  }
  return out
}

/** The value at `path` in `doc`, or undefined when any step is missing. */
export function valueAt(doc: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = doc
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined
    if (typeof seg === 'number') {
      if (!Array.isArray(v)) return undefined
      v = v[seg]
    } else {
      if (Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, seg)) return undefined
      v = (v as Record<string, unknown>)[seg]
    }
  }
  return v
}
