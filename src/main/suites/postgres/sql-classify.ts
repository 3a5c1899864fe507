/**
 * Decides whether a SQL text may modify the database, from its statements' leading keywords.
 * It is the first guard of a read-only plan; the read-only session is the second.
 * Allow-list: only statements known to be read-only pass.
 */

import { deniedFunction } from './guard'
import { endOfBlockComment, endOfString } from './sql-lexer'

export interface WriteVerdict {
  write: boolean
  /** why, e.g. `UPDATE modifies data` */
  reason: string
}

/** Replaces comments, string literals, dollar-quoted bodies and quoted identifiers with spaces. */
export function stripSql(sql: string): string {
  let out = ''
  let i = 0
  const n = sql.length
  while (i < n) {
    const c = sql[i]!
    const next = sql[i + 1]
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++
      out += ' '
    } else if (c === '/' && next === '*') {
      i = endOfBlockComment(sql, i)
      out += ' '
    } else if (c === "'") {
      // E'…' strings allow backslash escapes
      const escapes = /[eE]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? '')
      i = endOfString(sql, i + 1, escapes)
      out += " '' "
    } else if (c === '"') {
      i++
      while (i < n && !(sql[i] === '"' && sql[i + 1] !== '"')) i += sql[i] === '"' ? 2 : 1
      i++
      out += ' "q" '
    } else if (c === '$' && /[A-Za-z0-9_$]/.test(sql[i - 1] ?? ' ')) {
      // `$` inside an identifier (a$b$ is one name, not the start of a dollar quote)
      out += c
      i++
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))
      if (m) {
        const end = sql.indexOf(m[0], i + m[0].length)
        i = end < 0 ? n : end + m[0].length
        out += " '' "
      } else {
        out += c
        i++
      }
    } else {
      out += c
      i++
    }
  }
  return out
}

/** Splits stripped SQL into its non-empty statements. */
export function splitStatements(stripped: string): string[] {
  return stripped
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

const words = (s: string): string[] => s.toUpperCase().match(/[A-Z_][A-Z0-9_$]*/g) ?? []

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])
const TXN_MODE = /\b(READ\s+WRITE|DEFAULT_TRANSACTION_READ_ONLY|TRANSACTION_READ_ONLY)\b/i

function verdictFor(statement: string): WriteVerdict {
  const upper = statement.toUpperCase()
  const w = words(statement)
  const first = w[0] ?? ''
  const ok: WriteVerdict = { write: false, reason: `${first} reads only` }
  switch (first) {
    case 'SELECT':
    case 'VALUES':
    case 'TABLE':
    case 'WITH': {
      const dml = w.find((x) => DML.has(x))
      if (dml) {
        if (dml === 'UPDATE' && /\bFOR\s+(NO\s+KEY\s+)?UPDATE\b/.test(upper)) {
          return { write: true, reason: 'SELECT … FOR UPDATE locks rows for writing' }
        }
        return { write: true, reason: `${first === 'WITH' ? 'WITH … ' : ''}${dml} modifies data` }
      }
      if (/\bFOR\s+(KEY\s+)?SHARE\b/.test(upper)) {
        return { write: true, reason: 'SELECT … FOR SHARE locks rows' }
      }
      if (/\bINTO\b/.test(upper) && first === 'SELECT') {
        return { write: true, reason: 'SELECT … INTO creates a table' }
      }
      const fn =
        /\b(NEXTVAL|SETVAL|PG_ADVISORY_LOCK|PG_ADVISORY_XACT_LOCK|LO_UNLINK|LO_CREAT|LO_IMPORT)\s*\(/.exec(
          upper,
        )
      if (fn) return { write: true, reason: `${fn[1]!.toLowerCase()}() changes state` }
      return ok
    }
    case 'SHOW':
      return ok
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
      return { write: true, reason: `${first} modifies data` }
    case 'EXPLAIN': {
      // EXPLAIN ANALYZE runs the statement; plain EXPLAIN only plans it.
      const rest = statement.replace(/^\s*EXPLAIN\s*(\([^)]*\))?/i, '')
      const opts = /^\s*EXPLAIN\s*\(([^)]*)\)/i.exec(statement)?.[1] ?? ''
      const analyze = /\bANALY[SZ]E\b/i.test(opts) && !/\bANALY[SZ]E\s+(FALSE|OFF|0)\b/i.test(opts)
      const bare = /^\s*(ANALY[SZ]E)\b/i.test(rest)
      const inner = rest
        .replace(/^\s*(ANALY[SZ]E|VERBOSE)\b/gi, '')
        .replace(/^\s*(ANALY[SZ]E|VERBOSE)\b/gi, '')
      const v = verdictFor(inner)
      if (v.write && (analyze || bare))
        return { write: true, reason: `EXPLAIN ANALYZE runs it: ${v.reason}` }
      return { write: false, reason: 'EXPLAIN only plans the statement' }
    }
    case 'COPY':
      if (/\bFROM\b/.test(upper)) return { write: true, reason: 'COPY … FROM loads data' }
      return ok
    case 'SET':
    case 'RESET':
    case 'BEGIN':
    case 'START':
      if (TXN_MODE.test(statement) || (first === 'RESET' && w[1] === 'ALL')) {
        return { write: true, reason: `${first} would turn the read-only session off` }
      }
      if (first === 'SET' || first === 'RESET')
        return { write: false, reason: `${first} changes a setting` }
      return { write: false, reason: `${first} opens a transaction` }
    case 'COMMIT':
    case 'END':
    case 'ROLLBACK':
    case 'ABORT':
    case 'SAVEPOINT':
    case 'RELEASE':
    case 'FETCH':
    case 'MOVE':
    case 'CLOSE':
      return { write: false, reason: `${first} changes no data` }
    case '':
      return { write: false, reason: 'empty statement' }
    default:
      if (WRITE_COMMANDS.has(first)) {
        return {
          write: true,
          reason:
            first === 'CALL' || first === 'DO' || first === 'EXECUTE'
              ? `${first} may modify data`
              : `${first} modifies the database`,
        }
      }
      // not a command PostgreSQL knows (a typo): the server will reject it, and the session is read-only
      return { write: false, reason: `${first} is not a known command` }
  }
}

/** Commands that change data, schema, privileges or server state (or may, like CALL). */
const WRITE_COMMANDS = new Set([
  'CREATE',
  'ALTER',
  'DROP',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'VACUUM',
  'ANALYZE',
  'ANALYSE',
  'CLUSTER',
  'REINDEX',
  'COMMENT',
  'LOCK',
  'REFRESH',
  'SECURITY',
  'IMPORT',
  'CALL',
  'DO',
  'EXECUTE',
  'PREPARE',
  'NOTIFY',
  'LISTEN',
  'UNLISTEN',
  'DISCARD',
  'CHECKPOINT',
  'LOAD',
  'REASSIGN',
  'DECLARE',
  'SECURITY',
])

/** The first statement of `sql` that may write, or a read-only verdict. */
export function classifySql(sql: string): WriteVerdict {
  const statements = splitStatements(stripSql(sql))
  for (const s of statements) {
    const v = verdictFor(s)
    if (v.write) return v
  }
  const fn = deniedFunction(sql)
  if (fn) return { write: true, reason: `${fn}() changes server or session state` }
  return { write: false, reason: 'reads only' }
}

/** The leading keyword, upper-cased (after comments). */
export function leadingKeyword(sql: string): string {
  return words(stripSql(sql))[0] ?? ''
}

const OTHER_COMMANDS = new Set([
  'SHOW',
  'SET',
  'RESET',
  'BEGIN',
  'START',
  'COMMIT',
  'END',
  'ROLLBACK',
  'ABORT',
  'SAVEPOINT',
  'RELEASE',
  'FETCH',
  'MOVE',
  'CLOSE',
  'COPY',
  'EXPLAIN',
])

/**
 * Whether a pre-flight EXPLAIN can check the statement without running it: plannable statements,
 * and unknown words too (EXPLAIN then reports the syntax error without running anything).
 */
export function isExplainable(sql: string): boolean {
  const statements = splitStatements(stripSql(sql))
  if (statements.length !== 1) return false
  const first = leadingKeyword(sql)
  return !WRITE_COMMANDS.has(first) && !OTHER_COMMANDS.has(first)
}
