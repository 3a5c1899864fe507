import { countDrop, hasHeader, ImportError, newParsed, type ParsedFile } from './common'

/** The parts of a HAR 1.2 entry this reader uses (browsers write many more). */
interface HarEntry {
  request?: {
    method?: string
    url?: string
    headers?: { name?: string; value?: string }[]
    postData?: { mimeType?: string; text?: string; params?: { name?: string; value?: string }[] }
  }
  response?: { content?: { mimeType?: string } }
  /** Chromium's own field: document, xhr, fetch, script, stylesheet, image, font, media, … */
  _resourceType?: string
}

const ASSET_TYPES = new Set([
  'image',
  'stylesheet',
  'script',
  'font',
  'media',
  'manifest',
  'texttrack',
])
const ASSET_MIME =
  /^(image|font|audio|video)\/|^text\/css|javascript|ecmascript|^application\/(x-)?font|^application\/wasm/i
const ASSET_EXT =
  /\.(png|jpe?g|gif|webp|avif|svg|ico|bmp|tiff?|css|js|mjs|map|woff2?|ttf|otf|eot|mp4|webm|ogg|mp3|wav|m4a|aac|flac|mov|wasm)$/i

/** A static asset by its resource type, response type or file extension. */
export function isAsset(e: HarEntry, url: URL): boolean {
  if (e._resourceType && ASSET_TYPES.has(e._resourceType)) return true
  const mime = e.response?.content?.mimeType ?? ''
  if (ASSET_MIME.test(mime)) return true
  return ASSET_EXT.test(url.pathname)
}

/** A browser's HAR export (Chromium, Firefox, Safari: HAR 1.2). */
export function readHar(data: unknown, file: string, includeAssets = false): ParsedFile {
  const entries = (data as { log?: { entries?: unknown } }).log?.entries
  if (!Array.isArray(entries))
    throw new ImportError(`${file}: a HAR file needs "log.entries" (a list of requests)`)
  const out = newParsed('har')
  for (const raw of entries as HarEntry[]) {
    const r = raw?.request
    if (!r?.url || !r.method) {
      countDrop(out.dropped, 'entries without a request URL or method')
      continue
    }
    let url: URL
    try {
      url = new URL(r.url)
    } catch {
      countDrop(out.dropped, 'URLs that cannot be read')
      continue
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      countDrop(out.dropped, `${url.protocol.replace(':', '')}: URLs`)
      continue
    }
    if (!includeAssets && isAsset(raw, url)) {
      countDrop(out.dropped, 'static assets (images, CSS, scripts, fonts, media)')
      continue
    }
    const headers: [string, string][] = (r.headers ?? [])
      .filter((h) => typeof h.name === 'string' && typeof h.value === 'string')
      .map((h) => [h.name!, h.value!])
    let body: string | undefined = r.postData?.text
    // Firefox writes a form as `params` with an empty `text`
    if (!body && r.postData?.params?.length)
      body = new URLSearchParams(
        r.postData.params.map((p) => [p.name ?? '', p.value ?? '']),
      ).toString()
    if (body !== undefined && r.postData?.mimeType && !hasHeader(headers, 'content-type'))
      headers.push(['Content-Type', r.postData.mimeType])
    url.hash = ''
    out.requests.push({ method: r.method, url: url.href, headers, ...(body ? { body } : {}) })
  }
  return out
}
