import { parse as parseYaml } from 'yaml'
import type { ImportFormat } from '@shared/index'
import { ImportError } from './common'

export interface Detected {
  format: ImportFormat
  /** the parsed document (JSON or YAML); the text itself for curl */
  data: unknown
}

const EXPECTED =
  'expected a HAR export ("log.entries"), an OpenAPI 3 document ("openapi: 3.x", JSON or YAML), a Postman collection v2.1 ("info" and "item") or curl commands (lines starting with "curl")'

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x)

function kindOf(doc: unknown, file: string): ImportFormat | null {
  if (!isObject(doc)) return null
  if (isObject(doc.log) && Array.isArray(doc.log.entries)) return 'har'
  if (typeof doc.openapi === 'string' || typeof doc.openapi === 'number') {
    if (!String(doc.openapi).startsWith('3'))
      throw new ImportError(
        `${file}: OpenAPI ${String(doc.openapi)} is not supported; expected 3.x`,
      )
    return 'openapi'
  }
  if (doc.swagger !== undefined)
    throw new ImportError(
      `${file}: Swagger ${String(doc.swagger)} is not supported; convert it to OpenAPI 3 first (e.g. with swagger2openapi)`,
    )
  if (isObject(doc.info) && Array.isArray(doc.item)) return 'postman'
  return null
}

/** Which format a file is, by its content (the name is only used in messages). */
export function detectFormat(text: string, file: string): Detected {
  const body = text.replace(/^\uFEFF/, '')
  const trimmed = body.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown
    try {
      doc = JSON.parse(body)
    } catch (err) {
      throw new ImportError(`${file}: not valid JSON (${(err as Error).message}); ${EXPECTED}`)
    }
    const kind = kindOf(doc, file)
    if (kind) return { format: kind, data: doc }
    throw new ImportError(`${file}: a JSON file, but not one PerfDesk imports; ${EXPECTED}`)
  }
  if (/^\s*(\$\s+)?curl(\.exe)?\s/m.test(body)) return { format: 'curl', data: body }
  let doc: unknown
  try {
    doc = parseYaml(body)
  } catch {
    doc = undefined
  }
  const kind = kindOf(doc, file)
  if (kind) return { format: kind, data: doc }
  throw new ImportError(`${file}: not a file PerfDesk imports; ${EXPECTED}`)
}
