import type { PostgresHealthConfig } from '@shared/index'
import { defineSuite } from '../contract'
import { postgresHealthReport } from './report'

/** Checks the schema cannot express: the backup check writes a scratch database. */
export function validatePostgresHealthConfig(
  c: PostgresHealthConfig,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  if (c.backupCheck && !c.allowWrites)
    problems.push({
      path: 'backupCheck',
      message:
        'the backup check creates (and drops again) a scratch database perfdesk_restore_<run> on this server: set "allowWrites": true on the suite to allow it',
    })
  if (c.rtoSec !== undefined && !c.backupCheck)
    problems.push({
      path: 'rtoSec',
      message:
        'rtoSec is the limit for the backup check\'s restore: set "backupCheck": true, or remove rtoSec',
    })
  return problems
}

export const postgresHealthSuite = defineSuite({
  kind: 'postgres-health',
  label: 'PostgreSQL health',
  loadWorker: async () => (await import('./worker')).postgresHealthWorker,
  report: postgresHealthReport,
  describe: (c) => c.name ?? `PostgreSQL health${c.backupCheck ? ' + backup check' : ''}`,
  // catalog reads take seconds; a backup's length cannot be known beforehand
  expectedSec: (c) => (c.backupCheck ? null : 5),
  validate: validatePostgresHealthConfig,
})
