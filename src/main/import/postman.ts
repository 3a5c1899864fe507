import { hasHeader, ImportError, newParsed, countDrop, type ParsedFile } from './common'

type Kv = { key?: string; value?: unknown; disabled?: boolean; type?: string }
interface PostmanUrl {
  raw?: string
  protocol?: string
  host?: string | string[]
  port?: string
  path?: string | string[]
  query?: Kv[]
  variable?: Kv[]
}
interface PostmanAuth {
  type?: string
  [k: string]: unknown
}
interface PostmanItem {
  name?: string
  item?: PostmanItem[]
  request?: {
    method?: string
    url?: string | PostmanUrl
    header?: Kv[] | string
    body?: {
      mode?: string
      raw?: string
      urlencoded?: Kv[]
      graphql?: { query?: string; variables?: string }
      options?: { raw?: { language?: string } }
    }
    auth?: PostmanAuth
  }
  auth?: PostmanAuth
  variable?: Kv[]
}

const VAR = /\{\{([^{}]+)\}\}/g

/** Postman's auth helpers as headers: bearer, basic and API keys sent in a header. */
function authHeaders(
  auth: PostmanAuth | undefined,
  sub: (s: string) => string,
): [string, string][] {
  if (!auth?.type || auth.type === 'noauth') return []
  const list = auth[auth.type]
  const get = (key: string): string => {
    const kv = Array.isArray(list) ? (list as Kv[]).find((x) => x.key === key) : undefined
    return kv?.value === undefined ? '' : sub(String(kv.value))
  }
  if (auth.type === 'bearer') return [['Authorization', `Bearer ${get('token')}`]]
  if (auth.type === 'basic')
    return [
      [
        'Authorization',
        `Basic ${Buffer.from(`${get('username')}:${get('password')}`).toString('base64')}`,
      ],
    ]
  if (auth.type === 'apikey' && get('in') !== 'query')
    return [[get('key') || 'X-Api-Key', get('value')]]
  return []
}

/** The request URL as text: `raw`, or built from its parts; `:name` path variables filled. */
function urlText(url: string | PostmanUrl | undefined): string {
  if (url === undefined) return ''
  if (typeof url === 'string') return url
  let text = url.raw
  if (!text) {
    const host = Array.isArray(url.host) ? url.host.join('.') : (url.host ?? '')
    const path = Array.isArray(url.path) ? url.path.join('/') : (url.path ?? '')
    const query = (url.query ?? [])
      .filter((q) => !q.disabled && q.key)
      .map((q) => `${q.key}=${q.value === undefined || q.value === null ? '' : String(q.value)}`)
      .join('&')
    text = `${url.protocol ? `${url.protocol}://` : ''}${host}${url.port ? `:${url.port}` : ''}/${path}${query ? `?${query}` : ''}`
  }
  for (const v of url.variable ?? [])
    if (v.key)
      text = text.replace(
        new RegExp(`/:${v.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[/?#]|$)`, 'g'),
        `/${v.value === undefined || v.value === '' ? `{{${v.key}}}` : String(v.value)}`,
      )
  return text
}

/** A Postman collection v2.1 (v2.0 reads the same): folders flattened, names "Folder / Name". */
export function readPostman(data: unknown, file: string): ParsedFile {
  const col = data as { info?: unknown; item?: unknown; variable?: Kv[]; auth?: PostmanAuth }
  if (!Array.isArray(col.item))
    throw new ImportError(`${file}: a Postman collection needs "item" (its requests and folders)`)
  const out = newParsed('postman')
  const vars = new Map<string, string>()
  for (const v of col.variable ?? [])
    if (v.key && v.value !== undefined && v.value !== null && String(v.value) !== '')
      vars.set(v.key, String(v.value))
  const kept = new Set<string>()
  const baseVars = new Set<string>()
  const sub = (s: string): string =>
    s.replace(VAR, (m, name: string) => {
      const v = vars.get(name.trim())
      if (v !== undefined) return v
      kept.add(name.trim())
      return m
    })

  const walk = (items: PostmanItem[], folder: string[], auth: PostmanAuth | undefined): void => {
    for (const it of items) {
      const name = [...folder, it.name ?? 'request'].join(' / ')
      if (Array.isArray(it.item)) {
        walk(it.item, [...folder, it.name ?? 'folder'], it.auth ?? auth)
        continue
      }
      const r = it.request
      if (!r) {
        countDrop(out.dropped, 'items without a request')
        continue
      }
      const rawUrl = urlText(r.url)
      const lead = /^\{\{([^{}]+)\}\}/.exec(rawUrl)?.[1]?.trim()
      if (lead && vars.has(lead) && /^https?:\/\//i.test(vars.get(lead)!))
        out.baseUrl ??= vars.get(lead)!.replace(/\/+$/, '')
      let url = sub(rawUrl)
      if (!/^https?:\/\//i.test(url)) {
        // no value for the base URL variable, or a bare host: the target's base URL supplies it
        const at = url.search(/\/(?!\/)/)
        if (lead && url.startsWith(`{{${lead}}}`)) baseVars.add(lead)
        if (at < 0) {
          countDrop(out.dropped, 'requests without a URL path')
          continue
        }
        url = url.slice(at)
      }
      const headers: [string, string][] = []
      const list = Array.isArray(r.header) ? r.header : []
      for (const h of list)
        if (h.key && !h.disabled) headers.push([h.key, sub(String(h.value ?? ''))])
      for (const h of authHeaders(r.auth ?? auth, sub))
        if (!hasHeader(headers, h[0])) headers.push(h)
      const body = bodyOf(r.body, sub, headers)
      out.requests.push({
        name,
        method: r.method ?? 'GET',
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
      })
    }
  }
  walk(col.item as PostmanItem[], [], col.auth)
  for (const b of baseVars) kept.delete(b)
  if (baseVars.size)
    out.notes.push(
      `${[...baseVars].map((k) => `{{${k}}}`).join(', ')} has no value in the collection: set the target's base URL`,
    )
  if (kept.size)
    out.notes.push(
      `variables without a value kept as PerfDesk variables: ${[...kept].map((k) => `{{${k}}}`).join(', ')} — give them in a data file or a flow's extract`,
    )
  return out
}

type Body = NonNullable<PostmanItem['request']>['body']

function bodyOf(
  body: Body,
  sub: (s: string) => string,
  headers: [string, string][],
): string | undefined {
  const setType = (t: string): void => {
    if (!hasHeader(headers, 'content-type')) headers.push(['Content-Type', t])
  }
  switch (body?.mode) {
    case 'raw':
      if (!body.raw) return undefined
      if (body.options?.raw?.language === 'json') setType('application/json')
      return sub(body.raw)
    case 'urlencoded':
      setType('application/x-www-form-urlencoded')
      return new URLSearchParams(
        (body.urlencoded ?? [])
          .filter((f) => f.key && !f.disabled)
          .map((f) => [sub(f.key!), sub(String(f.value ?? ''))]),
      ).toString()
    case 'graphql': {
      setType('application/json')
      let variables: unknown
      try {
        variables = body.graphql?.variables ? JSON.parse(sub(body.graphql.variables)) : undefined
      } catch {
        variables = undefined
      }
      return JSON.stringify({ query: sub(body.graphql?.query ?? ''), variables })
    }
    default:
      return undefined
  }
}
