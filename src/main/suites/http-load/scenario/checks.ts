import type { HttpCheck, HttpExtract } from '@shared/index'
import { parseJsonPath, valueAt, type PathSegment } from './jsonpath'

/**
 * Checks and extracts, compiled once per request: JSONPaths parsed and regular expressions
 * built up front, so a response costs the comparisons only. The body is decoded (and parsed
 * as JSON) at most once per response, and only for requests whose checks or extracts read it.
 */

/** One answer as checks and extracts see it. */
export interface ResponseView {
  status: number
  latencyMs: number
  /** the body as received (null when the request does not capture it) */
  body: Buffer | null
  /** the response head (status line and headers), when captured */
  head: string | null
}

type Compiled =
  | { kind: 'status'; allowed: Set<number> }
  | { kind: 'maxMs'; ms: number }
  | { kind: 'bodyContains'; text: string }
  | { kind: 'json'; path: PathSegment[]; equals?: unknown; exists?: boolean }

type CompiledExtract =
  | { name: string; kind: 'json'; path: PathSegment[] }
  | { name: string; kind: 'header'; header: string }
  | { name: string; kind: 'regex'; re: RegExp }

/** Lazily decoded body: text once, JSON once. */
class BodyReader {
  private text: string | null = null
  private json: unknown = undefined
  private parsed = false
  constructor(private readonly r: ResponseView) {}
  string(): string {
    return (this.text ??= this.r.body ? this.r.body.toString('utf8') : '')
  }
  doc(): unknown {
    if (!this.parsed) {
      this.parsed = true
      try {
        this.json = JSON.parse(this.string())
      } catch {
        this.json = undefined
      }
    }
    return this.json
  }
}

export function headerValue(head: string | null, name: string): string | undefined {
  if (!head) return undefined
  const want = name.toLowerCase()
  for (const line of head.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':')
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === want) {
      return line.slice(colon + 1).trim()
    }
  }
  return undefined
}

export class ResponseRules {
  private readonly checks: Compiled[]
  private readonly extracts: CompiledExtract[]
  /** whether the body must be kept for these rules */
  readonly needsBody: boolean
  /** whether the headers must be kept for these rules */
  readonly needsHead: boolean

  constructor(checks: readonly HttpCheck[] = [], extract: Record<string, HttpExtract> = {}) {
    this.checks = checks.map((c): Compiled => {
      if (c.status) return { kind: 'status', allowed: new Set(c.status) }
      if (c.maxMs !== undefined) return { kind: 'maxMs', ms: c.maxMs }
      if (c.bodyContains !== undefined) return { kind: 'bodyContains', text: c.bodyContains }
      return {
        kind: 'json',
        path: parseJsonPath(c.jsonPath ?? '$'),
        ...(c.equals !== undefined ? { equals: c.equals } : {}),
        ...(c.exists !== undefined ? { exists: c.exists } : {}),
      }
    })
    this.extracts = Object.entries(extract).map(([name, e]): CompiledExtract => {
      if (e.json !== undefined) return { name, kind: 'json', path: parseJsonPath(e.json) }
      if (e.header !== undefined) return { name, kind: 'header', header: e.header }
      return { name, kind: 'regex', re: new RegExp(e.regex ?? '') }
    })
    this.needsBody =
      this.checks.some((c) => c.kind === 'bodyContains' || c.kind === 'json') ||
      this.extracts.some((e) => e.kind !== 'header')
    this.needsHead = this.extracts.some((e) => e.kind === 'header')
  }

  get checkCount(): number {
    return this.checks.length
  }

  get extractCount(): number {
    return this.extracts.length
  }

  /** How many of the checks failed on this answer (0..checkCount). */
  failedChecks(r: ResponseView, body = new BodyReader(r)): number {
    let failed = 0
    for (const c of this.checks) {
      let ok: boolean
      switch (c.kind) {
        case 'status':
          ok = c.allowed.has(r.status)
          break
        case 'maxMs':
          ok = r.latencyMs <= c.ms
          break
        case 'bodyContains':
          ok = body.string().includes(c.text)
          break
        case 'json': {
          const v = valueAt(body.doc(), c.path)
          ok = c.exists !== undefined ? (v !== undefined) === c.exists : v === c.equals
          break
        }
      }
      if (!ok) failed++
    }
    return failed
  }

  /** Evaluates the checks and writes the extracted values into `vars` (a missing value leaves it as it was). */
  apply(r: ResponseView, vars: Record<string, string> | null): number {
    const body = new BodyReader(r)
    const failed = this.checks.length > 0 ? this.failedChecks(r, body) : 0
    if (vars) {
      for (const e of this.extracts) {
        const v = extractOne(e, r, body)
        if (v !== undefined) vars[e.name] = v
      }
    }
    return failed
  }
}

function extractOne(e: CompiledExtract, r: ResponseView, body: BodyReader): string | undefined {
  switch (e.kind) {
    case 'header':
      return headerValue(r.head, e.header)
    case 'regex': {
      const m = e.re.exec(body.string())
      return m ? (m[1] ?? m[0]) : undefined
    }
    case 'json': {
      const v = valueAt(body.doc(), e.path)
      if (v === undefined) return undefined
      return typeof v === 'string' ? v : JSON.stringify(v)
    }
  }
}
