import pg from 'pg'
import type { Finding, PgBackup, PgHealthData } from '@shared/index'
import { rankFindings } from '../../analysis/findings'
import { clientConfig, connectionErrorMessage, queryErrorMessage } from '../postgres/connection'
import { wrongTargetKind } from '../common/target-kind'
import type { SuiteContext, SuiteOutput, SuiteWorker } from '../types'
import { healthFailure, healthOutcome, progressTicker } from '../common/health'
import { runBackupCheck } from './backup'
import { backupFindings, healthFindings } from './findings'
import { guardSession, readHealthData } from './read-health'

/**
 * postgres-health: catalog and statistics reads in a read-only session with a statement
 * timeout, turned into findings with the SQL that fixes each; then, when asked, the backup check.
 */
export const postgresHealthWorker: SuiteWorker<'postgres-health'> = {
  async run(ctx: SuiteContext<'postgres-health'>): Promise<SuiteOutput<'postgres-health'>> {
    const config = ctx.config
    if (ctx.target.kind !== 'postgres') throw wrongTargetKind('postgres-health', ctx.target)
    const target = ctx.target
    const tick = progressTicker(ctx, config.backupCheck ? null : 5)
    const notes: string[] = []
    let health: PgHealthData | undefined
    let backup: PgBackup | null = null
    let serverVersion: string | undefined
    const findings: Finding[] = []
    try {
      const c = new pg.Client(
        clientConfig(target, { readOnly: true, applicationName: 'perfdesk health' }),
      )
      c.on('error', () => undefined)
      try {
        await c.connect()
      } catch (err) {
        return failed(connectionErrorMessage(err, target))
      }
      try {
        await guardSession(c, config.statementTimeoutMs)
        health = await readHealthData(c, config, (l) => tick.set(l), ctx.signal)
        serverVersion = `PostgreSQL ${health.serverVersion}`
      } catch (err) {
        return failed(queryErrorMessage(err))
      } finally {
        await c.end().catch(() => undefined)
      }
      findings.push(...healthFindings(health, config))
      notes.push(
        `Read the statistics of ${health.tables} table${health.tables === 1 ? '' : 's'} in ${health.readMs} ms (read-only session, statement_timeout ${config.statementTimeoutMs} ms, lock_timeout 1 s).`,
      )
      for (const p of health.problems) notes.push(`Not read: ${p}`)

      if (config.backupCheck && !ctx.signal.aborted) {
        backup = await runBackupCheck({
          target,
          runId: ctx.runId,
          suiteIndex: ctx.suiteIndex,
          signal: ctx.signal,
          statementTimeoutMs: config.statementTimeoutMs,
          maxSec: config.backupMaxSec,
          onPhase: (l) => tick.set(`backup: ${l}`),
        })
        if (!(ctx.signal.aborted && backup.error === 'cancelled'))
          findings.push(...backupFindings(backup, config.rtoSec))
        notes.push(
          backup.dropped
            ? `The scratch database ${backup.scratchDatabase} was dropped.`
            : `The scratch database ${backup.scratchDatabase} could NOT be dropped: drop it by hand (DROP DATABASE ${backup.scratchDatabase} WITH (FORCE)).`,
        )
        for (const w of backup.restoreWarnings) notes.push(`pg_restore: ${w}`)
      }
    } finally {
      tick.stop()
    }
    const ranked = rankFindings(findings)
    return {
      ...healthOutcome(ctx.signal, ranked, notes, tick.elapsed()),
      health: health ?? null,
      backup,
      ...(serverVersion ? { serverVersion } : {}),
    }

    function failed(message: string): SuiteOutput<'postgres-health'> {
      return { ...healthFailure(message, notes), backup: null }
    }
  },
}
