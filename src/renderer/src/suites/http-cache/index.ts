import { defineSuiteUi } from '../types'
import { httpCacheCharts } from './charts'
import { httpCacheConfigFromDraft, httpCacheDraftFromConfig, newHttpCacheDraft } from './draft'
import { HttpCacheForm } from './Form'
import { HttpCacheLiveStats, HttpCacheResultView } from './ResultView'

/** The HTTP caching audit in the UI: resources, timings, CDN hits, invalidation window. */
export const httpCacheUi = defineSuiteUi({
  kind: 'http-cache',
  label: 'HTTP cache',
  targetKind: 'http',
  newDraft: newHttpCacheDraft,
  fromConfig: httpCacheDraftFromConfig,
  toConfig: httpCacheConfigFromDraft,
  Form: HttpCacheForm,
  charts: httpCacheCharts,
  LiveStats: HttpCacheLiveStats,
  ResultView: HttpCacheResultView,
})
