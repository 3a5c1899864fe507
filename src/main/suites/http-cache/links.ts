/** References in an HTML page that a crawl follows: a/link/script/img (and img srcset). */

export interface PageLink {
  url: string
  /** an <a> points at a page (followed when it is HTML); the others at assets of this page */
  role: 'page' | 'asset'
}

const TAG = /<(a|link|script|img|base)\b([^>]*)>/gi
const ATTR = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g
/** link rels that name other hosts' connections, not resources */
const SKIP_RELS = /\b(dns-prefetch|preconnect)\b/i

function attributes(s: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of s.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase()
    if (!(name in out)) out[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '')
  }
  return out
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
}

function srcsetUrls(v: string): string[] {
  return v
    .split(',')
    .map((c) => c.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean)
}

/** Same-origin absolute URLs (no fragment), in document order, each once. */
export function extractLinks(html: string, pageUrl: string, origin: string): PageLink[] {
  const noComments = html.replace(/<!--[\s\S]*?-->/g, '')
  let base = pageUrl
  const out: PageLink[] = []
  const seen = new Set<string>()
  const add = (ref: string | undefined, role: PageLink['role']): void => {
    if (!ref) return
    const r = ref.trim()
    if (!r || /^(mailto|javascript|data|tel|blob|about):/i.test(r)) return
    let u: URL
    try {
      u = new URL(r, base)
    } catch {
      return
    }
    if (`${u.protocol}//${u.host}` !== origin) return
    u.hash = ''
    const key = u.href
    if (seen.has(key)) return
    seen.add(key)
    out.push({ url: key, role })
  }
  for (const m of noComments.matchAll(TAG)) {
    const tag = m[1]!.toLowerCase()
    const a = attributes(m[2] ?? '')
    if (tag === 'base' && a.href) {
      try {
        base = new URL(a.href, pageUrl).href
      } catch {
        /* a broken <base> is ignored, as browsers do */
      }
    } else if (tag === 'a') add(a.href, 'page')
    else if (tag === 'link' && !SKIP_RELS.test(a.rel ?? '')) add(a.href, 'asset')
    else if (tag === 'script') add(a.src, 'asset')
    else if (tag === 'img') {
      add(a.src, 'asset')
      if (a.srcset) for (const u of srcsetUrls(a.srcset)) add(u, 'asset')
    }
  }
  return out
}
