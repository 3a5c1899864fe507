import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { CacheResourceKind } from '@shared/index'

/** What kind of resource, from its Content-Type and, failing that, its extension. */
export function resourceKind(path: string, contentType: string | null): CacheResourceKind {
  const ct = (contentType ?? '').toLowerCase()
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(path)?.[1]?.toLowerCase() ?? ''
  if (ct.includes('text/html') || ct.includes('application/xhtml')) return 'html'
  if (ct.includes('javascript') || ct.includes('ecmascript') || ['js', 'mjs'].includes(ext))
    return 'script'
  if (ct.includes('text/css') || ext === 'css') return 'style'
  if (
    ct.startsWith('image/') ||
    ['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg', 'ico'].includes(ext)
  )
    return 'image'
  if (
    ct.startsWith('font/') ||
    ct.includes('font') ||
    ['woff', 'woff2', 'ttf', 'otf'].includes(ext)
  )
    return 'font'
  if (ct.includes('json') || ct.includes('xml') || ct.includes('protobuf') || ct.includes('grpc'))
    return 'api'
  return 'other'
}

/** Assets whose URL changes when their content does, so they may be cached for ever. */
export const STATIC_KINDS: ReadonlySet<CacheResourceKind> = new Set([
  'script',
  'style',
  'image',
  'font',
])

/**
 * A content hash in the file name (app.3f9a1c2b.js, main-BXk3Jd9a.css, chunk_4e5f6a7b8c.js)
 * or a version query (?v=3f9a1c2b). The hash must mix digits and letters, or be long hex.
 */
export function isFingerprinted(path: string): boolean {
  const [file = '', query = ''] = path.split('?')
  const name = file.split('/').at(-1) ?? ''
  const parts = name.split(/[.\-_~]/).slice(1, -1)
  const looksHashed = (s: string): boolean =>
    (/^[0-9a-f]{8,}$/i.test(s) && /\d/.test(s)) ||
    (s.length >= 8 &&
      s.length <= 64 &&
      /^[A-Za-z0-9]+$/.test(s) &&
      /\d/.test(s) &&
      /[A-Za-z]/.test(s))
  if (parts.some(looksHashed)) return true
  return /(?:^|&)(?:v|ver|version|hash|h)=[0-9a-zA-Z]{6,}/.test(query)
}

/** Text-like bodies that content coding shrinks (images and fonts other than ttf/otf already are compressed). */
export function isCompressible(contentType: string | null): boolean {
  const ct = (contentType ?? '').toLowerCase()
  return (
    ct.startsWith('text/') ||
    /json|javascript|ecmascript|xml|svg|wasm|font\/(ttf|otf)|x-font-(ttf|otf)|ms-fontobject|graphql|yaml|csv/.test(
      ct,
    )
  )
}

export type Encoding = 'br' | 'gzip' | 'zstd' | 'deflate'

export function encodingOf(value: string | null): Encoding | null {
  const v = (value ?? '').trim().toLowerCase()
  if (v === 'br' || v === 'gzip' || v === 'zstd' || v === 'deflate') return v
  if (v === 'x-gzip') return 'gzip'
  return null
}

/** The body without content coding; null when this Node cannot decode it (zstd on Node 20). */
export function decodeBuffer(body: Buffer, encoding: Encoding | null): Buffer | null {
  try {
    if (encoding === null) return body
    if (encoding === 'gzip') return gunzipSync(body)
    if (encoding === 'br') return brotliDecompressSync(body)
    if (encoding === 'deflate') return inflateSync(body)
    return null
  } catch {
    return null
  }
}
