import type Database from 'better-sqlite3'

/**
 * Which plans and runs came from elsewhere (a file, an import) and are not yet approved, and
 * which non-loopback hosts the user has confirmed for a target. Kept in their own tables,
 * created on first open, so the marks never change a run's or a plan's own rows.
 */
export interface TrustMarks {
  isUntrusted(kind: 'plan' | 'run', id: string): boolean
  setUntrusted(kind: 'plan' | 'run', id: string, untrusted: boolean): void
  isHostApproved(target: string, host: string): boolean
  approveHost(target: string, host: string): void
}

export function sqliteTrustMarks(db: Database.Database): TrustMarks {
  db.exec(`
    CREATE TABLE IF NOT EXISTS untrusted (
      kind TEXT NOT NULL, id TEXT NOT NULL, marked_at TEXT NOT NULL, PRIMARY KEY (kind, id));
    CREATE TABLE IF NOT EXISTS approved_hosts (
      target TEXT NOT NULL, host TEXT NOT NULL, approved_at TEXT NOT NULL, PRIMARY KEY (target, host));
  `)
  const now = (): string => new Date().toISOString()
  return {
    isUntrusted: (kind, id) =>
      db.prepare('SELECT 1 FROM untrusted WHERE kind = ? AND id = ?').get(kind, id) !== undefined,
    setUntrusted: (kind, id, untrusted) => {
      if (untrusted)
        db.prepare('INSERT OR IGNORE INTO untrusted (kind, id, marked_at) VALUES (?, ?, ?)').run(
          kind,
          id,
          now(),
        )
      else db.prepare('DELETE FROM untrusted WHERE kind = ? AND id = ?').run(kind, id)
    },
    isHostApproved: (target, host) =>
      db.prepare('SELECT 1 FROM approved_hosts WHERE target = ? AND host = ?').get(target, host) !==
      undefined,
    approveHost: (target, host) => {
      db.prepare(
        'INSERT OR IGNORE INTO approved_hosts (target, host, approved_at) VALUES (?, ?, ?)',
      ).run(target, host, now())
    },
  }
}

/** For stores without a database (tests): marks in memory. */
export function memoryTrustMarks(): TrustMarks {
  const marks = new Set<string>()
  const hosts = new Set<string>()
  return {
    isUntrusted: (kind, id) => marks.has(`${kind}:${id}`),
    setUntrusted: (kind, id, u) =>
      void (u ? marks.add(`${kind}:${id}`) : marks.delete(`${kind}:${id}`)),
    isHostApproved: (t, h) => hosts.has(`${t} ${h}`),
    approveHost: (t, h) => void hosts.add(`${t} ${h}`),
  }
}
