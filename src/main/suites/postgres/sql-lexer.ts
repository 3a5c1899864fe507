/**
 * A token-aware reading of SQL text, the way PostgreSQL's lexer splits it: comments (nested
 * block comments too), string constants (standard, E'', U&'', B'', X''), dollar quotes,
 * quoted identifiers and `$` inside identifiers (`a$b$` is one identifier, not a dollar quote).
 * The guard decides on tokens, never on raw text.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'op'

export interface Token {
  kind: TokenKind
  /** words lower-cased; quoted identifiers unquoted as written; punctuation as is */
  text: string
  /** offset in the source */
  at: number
}

const identStart = (c: string | undefined): boolean =>
  c !== undefined && /[A-Za-z_\u0080-\uffff]/.test(c)
const identPart = (c: string | undefined): boolean =>
  c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c)

const OP_CHARS = '+-*/<>=~!@#%^&|`?'

/** Splits SQL into tokens; comments and white space are dropped. */
export function lexSql(sql: string): Token[] {
  const out: Token[] = []
  const n = sql.length
  let i = 0
  while (i < n) {
    const c = sql[i]!
    const next = sql[i + 1]
    if (/\s/.test(c)) {
      i++
    } else if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++
    } else if (c === '/' && next === '*') {
      i = endOfBlockComment(sql, i)
    } else if (c === "'" || ((c === 'e' || c === 'E') && next === "'")) {
      const at = i
      const escapes = c !== "'"
      i += escapes ? 2 : 1
      i = endOfString(sql, i, escapes)
      out.push({ kind: 'string', text: '', at })
    } else if (
      (c === 'b' || c === 'B' || c === 'x' || c === 'X' || c === 'n' || c === 'N') &&
      next === "'"
    ) {
      const at = i
      i = endOfString(sql, i + 2, false)
      out.push({ kind: 'string', text: '', at })
    } else if (
      (c === 'u' || c === 'U') &&
      next === '&' &&
      (sql[i + 2] === "'" || sql[i + 2] === '"')
    ) {
      const at = i
      if (sql[i + 2] === "'") {
        i = endOfString(sql, i + 3, false)
        out.push({ kind: 'string', text: '', at })
      } else {
        const [name, end] = quotedIdent(sql, i + 2)
        i = end
        out.push({ kind: 'quoted', text: name, at })
      }
    } else if (c === '"') {
      const at = i
      const [name, end] = quotedIdent(sql, i)
      i = end
      out.push({ kind: 'quoted', text: name, at })
    } else if (c === '$') {
      const at = i
      const param = /^\$(\d+)/.exec(sql.slice(i, i + 12))
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(
        sql.slice(i, i + 70),
      )
      if (param) {
        i += param[0].length
        out.push({ kind: 'param', text: param[0], at })
      } else if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length)
        i = close < 0 ? n : close + tag[0].length
        out.push({ kind: 'string', text: '', at })
      } else {
        i++
        out.push({ kind: 'op', text: '$', at })
      }
    } else if (identStart(c)) {
      const at = i
      while (i < n && identPart(sql[i])) i++
      out.push({ kind: 'word', text: sql.slice(at, i).toLowerCase(), at })
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next ?? ''))) {
      const at = i
      while (i < n && /[0-9A-Za-z_.]/.test(sql[i]!)) {
        // 1e-5 / 1e+5
        if ((sql[i] === 'e' || sql[i] === 'E') && (sql[i + 1] === '-' || sql[i + 1] === '+')) i++
        i++
      }
      out.push({ kind: 'number', text: sql.slice(at, i), at })
    } else if ('(),;[]:.'.includes(c)) {
      out.push({ kind: 'punct', text: c, at: i })
      i++
    } else if (OP_CHARS.includes(c)) {
      const at = i
      while (i < n && OP_CHARS.includes(sql[i]!) && !(sql[i] === '-' && sql[i + 1] === '-')) {
        if (sql[i] === '/' && sql[i + 1] === '*') break
        i++
      }
      out.push({ kind: 'op', text: sql.slice(at, i), at })
    } else {
      out.push({ kind: 'op', text: c, at: i })
      i++
    }
  }
  return out
}

/** Index after a block comment opening at `i` (PostgreSQL nests them). */
export function endOfBlockComment(sql: string, i: number): number {
  const n = sql.length
  let depth = 1
  i += 2
  while (i < n && depth > 0) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++
      i += 2
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--
      i += 2
    } else i++
  }
  return i
}

/** Index after the closing quote of a string body starting at `i`. */
export function endOfString(sql: string, i: number, escapes: boolean): number {
  const n = sql.length
  while (i < n) {
    const c = sql[i]
    if (escapes && c === '\\') i += 2
    else if (c === "'" && sql[i + 1] === "'") i += 2
    else if (c === "'") return i + 1
    else i++
  }
  return n
}

/** A "quoted identifier" starting at the quote: its name and the index after it. */
function quotedIdent(sql: string, i: number): [string, number] {
  let name = ''
  let j = i + 1
  while (j < sql.length) {
    if (sql[j] === '"' && sql[j + 1] === '"') {
      name += '"'
      j += 2
    } else if (sql[j] === '"') return [name, j + 1]
    else name += sql[j++]
  }
  return [name, j]
}

/** The statements of a token list (split at `;`), empty ones dropped. */
export function statementsOf(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [[]]
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === ';') out.push([])
    else out[out.length - 1]!.push(t)
  }
  return out.filter((s) => s.length > 0)
}

/** Names written as calls, `name(` or `schema.name(`, as [schema or null, name]. */
export function calledNames(tokens: readonly Token[]): [string | null, string][] {
  const out: [string | null, string][] = []
  for (let k = 0; k < tokens.length - 1; k++) {
    const t = tokens[k]!
    const after = tokens[k + 1]!
    if ((t.kind !== 'word' && t.kind !== 'quoted') || after.text !== '(' || after.kind !== 'punct')
      continue
    const dot = tokens[k - 1]
    const schema = tokens[k - 2]
    const qualified =
      dot?.kind === 'punct' &&
      dot.text === '.' &&
      (schema?.kind === 'word' || schema?.kind === 'quoted')
    out.push([qualified ? schema.text : null, t.text])
  }
  return out
}
