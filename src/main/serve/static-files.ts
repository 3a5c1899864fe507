import { createReadStream, existsSync } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

export function mimeOf(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Where the built renderer is: next to the bundled CLI (out/main → out/renderer), or, when
 * running from source, in the project's out/ folder.
 */
export function locateRendererDir(): string | null {
  const here = import.meta.url
  const candidates = [
    fileURLToPath(new URL('../renderer', here)),
    fileURLToPath(new URL('../../renderer', here)),
    fileURLToPath(new URL('../../../out/renderer', here)),
    resolve(process.cwd(), 'out/renderer'),
  ]
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null
}

/** Maps a URL path to a file inside root, or null when it would leave root or is not a file. */
export async function resolveStaticPath(root: string, urlPath: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const candidate = resolve(root, rel)
  if (candidate !== root && !candidate.startsWith(root + sep)) return null
  try {
    // a symlink inside the folder must not lead out of it either
    const real = await realpath(candidate)
    const realRoot = await realpath(root)
    if (!real.startsWith(realRoot + sep)) return null
    const info = await stat(real)
    return info.isFile() ? real : null
  } catch {
    return null
  }
}

/** Streams a file with its MIME type; the caller has set the security headers. */
export function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  size: number,
): void {
  res.statusCode = 200
  res.setHeader('Content-Type', mimeOf(file))
  res.setHeader('Content-Length', size)
  // hashed asset names change with every build; index.html must always be fetched afresh
  res.setHeader(
    'Cache-Control',
    file.includes(`${sep}assets${sep}`) ? 'private, max-age=31536000, immutable' : 'no-store',
  )
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  const stream = createReadStream(file)
  stream.on('error', () => res.destroy())
  stream.pipe(res)
}
