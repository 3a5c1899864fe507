import { z } from 'zod'
import { IdSchema } from '../common'
import { suiteResultBase } from '../result-common'

export const RedisOperationSchema = z.enum([
  'set',
  'get',
  'mget',
  'hset',
  'hgetall',
  'incr',
  'lpush',
  'lrange',
  'zadd',
  'zrange',
  'sadd',
  'del',
])

export const RedisConfigSchema = z
  .object({
    kind: z.literal('redis'),
    name: z.string().optional(),
    target: IdSchema,
    operations: z.array(RedisOperationSchema).min(1).default(['set', 'get']),
    payloadBytes: z.array(z.number().int().min(1).max(64 * 1024 * 1024)).min(1).default([100, 1024, 10240, 102400]),
    pipeline: z.array(z.number().int().min(1).max(1024)).min(1).default([1, 16]),
    clients: z.number().int().min(1).max(1000).default(4),
    durationSec: z.number().positive().max(3600).default(2),
    valueSample: z.string().optional(),
    hitRate: z
      .object({
        keys: z.number().int().min(1).max(10_000_000),
        zipf: z.number().min(0).max(5).default(1),
        ttlSec: z.number().positive().optional(),
        requests: z.number().int().min(1).max(100_000_000),
        valueBytes: z.number().int().min(1).max(1024 * 1024).default(100),
      })
      .strict()
      .optional(),
    thresholds: z
      .object({
        p99Ms: z.number().positive().optional(),
        minOpsPerSec: z.number().positive().optional(),
        minHitRate: z.number().min(0).max(1).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
export type RedisConfig = z.infer<typeof RedisConfigSchema>

export const RedisSuiteResultSchema = z.object({
  ...suiteResultBase,
  kind: z.literal('redis'),
  config: RedisConfigSchema,
  metrics: z.record(z.string(), z.unknown()).nullable(),
  series: z.array(z.object({ t: z.number() }).catchall(z.number().nullable())),
  histogram: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).optional(),
})
export type RedisSuiteResult = z.infer<typeof RedisSuiteResultSchema>
