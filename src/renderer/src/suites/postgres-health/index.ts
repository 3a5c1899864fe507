import { defineSuiteUi } from '../types'
import { newPgHealthDraft, pgHealthConfigFromDraft, pgHealthDraftFromConfig } from './draft'
import { PgHealthForm } from './Form'
import { PgHealthLiveStats, PgHealthResultView } from './ResultView'

/** PostgreSQL health in the UI: findings with their fix, the catalog tables, the backup check. */
export const postgresHealthUi = defineSuiteUi({
  kind: 'postgres-health',
  label: 'PostgreSQL health',
  targetKind: 'postgres',
  newDraft: newPgHealthDraft,
  fromConfig: pgHealthDraftFromConfig,
  toConfig: pgHealthConfigFromDraft,
  Form: PgHealthForm,
  charts: [],
  LiveStats: PgHealthLiveStats,
  ResultView: PgHealthResultView,
})
