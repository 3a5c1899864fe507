import { ImportError, newParsed, type ParsedFile } from './common'
import { deref, firstExample, paramText, sampleOf, type Json, type Node } from './openapi-sample'

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const
const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && !Array.isArray(x)

/** `servers[0].url` with its variables at their defaults; relative ("/v1") stays relative. */
function serverUrl(doc: Node): string | null {
  const server = Array.isArray(doc.servers) && isNode(doc.servers[0]) ? doc.servers[0] : null
  if (!server || typeof server.url !== 'string') return null
  const vars = isNode(server.variables) ? server.variables : {}
  return server.url
    .replace(/\{([^}]+)\}/g, (m, name: string) => {
      const v = vars[name]
      return isNode(v) && v.default !== undefined ? String(v.default) : m
    })
    .replace(/\/+$/, '')
}

/** Path-level parameters overridden by the operation's own (same name and place). */
function parametersOf(doc: Node, pathItem: Node, op: Node): Node[] {
  const byKey = new Map<string, Node>()
  for (const list of [pathItem.parameters, op.parameters])
    if (Array.isArray(list))
      for (const p of list) {
        const param = deref(doc, p)
        if (typeof param.name === 'string') byKey.set(`${String(param.in)}:${param.name}`, param)
      }
  return [...byKey.values()]
}

/** A JSON (or form) body: the media type's example(s), else one built from the schema. */
function bodyOf(doc: Node, op: Node): { type: string; text: string } | null | 'unsupported' {
  const rb = deref(doc, op.requestBody)
  if (!isNode(rb.content)) return null
  const types = Object.keys(rb.content)
  const json = types.find((t) => /[/+]json\b/i.test(t))
  const form = types.find((t) => /x-www-form-urlencoded/i.test(t))
  const type = json ?? form
  if (!type) return types.length ? 'unsupported' : null
  const media = deref(doc, rb.content[type])
  const value: Json =
    'example' in media
      ? (media.example as Json)
      : (firstExample(doc, media.examples) ?? sampleOf(doc, media.schema))
  if (type === json) return { type, text: JSON.stringify(value) }
  const fields = isNode(value) ? Object.entries(value) : []
  return {
    type,
    text: new URLSearchParams(
      fields.map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]),
    ).toString(),
  }
}

/** An OpenAPI 3.x document (JSON or YAML, already parsed): one request per operation. */
export function readOpenApi(doc: Node, file: string): ParsedFile {
  if (!isNode(doc.paths)) throw new ImportError(`${file}: an OpenAPI document needs "paths"`)
  const server = serverUrl(doc)
  const absolute = server !== null && /^https?:\/\//i.test(server)
  const out = newParsed('openapi', absolute ? server : null)
  if (server && !absolute && !server.startsWith('/'))
    out.notes.push(`servers[0].url "${server}" is not a URL; set the target's base URL`)
  if (!server) out.notes.push("the document names no server: set the target's base URL")
  let unsupportedBodies = 0
  for (const [template, rawItem] of Object.entries(doc.paths)) {
    const pathItem = deref(doc, rawItem)
    for (const method of METHODS) {
      const op = pathItem[method]
      if (!isNode(op)) continue
      const params = parametersOf(doc, pathItem, op)
      const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
        const p = params.find((x) => x.in === 'path' && x.name === name)
        return encodeURIComponent(p ? paramText(doc, p) : '1')
      })
      const query = new URLSearchParams()
      const headers: [string, string][] = []
      for (const p of params) {
        if (p.required !== true) continue
        if (p.in === 'query') query.append(String(p.name), paramText(doc, p))
        if (p.in === 'header') headers.push([String(p.name), paramText(doc, p)])
      }
      const body = bodyOf(doc, op)
      if (body === 'unsupported') unsupportedBodies++
      else if (body) headers.push(['Content-Type', body.type])
      const q = query.toString()
      const prefix = absolute ? server : (server ?? '')
      const name =
        typeof op.operationId === 'string'
          ? op.operationId
          : typeof op.summary === 'string'
            ? op.summary
            : undefined
      out.requests.push({
        ...(name ? { name } : {}),
        method,
        url: `${prefix}${path}${q ? `?${q}` : ''}`,
        headers,
        ...(body && body !== 'unsupported' ? { body: body.text } : {}),
      })
    }
  }
  if (unsupportedBodies)
    out.notes.push(
      `${unsupportedBodies} operation${unsupportedBodies === 1 ? ' takes' : 's take'} a body that is neither JSON nor a form: sent without one`,
    )
  const schemes = isNode(doc.components) && isNode(doc.components.securitySchemes)
  if (schemes)
    out.notes.push(
      'the API declares security schemes: give the target its authentication (token or headers)',
    )
  return out
}
