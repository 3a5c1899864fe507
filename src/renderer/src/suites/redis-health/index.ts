import { defineSuiteUi } from '../types'
import {
  newRedisHealthDraft,
  redisHealthConfigFromDraft,
  redisHealthDraftFromConfig,
} from './draft'
import { RedisHealthForm } from './Form'
import { RedisHealthLiveStats, RedisHealthResultView } from './ResultView'

/** Redis health in the UI: findings, big keys, TTLs, server state and the cache-sizing curve. */
export const redisHealthUi = defineSuiteUi({
  kind: 'redis-health',
  label: 'Redis health',
  targetKind: 'redis',
  newDraft: newRedisHealthDraft,
  fromConfig: redisHealthDraftFromConfig,
  toConfig: redisHealthConfigFromDraft,
  Form: RedisHealthForm,
  charts: [],
  LiveStats: RedisHealthLiveStats,
  ResultView: RedisHealthResultView,
})
