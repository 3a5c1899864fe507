/** Names whose words are not plain camelCase: abbreviations, units, PostgreSQL's own names. */
const KNOWN: Record<string, string> = {
  pgStatStatements: 'pg_stat_statements',
  pgReadAllStats: 'May read pg_stat_* (pg_read_all_stats)',
  createdb: 'May create databases',
  createInDatabase: 'May create in the database',
  canWrite: 'May write',
  superuser: 'Superuser',
  pid: 'PID',
}
const WORDS: Record<string, string> = {
  tls: 'TLS',
  http: 'HTTP',
  ssl: 'SSL',
  dns: 'DNS',
  tcp: 'TCP',
  cert: 'certificate',
  db: 'database',
  pid: 'PID',
}

/**
 * A connection test's detail key in words: "firstByteMs" → "First byte (ms)",
 * "tlsProtocol" → "TLS protocol". Keys come from the server as identifiers.
 */
export function detailLabel(key: string): string {
  const known = KNOWN[key]
  if (known) return known
  const unit = /Ms$/.test(key) ? ' (ms)' : ''
  const words = key
    .replace(/Ms$/, '')
    .split(/(?=[A-Z])/)
    .map((w) => w.toLowerCase())
    .map((w) => WORDS[w] ?? w)
  const text = words.join(' ') + unit
  return text.charAt(0).toUpperCase() + text.slice(1)
}
