import { z } from 'zod'
import { HeadersSchema, IdSchema, SecretSchema } from './common'

const httpUrl = z.string().refine((v) => {
  try {
    const u = new URL(v)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0
  } catch {
    return false
  }
}, 'expected an http:// or https:// URL, e.g. http://127.0.0.1:8080')

export const HttpTargetSchema = z
  .object({
    id: IdSchema,
    kind: z.literal('http'),
    name: z.string().optional(),
    baseUrl: httpUrl,
    headers: HeadersSchema.optional(),
    auth: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('bearer'), token: SecretSchema }).strict(),
        z
          .object({ type: z.literal('basic'), username: z.string(), password: SecretSchema })
          .strict(),
      ])
      .optional(),
    tls: z
      .object({ rejectUnauthorized: z.boolean().default(true) })
      .strict()
      .optional(),
  })
  .strict()

export const PostgresTargetSchema = z
  .object({
    id: IdSchema,
    kind: z.literal('postgres'),
    name: z.string().optional(),
    connectionString: SecretSchema.optional(),
    host: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional(),
    database: z.string().optional(),
    user: z.string().optional(),
    password: SecretSchema.optional(),
    ssl: z
      .union([z.boolean(), z.object({ rejectUnauthorized: z.boolean().default(true) }).strict()])
      .optional(),
  })
  .strict()
  .refine((t) => t.connectionString !== undefined || t.host !== undefined, {
    message: 'give either connectionString or host (with port, database, user)',
    path: ['connectionString'],
  })

export const RedisTargetSchema = z
  .object({
    id: IdSchema,
    kind: z.literal('redis'),
    name: z.string().optional(),
    url: z
      .string()
      .regex(
        /^rediss?:\/\/.+/,
        'expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
      ),
    password: SecretSchema.optional(),
    tls: z.boolean().optional(),
    db: z.number().int().min(0).max(15).optional(),
  })
  .strict()

export const ProcessTargetSchema = z
  .object({
    id: IdSchema,
    kind: z.literal('process'),
    name: z.string().optional(),
    pid: z.number().int().positive().optional(),
    command: z.string().min(1).optional(),
  })
  .strict()
  .refine((t) => t.pid !== undefined || t.command !== undefined, {
    message: 'give either pid or command',
    path: ['pid'],
  })

export const TargetSchema = z.discriminatedUnion('kind', [
  HttpTargetSchema,
  PostgresTargetSchema,
  RedisTargetSchema,
  ProcessTargetSchema,
])

export type HttpTarget = z.infer<typeof HttpTargetSchema>
export type PostgresTarget = z.infer<typeof PostgresTargetSchema>
export type RedisTarget = z.infer<typeof RedisTargetSchema>
export type ProcessTarget = z.infer<typeof ProcessTargetSchema>
export type Target = z.infer<typeof TargetSchema>
export type TargetKind = Target['kind']

export const ConnectionTestResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  latencyMs: z.number().nullable(),
  details: z.record(z.string(), z.string()),
})
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>
