/**
 * Example values for OpenAPI parameters and request bodies: the document's own examples first
 * (`example`, `examples`, schema `example`, `default`, `enum[0]`), then a placeholder by type.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
export type Node = Record<string, unknown>

const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && !Array.isArray(x)

/** Follows local `$ref`s (`#/components/schemas/Pet`); a ref outside the file or a cycle gives {}. */
export function deref(doc: unknown, node: unknown, seen = new Set<string>()): Node {
  if (!isNode(node)) return {}
  const ref = node.$ref
  if (typeof ref !== 'string') return node
  if (!ref.startsWith('#/') || seen.has(ref)) return {}
  let at: unknown = doc
  for (const part of ref.slice(2).split('/'))
    at = isNode(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
  return deref(doc, at, new Set(seen).add(ref))
}

/** The first of a map of OpenAPI Example Objects (`examples: {name: {value}}`). */
export function firstExample(doc: unknown, examples: unknown): Json | undefined {
  if (!isNode(examples)) return undefined
  for (const e of Object.values(examples)) {
    const ex = deref(doc, e)
    if ('value' in ex) return ex.value as Json
  }
  return undefined
}

const STRING_FORMATS: Record<string, string> = {
  uuid: '00000000-0000-4000-8000-000000000000',
  date: '2024-01-01',
  'date-time': '2024-01-01T00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com',
  hostname: 'example.com',
  ipv4: '127.0.0.1',
}

/** A value a schema accepts: its example, default or first enum value, else one built by type. */
export function sampleOf(
  doc: unknown,
  schemaIn: unknown,
  depth = 0,
  seen = new Set<string>(),
): Json {
  const ref = isNode(schemaIn) && typeof schemaIn.$ref === 'string' ? schemaIn.$ref : null
  if (ref && seen.has(ref)) return null // a recursive schema stops here
  const inner = ref ? new Set(seen).add(ref) : seen
  const s = deref(doc, schemaIn)
  if ('example' in s) return s.example as Json
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0] as Json
  if ('default' in s) return s.default as Json
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0] as Json
  if ('const' in s) return s.const as Json
  if (depth > 8) return null
  const all = Array.isArray(s.allOf) ? s.allOf : null
  if (all) {
    const parts = all.map((p) => sampleOf(doc, p, depth + 1, inner))
    return parts.every(isNode) ? Object.assign({}, ...(parts as object[])) : (parts[0] ?? null)
  }
  const one = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : null
  if (one?.length) return sampleOf(doc, one[0], depth + 1, inner)
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type
  switch (type) {
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1
    case 'boolean':
      return true
    case 'array':
      return [sampleOf(doc, s.items, depth + 1, inner)]
    case 'string':
      return STRING_FORMATS[String(s.format)] ?? 'example'
  }
  if (type === 'object' || isNode(s.properties)) {
    const props = isNode(s.properties) ? s.properties : {}
    const required = Array.isArray(s.required) ? (s.required as string[]) : []
    const out: Record<string, Json> = {}
    for (const name of required) out[name] = sampleOf(doc, props[name], depth + 1, inner)
    return out
  }
  return null
}

/** A parameter's value as text for a path or query. */
export function paramText(doc: unknown, param: Node): string {
  const v: Json =
    'example' in param
      ? (param.example as Json)
      : (firstExample(doc, param.examples) ?? sampleOf(doc, param.schema))
  if (v === null) return ''
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(',')
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}
