import { ImportError } from './common'

const ANSI_C: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  v: '\v',
  '0': '\0',
}

/**
 * Splits one shell command line into words as bash would for the quoting curl commands use:
 * '…', "…" (with \" \\ \$ \` escapes), $'…' (ANSI-C escapes, as "Copy as cURL" writes), and
 * backslash escapes. No expansion: `$VAR` stays as written.
 */
export function shellWords(line: string, where: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let i = 0
  const fail = (what: string): never => {
    throw new ImportError(`${where}: ${what}`)
  }
  while (i < line.length) {
    const c = line[i]!
    if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
      i++
      continue
    }
    inWord = true
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) fail('a single quote is not closed')
      word += line.slice(i + 1, end)
      i = end + 1
    } else if (c === '$' && line[i + 1] === "'") {
      i += 2
      while (i < line.length && line[i] !== "'") {
        if (line[i] === '\\' && i + 1 < line.length) {
          const e = line[i + 1]!
          if (e === 'x') {
            const hex = /^[0-9a-fA-F]{1,2}/.exec(line.slice(i + 2))?.[0] ?? ''
            word += String.fromCharCode(parseInt(hex || '0', 16))
            i += 2 + hex.length
          } else if (e === 'u' || e === 'U') {
            const hex =
              /^[0-9a-fA-F]{1,8}/.exec(line.slice(i + 2, i + (e === 'u' ? 6 : 10)))?.[0] ?? ''
            word += String.fromCodePoint(parseInt(hex || '0', 16))
            i += 2 + hex.length
          } else {
            word += ANSI_C[e] ?? `\\${e}`
            i += 2
          }
        } else word += line[i++]
      }
      if (i >= line.length) fail("a $'…' quote is not closed")
      i++
    } else if (c === '"') {
      i++
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && '"\\$`\n'.includes(line[i + 1] ?? '')) {
          word += line[i + 1]
          i += 2
        } else word += line[i++]
      }
      if (i >= line.length) fail('a double quote is not closed')
      i++
    } else if (c === '\\') {
      word += line[i + 1] ?? ''
      i += 2
    } else {
      word += c
      i++
    }
  }
  if (inWord) words.push(word)
  return words
}

/**
 * The curl commands of a file: lines joined at a trailing backslash (and Windows' `^`), a
 * command starting at each line whose first word is `curl` (a leading `$ ` prompt allowed),
 * blank lines and `#` comments skipped.
 */
export function curlCommands(text: string): { line: number; text: string }[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const out: { line: number; text: string }[] = []
  let current: { line: number; text: string } | null = null
  let continued = false
  lines.forEach((raw, n) => {
    const cont = /(\\|\s\^)\s*$/.test(raw)
    const body = cont ? raw.replace(/(\\|\^)\s*$/, '') : raw
    const trimmed = body.trim()
    if (!continued) {
      if (/^(\$\s+)?curl(\.exe)?\s/.test(trimmed) || trimmed === 'curl') {
        current = { line: n + 1, text: trimmed.replace(/^\$\s+/, '') }
        out.push(current)
      } else if (current && quoteOpen(current.text)) {
        // a line break inside a quote (a multi-line body): part of the same command
        current.text += `\n${body}`
      }
    } else if (current) current.text += ` ${body}`
    continued = cont && current !== null
  })
  return out
}

function quoteOpen(text: string): boolean {
  try {
    shellWords(text, '')
    return false
  } catch {
    return true
  }
}
