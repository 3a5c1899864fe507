import type { ConnectionTestResult, PostgresTarget } from '@shared/index'
import { clientConfig, connectionErrorMessage, describeTarget } from './postgres-connection'

interface RightsRow {
  version: string
  user: string
  database: string
  superuser: boolean
  createdb: boolean
  create_in_db: boolean
  create_in_public: boolean
  writable_tables: number
  in_recovery: boolean
  read_all_stats: boolean
  pgss_installed: boolean
  pgss_available: boolean
  pgss_loaded: boolean
}

const yes = (b: boolean): string => (b ? 'yes' : 'no')

/**
 * "Test connection" for a PostgreSQL target: connects (read-only session), and reports the
 * server version and what the role may do. Never throws: a failure is a result with ok=false.
 * pg is imported lazily so that the main thread only loads it when a user asks.
 */
export async function testPostgresConnection(
  target: PostgresTarget,
): Promise<ConnectionTestResult> {
  const { default: pg } = await import('pg')
  let client: InstanceType<typeof pg.Client>
  try {
    client = new pg.Client(
      clientConfig(target, { readOnly: true, applicationName: 'perfdesk test connection' }),
    )
  } catch (err) {
    return {
      ok: false,
      message: err instanceof Error ? err.message : String(err),
      latencyMs: null,
      details: {},
    }
  }
  client.on('error', () => undefined)
  const t0 = performance.now()
  try {
    await client.connect()
    const latencyMs = Math.round((performance.now() - t0) * 100) / 100
    const r = await client.query<RightsRow>(`
      SELECT current_setting('server_version') AS version,
             current_user AS user,
             current_database() AS database,
             r.rolsuper AS superuser,
             r.rolcreatedb AS createdb,
             has_database_privilege(current_database(), 'CREATE') AS create_in_db,
             coalesce(has_schema_privilege('public', 'CREATE'), false) AS create_in_public,
             (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                 AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE')) AS writable_tables,
             pg_is_in_recovery() AS in_recovery,
             pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS read_all_stats,
             EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss_installed,
             EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') AS pgss_available,
             'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) AS pgss_loaded
        FROM pg_roles r WHERE r.rolname = current_user`)
    const x = r.rows[0]
    if (!x) throw new Error('the current role is not in pg_roles')
    const canWrite = !x.in_recovery && (x.superuser || x.writable_tables > 0 || x.create_in_public)
    const pgss = x.pgss_installed
      ? x.pgss_loaded
        ? 'installed'
        : 'installed but not in shared_preload_libraries'
      : x.pgss_available
        ? 'available, not installed (CREATE EXTENSION pg_stat_statements)'
        : 'not available'
    return {
      ok: true,
      message: `connected to PostgreSQL ${x.version} at ${describeTarget(target)} as ${x.user} in ${latencyMs} ms`,
      latencyMs,
      details: {
        serverVersion: x.version,
        user: x.user,
        database: x.database,
        superuser: yes(x.superuser),
        createdb: yes(x.createdb),
        canWrite: x.in_recovery
          ? 'no (the server is a read-only standby)'
          : canWrite
            ? `yes (${x.superuser ? 'superuser' : `${x.writable_tables} writable tables${x.create_in_public ? ', may create in public' : ''}`})`
            : 'no',
        createInDatabase: yes(x.create_in_db),
        pgReadAllStats: yes(x.superuser || x.read_all_stats),
        pgStatStatements: pgss,
      },
    }
  } catch (err) {
    return { ok: false, message: connectionErrorMessage(err, target), latencyMs: null, details: {} }
  } finally {
    await client.end().catch(() => undefined)
  }
}
