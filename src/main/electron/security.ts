/**
 * The security policy of the desktop shell, kept free of `electron` so it can be unit tested.
 */
import { isAbsolute, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

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
  if (parsed.protocol === 'file:') {
    if (parsed.host !== '' && parsed.host !== 'localhost') return false
    let path: string
    try {
      path = fileURLToPath(parsed)
    } catch {
      return false
    }
    const rel = relative(origin.rendererDir, path)
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
  }
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

/** Response headers for a load: the CSP is forced on our own file:// pages. */
export function withContentSecurityPolicy(
  url: string,
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = { ...(headers ?? {}) }
  if (!url.startsWith('file:')) return out
  for (const key of Object.keys(out)) {
    if (key.toLowerCase() === 'content-security-policy') delete out[key]
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
  return out
}
