import { defineSuiteUi } from '../types'
import { httpCharts, httpChartsFor } from './charts'
import { httpLoadConfigFromDraft, httpLoadDraftFromConfig, newHttpLoadDraft } from './draft'
import { HttpLoadForm } from './Form'
import { HttpLoadLiveStats, HttpLoadResultView } from './ResultView'
import { httpTargetUi } from './TargetForm'

/** The HTTP load suite in the UI: the pattern every suite folder follows. */
export const httpLoadUi = defineSuiteUi({
  kind: 'http-load',
  label: 'HTTP load',
  targetKind: 'http',
  newDraft: newHttpLoadDraft,
  fromConfig: httpLoadDraftFromConfig,
  toConfig: httpLoadConfigFromDraft,
  Form: HttpLoadForm,
  charts: httpCharts,
  chartsFor: httpChartsFor,
  LiveStats: HttpLoadLiveStats,
  ResultView: HttpLoadResultView,
  target: httpTargetUi,
})
