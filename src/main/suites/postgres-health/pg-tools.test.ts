import { describe, expect, it } from 'vitest'
import { findPgTool, libpqConnection, withDatabase } from './pg-tools'

describe('pg_dump and pg_restore', () => {
  it('finds the tool of the server major version on this machine', async () => {
    const t = await findPgTool('pg_dump', 15)
    expect(t.major).toBe(15)
    expect(t.version).toMatch(/pg_dump \(PostgreSQL\) 15/)
  })

  it('names the package when no copy fits the server', async () => {
    await expect(findPgTool('pg_restore', 99)).rejects.toThrow(
      /pg_restore 99 or newer .* apt-get install postgresql-client-99/,
    )
  })

  it('passes the password in the environment, never on the command line', () => {
    const c = libpqConnection(
      {
        id: 'db',
        kind: 'postgres',
        connectionString: 'postgres://app:s3cret@db.local:6543/shop?sslmode=require',
      },
      'perfdesk_restore_x',
    )
    expect(c.env).toEqual({ PGPASSWORD: 's3cret' })
    expect(c.dbArg).toBe('postgres://app@db.local:6543/perfdesk_restore_x?sslmode=require')
    const f = libpqConnection({
      id: 'db',
      kind: 'postgres',
      host: 'h',
      port: 5433,
      user: 'u',
      password: 'pw',
      database: 'shop',
    })
    expect(f).toEqual({
      dbArg: 'shop',
      env: { PGHOST: 'h', PGPORT: '5433', PGUSER: 'u', PGPASSWORD: 'pw' },
    })
    expect(withDatabase({ connectionString: 'postgres://a@h/x' }, 'y').connectionString).toBe(
      'postgres://a@h/y',
    )
  })
})
