/**
 * The security policy of the desktop shell, kept free of `electron` so it can be unit tested.
 */
import { isAbsolute, join, relative, sep } from 'node:path'

/** Also set as a <meta http-equiv> in src/renderer/index.html; keep the two identical. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The renderer is served from this privileged scheme (standard, secure), not from file://:
 * 'self' in the CSP then means our own files and nothing else on the disk.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'perfdesk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/** Where our renderer comes from: the built files, or the dev server in `electron-vite dev`. */
export interface RendererOrigin {
  /** absolute path of out/renderer */
  rendererDir: string
  /** ELECTRON_RENDERER_URL, only in development */
  devServerUrl?: string
}

/** What we know of the frame that sent an IPC message. */
export interface SenderFrame {
  url: string
  /** false for iframes: only the top-level document may call the API */
  isMainFrame: boolean
}

/** True when the URL is a page of our own renderer (and nothing else, e.g. a file elsewhere). */
export function isRendererUrl(url: string, origin: RendererOrigin): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return rendererFileFor(url, origin.rendererDir) !== null
  if (origin.devServerUrl) {
    try {
      return parsed.origin === new URL(origin.devServerUrl).origin
    } catch {
      return false
    }
  }
  return false
}

/** Whether an IPC call may proceed: only our renderer's top-level document may call the API. */
export function isTrustedSender(
  frame: SenderFrame | null | undefined,
  origin: RendererOrigin,
): boolean {
  if (!frame || !frame.isMainFrame) return false
  return isRendererUrl(frame.url, origin)
}

/**
 * Links the renderer may hand to the operating system: plain http(s) only, no credentials
 * in the URL. Everything else (file:, javascript:, custom schemes) is refused.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false
  if (parsed.username !== '' || parsed.password !== '') return false
  return parsed.hostname !== ''
}

/**
 * Permissions a page may get: none, except writing text to the clipboard ("copy the CLI
 * command") from our own renderer.
 */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  origin: RendererOrigin,
): boolean {
  return permission === 'clipboard-sanitized-write' && isRendererUrl(requestingUrl, origin)
}

/**
 * The file inside the renderer folder that an app:// URL names (index.html for the root), or
 * null for another host, a path that leaves the folder, or anything that is not our scheme.
 */
export function rendererFileFor(url: string, rendererDir: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  if (parsed.username || parsed.password || parsed.port) return null
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  if (path.includes('\0') || path.includes('\\')) return null
  const file = join(rendererDir, path === '/' ? 'index.html' : path)
  const rel = relative(rendererDir, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..'))
    return null
  return file
}

/** Response headers for a load: the CSP is forced on our own app:// pages. */
export function withContentSecurityPolicy(
  url: string,
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = { ...(headers ?? {}) }
  if (!url.startsWith(`${APP_SCHEME}:`) && !url.startsWith('file:')) return out
  for (const key of Object.keys(out)) {
    if (key.toLowerCase() === 'content-security-policy') delete out[key]
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
  return out
}
