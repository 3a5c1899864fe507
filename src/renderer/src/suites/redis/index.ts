import { defineSuiteUi } from '../types'
import { redisCharts } from './charts'
import { newRedisDraft, redisConfigFromDraft, redisDraftFromConfig } from './draft'
import { RedisForm } from './Form'
import { RedisLiveStats, RedisResultView } from './ResultView'
import { redisTargetUi } from './TargetForm'

/** The Redis suite in the UI: matrix, compression, hit rate, TTL and server health. */
export const redisUi = defineSuiteUi({
  kind: 'redis',
  label: 'Redis',
  targetKind: 'redis',
  newDraft: newRedisDraft,
  fromConfig: redisDraftFromConfig,
  toConfig: redisConfigFromDraft,
  Form: RedisForm,
  charts: redisCharts,
  LiveStats: RedisLiveStats,
  ResultView: RedisResultView,
  target: redisTargetUi,
})
