import { defineSuiteUi } from '../types'
import { postgresCharts } from './charts'
import { newPostgresDraft, postgresConfigFromDraft, postgresDraftFromConfig } from './draft'
import { PostgresForm } from './Form'
import { PostgresLiveStats, PostgresResultView } from './ResultView'
import { postgresTargetUi } from './TargetForm'

/** The PostgreSQL suite in the UI: queries, pool-size sweep, plans, health. */
export const postgresUi = defineSuiteUi({
  kind: 'postgres',
  label: 'PostgreSQL',
  targetKind: 'postgres',
  newDraft: newPostgresDraft,
  fromConfig: postgresDraftFromConfig,
  toConfig: postgresConfigFromDraft,
  Form: PostgresForm,
  charts: postgresCharts,
  LiveStats: PostgresLiveStats,
  ResultView: PostgresResultView,
  target: postgresTargetUi,
})
