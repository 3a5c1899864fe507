import type { RedisHealthConfig, SuiteConfig } from '@shared/index'
import { configFromDraft, type DraftConfig } from '../common/config-from-draft'
import { parsePercentField, percentText } from '../common/draft-text'
import { parseSizeList, sizeText } from '../redis/draft'

export interface RedisHealthDraft {
  maxKeys: string
  keysPerSec: string
  maxSec: string
  /** "1 MB", "512 KB" */
  bigKeyBytes: string
  noTtlSharePct: string
  zipf: string
  kept: Partial<RedisHealthConfig>
}

export function newRedisHealthDraft(): RedisHealthDraft {
  return {
    maxKeys: '200000',
    keysPerSec: '20000',
    maxSec: '20',
    bigKeyBytes: '1 MB',
    noTtlSharePct: '50',
    zipf: '1',
    kept: {},
  }
}

export function redisHealthDraftFromConfig(config: SuiteConfig): RedisHealthDraft {
  if (config.kind !== 'redis-health') return newRedisHealthDraft()
  const {
    maxKeys,
    keysPerSec,
    maxSec,
    bigKeyBytes,
    noTtlShare,
    zipf,
    kind: _k,
    target: _t,
    ...kept
  } = config
  return {
    maxKeys: String(maxKeys),
    keysPerSec: String(keysPerSec),
    maxSec: String(maxSec),
    bigKeyBytes: sizeText(bigKeyBytes),
    noTtlSharePct: percentText(noTtlShare),
    zipf: String(zipf),
    kept,
  }
}

export function redisHealthConfigFromDraft(d: RedisHealthDraft, targetId: string): DraftConfig {
  return configFromDraft('redis-health', targetId, d.kept, (n, problems) => ({
    maxKeys: n(d.maxKeys, 'maxKeys', true),
    keysPerSec: n(d.keysPerSec, 'keysPerSec', true),
    maxSec: n(d.maxSec, 'maxSec'),
    bigKeyBytes: parseSizeList(d.bigKeyBytes, 'bigKeyBytes', problems)?.[0],
    noTtlShare: parsePercentField(d.noTtlSharePct, 'noTtlShare', problems),
    zipf: n(d.zipf, 'zipf'),
  }))
}
