import {
  HttpMethodSchema,
  type HttpRequestSpec,
  type ImportFormat,
  type ImportOptions,
} from '@shared/index'
import { isSecretName } from '@shared/redaction'

/** A request as a format reads it, before the common rules (origin, headers, secrets, duplicates). */
export interface DraftRequest {
  name?: string
  method: string
  /** an absolute http(s) URL, or a path starting with "/" */
  url: string
  headers: [string, string][]
  body?: string
}

/** What one format's reader gives back. */
export interface ParsedFile {
  format: ImportFormat
  requests: DraftRequest[]
  /** the base URL the file names (OpenAPI servers[0], a Postman base URL variable), if any */
  baseUrl: string | null
  /** reasons for leaving requests out, with counts */
  dropped: Map<string, number>
  notes: string[]
}

/** A credential header, taken out of the requests: it goes to the target, never the plan text. */
export interface FoundSecret {
  name: string
  value: string
  /** how many kept requests carried it */
  requests: number
}

export interface ImportResult {
  format: ImportFormat
  baseUrl: string | null
  requests: HttpRequestSpec[]
  dropped: { reason: string; count: number }[]
  notes: string[]
  secrets: FoundSecret[]
}

/** Thrown for a file that cannot be read as what it claims (or as anything): a message for the user. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportError'
  }
}

export const countDrop = (dropped: Map<string, number>, reason: string, n = 1): void => {
  dropped.set(reason, (dropped.get(reason) ?? 0) + n)
}

export const newParsed = (format: ImportFormat, baseUrl: string | null = null): ParsedFile => ({
  format,
  requests: [],
  baseUrl,
  dropped: new Map(),
  notes: [],
})

/**
 * Headers that describe the browser or the connection rather than the API call: a load test
 * sends its own (hop-by-hop, length, compression, host), and a browser's fingerprint, referer
 * or conditional headers (which turn answers into 304s) would measure something else.
 */
const DROPPED_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
  'accept-encoding',
  'user-agent',
  'referer',
  'origin',
  'priority',
  'dnt',
  'pragma',
  'cache-control',
  'upgrade-insecure-requests',
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'if-range',
  'postman-token',
])

const keepHeader = (name: string): boolean => {
  const n = name.toLowerCase()
  return !n.startsWith(':') && !n.startsWith('sec-') && !DROPPED_HEADERS.has(n)
}

/** "content-type" → "Content-Type": one spelling per header across the requests. */
export const canonicalHeader = (name: string): string =>
  name
    .split('-')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : w))
    .join('-')

export function hasHeader(headers: [string, string][], name: string): boolean {
  const n = name.toLowerCase()
  return headers.some(([k]) => k.toLowerCase() === n)
}

export const methodOf = (m: string): HttpRequestSpec['method'] | null => {
  const r = HttpMethodSchema.safeParse(m.toUpperCase())
  return r.success ? r.data : null
}

/** Origin (`https://host:port`) and path with query of an absolute URL; null for a relative one. */
export function splitUrl(url: string): { origin: string | null; path: string } {
  if (url.startsWith('/')) return { origin: null, path: url }
  const u = new URL(url)
  // URL parsing percent-encodes the braces of a {{variable}}: put them back
  const path = `${u.pathname || '/'}${u.search}`.replace(
    /%7B%7B(.*?)%7D%7D/gi,
    (_m, name: string) => `{{${decodeURIComponent(name)}}}`,
  )
  return { origin: `${u.protocol}//${u.host}`, path }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/**
 * The rules every format shares: one origin (the base URL's when it matches, else the busiest),
 * paths relative to the base URL, headers worth keeping, credential headers taken out,
 * identical requests merged into one whose weight is their count.
 */
export function finishImport(parsed: ParsedFile, options: ImportOptions): ImportResult {
  const dropped = new Map(parsed.dropped)
  const notes = [...parsed.notes]
  const valid: { draft: DraftRequest; origin: string | null; path: string }[] = []
  for (const draft of parsed.requests) {
    let split: { origin: string | null; path: string }
    try {
      split = splitUrl(draft.url)
    } catch {
      countDrop(dropped, 'URLs that cannot be read')
      continue
    }
    if (split.origin !== null && !/^https?:/.test(split.origin)) {
      countDrop(dropped, 'not http or https')
      continue
    }
    if (!methodOf(draft.method)) {
      countDrop(dropped, `method ${draft.method.toUpperCase()} (not supported by http-load)`)
      continue
    }
    valid.push({ draft, ...split })
  }

  const origin = chooseOrigin(valid, parsed, options, notes)
  const kept = valid.filter((v) => {
    if (options.allOrigins || v.origin === null || origin === null || v.origin === origin)
      return true
    countDrop(dropped, 'other origins')
    return false
  })
  const others = new Set(valid.map((v) => v.origin).filter((o) => o !== null && o !== origin))
  if (options.allOrigins && others.size > 0)
    notes.push(
      `kept the requests of ${plural(others.size + 1, 'origin')}: all of them go to the one target`,
    )

  const baseUrl = options.baseUrl ?? parsed.baseUrl ?? origin
  const prefix = basePath(baseUrl)
  let outside = 0
  const secrets = new Map<string, { name: string; values: Map<string, number> }>()
  const merged = new Map<string, HttpRequestSpec>()
  for (const { draft, path } of kept) {
    let rel = path
    if (prefix) {
      if (path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`))
        rel = path.slice(prefix.length) || '/'
      else outside++
    }
    if (rel.startsWith('?')) rel = `/${rel}`
    const headers: Record<string, string> = {}
    for (const [k, v] of draft.headers) {
      if (!keepHeader(k)) continue
      const name = canonicalHeader(k)
      if (isSecretName(name)) {
        const s = secrets.get(name) ?? { name, values: new Map<string, number>() }
        s.values.set(v, (s.values.get(v) ?? 0) + 1)
        secrets.set(name, s)
        continue
      }
      headers[name] = v
    }
    const spec: HttpRequestSpec = {
      ...(draft.name ? { name: draft.name.slice(0, 120) } : {}),
      method: methodOf(draft.method)!,
      path: rel,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(draft.body !== undefined && draft.body !== '' ? { body: draft.body } : {}),
    }
    const key = JSON.stringify([spec.name ?? '', spec.method, spec.path, spec.headers, spec.body])
    const same = merged.get(key)
    if (same) same.weight = (same.weight ?? 1) + 1
    else merged.set(key, spec)
  }
  if (outside > 0)
    notes.push(
      `${plural(outside, 'path')} ${outside === 1 ? 'lies' : 'lie'} outside the base URL's path ${prefix}: sent under it`,
    )
  const requests = [...merged.values()]
  const repeats = kept.length - requests.length
  if (repeats > 0) {
    const weighted = requests.filter((r) => r.weight).length
    notes.push(
      `${plural(repeats, 'repeated request')} merged: ${plural(weighted, 'request')} ${weighted === 1 ? 'has' : 'have'} a weight equal to how often ${weighted === 1 ? 'it was' : 'they were'} made`,
    )
  }
  return {
    format: parsed.format,
    baseUrl,
    requests,
    dropped: [...dropped].map(([reason, count]) => ({ reason, count })),
    notes,
    secrets: [...secrets.values()].map((s) => secretOf(s.name, s.values, notes)),
  }
}

/** One value per credential header: the one most requests carried (the target sends it with all). */
function secretOf(name: string, values: Map<string, number>, notes: string[]): FoundSecret {
  const sorted = [...values].sort((a, b) => b[1] - a[1])
  const total = sorted.reduce((n, [, c]) => n + c, 0)
  if (sorted.length > 1)
    notes.push(
      `${name} had ${sorted.length} different values in ${total} requests; the target sends the most common one (in ${sorted[0]![1]}) with every request`,
    )
  return { name, value: sorted[0]![0], requests: total }
}

function chooseOrigin(
  valid: { origin: string | null }[],
  parsed: ParsedFile,
  options: ImportOptions,
  notes: string[],
): string | null {
  const counts = new Map<string, number>()
  for (const v of valid) if (v.origin) counts.set(v.origin, (counts.get(v.origin) ?? 0) + 1)
  if (counts.size === 0) return null
  const wanted = options.baseUrl ? safeOrigin(options.baseUrl) : null
  const named = parsed.baseUrl ? safeOrigin(parsed.baseUrl) : null
  // the busiest origin; ties go to the first seen
  let best = ''
  let most = 0
  for (const [o, n] of counts)
    if (n > most) {
      best = o
      most = n
    }
  const chosen = wanted && counts.has(wanted) ? wanted : named && counts.has(named) ? named : best
  const why =
    chosen === wanted
      ? 'the base URL given'
      : chosen === named
        ? "the file's base URL"
        : `the origin with the most requests (${most} of ${valid.length})`
  const others = [...counts.keys()].filter((o) => o !== chosen)
  if (others.length > 0 || (wanted && chosen !== wanted))
    notes.push(
      `${wanted && chosen !== wanted ? `${wanted} is not in the file; ` : ''}chose ${chosen}, ${why}${others.length ? `; others: ${others.join(', ')}` : ''}`,
    )
  return chosen
}

function safeOrigin(url: string): string | null {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}`
  } catch {
    return null
  }
}

/** The path prefix of a base URL ("/v1"), or "" for none. */
function basePath(baseUrl: string | null): string {
  if (!baseUrl) return ''
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, '')
  } catch {
    return ''
  }
}
