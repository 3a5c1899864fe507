import type { PostgresHealthConfig, SuiteConfig } from '@shared/index'
import { configFromDraft, type DraftConfig } from '../common/config-from-draft'
import { numberText } from '../common/draft-text'

export interface PgHealthDraft {
  statementTimeoutMs: string
  limit: string
  idleInTransactionSec: string
  longRunningSec: string
  largeTableRows: string
  backupCheck: boolean
  allowWrites: boolean
  rtoSec: string
  /** settings this form does not edit, kept for "run again" */
  kept: Partial<PostgresHealthConfig>
  keptLimits: Partial<PostgresHealthConfig['limits']>
}

export function newPgHealthDraft(): PgHealthDraft {
  return {
    statementTimeoutMs: '5000',
    limit: '10',
    idleInTransactionSec: '60',
    longRunningSec: '300',
    largeTableRows: '10000',
    backupCheck: false,
    allowWrites: false,
    rtoSec: '',
    kept: {},
    keptLimits: {},
  }
}

export function pgHealthDraftFromConfig(config: SuiteConfig): PgHealthDraft {
  if (config.kind !== 'postgres-health') return newPgHealthDraft()
  const {
    statementTimeoutMs,
    limit,
    limits,
    backupCheck,
    allowWrites,
    rtoSec,
    kind: _k,
    target: _t,
    ...kept
  } = config
  const { idleInTransactionSec, longRunningSec, largeTableRows, ...keptLimits } = limits
  return {
    statementTimeoutMs: String(statementTimeoutMs),
    limit: String(limit),
    idleInTransactionSec: String(idleInTransactionSec),
    longRunningSec: String(longRunningSec),
    largeTableRows: String(largeTableRows),
    backupCheck,
    allowWrites,
    rtoSec: numberText(rtoSec),
    kept,
    keptLimits,
  }
}

export function pgHealthConfigFromDraft(d: PgHealthDraft, targetId: string): DraftConfig {
  return configFromDraft('postgres-health', targetId, d.kept, (n) => ({
    statementTimeoutMs: n(d.statementTimeoutMs, 'statementTimeoutMs', true),
    limit: n(d.limit, 'limit', true),
    limits: {
      ...d.keptLimits,
      idleInTransactionSec: n(d.idleInTransactionSec, 'limits.idleInTransactionSec'),
      longRunningSec: n(d.longRunningSec, 'limits.longRunningSec'),
      largeTableRows: n(d.largeTableRows, 'limits.largeTableRows', true),
    },
    backupCheck: d.backupCheck,
    allowWrites: d.allowWrites,
    rtoSec: d.backupCheck ? n(d.rtoSec, 'rtoSec') : undefined,
  }))
}
