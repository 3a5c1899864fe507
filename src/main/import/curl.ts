import { hasHeader, ImportError, newParsed, type DraftRequest, type ParsedFile } from './common'
import { curlCommands, shellWords } from './shell-words'

/** Options that take a value and do not change the request (skipped with it). */
const IGNORED_WITH_VALUE = new Set([
  '-o',
  '--output',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-w',
  '--write-out',
  '--retry',
  '-x',
  '--proxy',
  '--cacert',
  '--capath',
  '--cert',
  '-E',
  '--key',
  '--resolve',
  '--limit-rate',
  '-c',
  '--cookie-jar',
  '--max-redirs',
  '-K',
  '--config',
  '--interface',
  '--dns-servers',
  '-A',
  '--user-agent',
  '-e',
  '--referer',
])
const DATA = new Set([
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '--data-ascii',
  '--data-urlencode',
])
/** short options that take a value, for `-XPOST` and `-H'…'` written without a space */
const SHORT_WITH_VALUE = new Set([
  'X',
  'H',
  'd',
  'u',
  'b',
  'o',
  'm',
  'w',
  'x',
  'E',
  'c',
  'K',
  'A',
  'e',
  'F',
  'T',
  'r',
])

/** One `curl …` command as an import request. */
function readCurl(words: string[], where: string, notes: Set<string>): DraftRequest {
  let method: string | null = null
  let url: string | null = null
  const headers: [string, string][] = []
  const data: string[] = []
  let json = false
  let get = false
  let head = false
  const args = words.slice(1)
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!
    let value: string | undefined
    // -XPOST, -H'Accept: x' and --opt=value
    if (/^-[A-Za-z]./.test(a) && SHORT_WITH_VALUE.has(a[1]!)) {
      value = a.slice(2)
      a = a.slice(0, 2)
    } else if (a.startsWith('--') && a.includes('=')) {
      value = a.slice(a.indexOf('=') + 1)
      a = a.slice(0, a.indexOf('='))
    }
    const next = (): string => {
      if (value !== undefined) return value
      const v = args[++i]
      if (v === undefined) throw new ImportError(`${where}: ${a} needs a value`)
      return v
    }
    if (a === '-X' || a === '--request') method = next()
    else if (a === '-H' || a === '--header') {
      const h = next()
      const colon = h.indexOf(':')
      if (colon > 0) {
        const v = h.slice(colon + 1).trim()
        if (v !== '') headers.push([h.slice(0, colon).trim(), v])
      }
    } else if (DATA.has(a)) {
      const d = next()
      if (d.startsWith('@') && a !== '--data-raw')
        notes.add(`${where}: a body read from a file (${d}) is not included`)
      else data.push(a === '--data-urlencode' ? urlencodeArg(d) : d)
    } else if (a === '--json') {
      data.push(next())
      json = true
    } else if (a === '-u' || a === '--user') {
      headers.push(['Authorization', `Basic ${Buffer.from(next()).toString('base64')}`])
    } else if (a === '-b' || a === '--cookie') {
      const c = next()
      if (c.includes('=')) headers.push(['Cookie', c])
    } else if (a === '--url') url = next()
    else if (a === '-G' || a === '--get') get = true
    else if (a === '-I' || a === '--head') head = true
    else if (a === '-F' || a === '--form') {
      next()
      notes.add(`${where}: multipart form fields (-F) are not imported`)
    } else if (a === '-k' || a === '--insecure')
      notes.add(
        'curl -k was used: tick "accept invalid TLS certificates" on the target if it needs it',
      )
    else if (IGNORED_WITH_VALUE.has(a)) next()
    else if (a.startsWith('-'))
      continue // a flag without a value (-s, -L, --compressed, …)
    else if (url === null) url = a
  }
  if (url === null) throw new ImportError(`${where}: the curl command has no URL`)
  if (!/^[a-z]+:\/\//i.test(url)) url = `http://${url}`
  let body = data.length ? data.join('&') : undefined
  if (get && body !== undefined) {
    url += (url.includes('?') ? '&' : '?') + body
    body = undefined
  }
  if (json) {
    if (!hasHeader(headers, 'content-type')) headers.push(['Content-Type', 'application/json'])
    if (!hasHeader(headers, 'accept')) headers.push(['Accept', 'application/json'])
  } else if (body !== undefined && !hasHeader(headers, 'content-type'))
    headers.push(['Content-Type', 'application/x-www-form-urlencoded'])
  const m = method ?? (head ? 'HEAD' : body !== undefined ? 'POST' : 'GET')
  return { method: m, url, headers, ...(body !== undefined ? { body } : {}) }
}

/** `name=value` is sent with the value encoded; a bare value is encoded whole. */
function urlencodeArg(d: string): string {
  const eq = d.indexOf('=')
  return eq < 0 ? encodeURIComponent(d) : `${d.slice(0, eq)}=${encodeURIComponent(d.slice(eq + 1))}`
}

/** A file of one or more curl commands (from a terminal, docs, or a browser's "Copy as cURL"). */
export function readCurlFile(text: string, file: string): ParsedFile {
  const commands = curlCommands(text)
  if (commands.length === 0) throw new ImportError(`${file}: no line starts with "curl"`)
  const out = newParsed('curl')
  const notes = new Set<string>()
  for (const c of commands) {
    const where = `${file}:${c.line}`
    out.requests.push(readCurl(shellWords(c.text, where), where, notes))
  }
  out.notes.push(...notes)
  return out
}
