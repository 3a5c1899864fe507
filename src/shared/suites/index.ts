import { z } from 'zod'
import type { Target } from '../targets'
import { httpCacheShared } from './http-cache'
import { httpLoadShared } from './http-load'
import { postgresShared } from './postgres'
import { redisShared } from './redis'
import { postgresHealthShared } from './postgres-health'
import { redisHealthShared } from './redis-health'

/**
 * Every suite's shared half (its config and result schemas, target kind and charts), one line
 * each; the unions below are built from this list.
 */
const SHARED_SUITES = [
  httpLoadShared,
  postgresShared,
  redisShared,
  httpCacheShared,
  postgresHealthShared,
  redisHealthShared,
] as const

type Shared = (typeof SHARED_SUITES)[number]
/** A property of each element of a tuple, still a tuple (T a type parameter keeps it one). */
type Each<T extends readonly object[], P extends keyof T[number]> = {
  -readonly [I in keyof T]: T[I][P & keyof T[I]]
}
/** The list's schemas of one kind, as the tuple z.discriminatedUnion wants. */
const each = <P extends 'config' | 'result'>(p: P): Each<typeof SHARED_SUITES, P> =>
  SHARED_SUITES.map((s) => s[p]) as unknown as Each<typeof SHARED_SUITES, P>

export const SuiteConfigSchema = z.discriminatedUnion('kind', each('config'))
export type SuiteConfig = z.infer<typeof SuiteConfigSchema>
export type SuiteKind = SuiteConfig['kind']
export type SuiteConfigOf<K extends SuiteKind> = Extract<SuiteConfig, { kind: K }>

export const SuiteResultSchema = z.discriminatedUnion('kind', each('result'))
export type SuiteResult = z.infer<typeof SuiteResultSchema>
export type SuiteResultOf<K extends SuiteKind> = Extract<SuiteResult, { kind: K }>

/** Which kind of target each suite measures. */
export const suiteTargetKind = Object.fromEntries(
  SHARED_SUITES.map((s) => [s.kind, s.targetKind]),
) as { readonly [S in Shared as S['kind']]: S['targetKind'] }

/** The chart descriptions of each suite, for the app and the reports. */
export const suiteCharts = Object.fromEntries(SHARED_SUITES.map((s) => [s.kind, s.charts])) as {
  readonly [S in Shared as S['kind']]: S['charts']
}

/** The target a suite of kind K measures, e.g. PostgresTarget for 'postgres'. */
export type SuiteTargetOf<K extends SuiteKind> = Extract<
  Target,
  { kind: (typeof suiteTargetKind)[K] }
>

/** Narrows a target to the kind suite K measures. */
export function targetFitsSuite<K extends SuiteKind>(kind: K, t: Target): t is SuiteTargetOf<K> {
  return t.kind === suiteTargetKind[kind]
}

export * from './http-cache'
export * from './http-load'
export * from './postgres'
export * from './redis'
export * from './postgres-health'
export * from './redis-health'
