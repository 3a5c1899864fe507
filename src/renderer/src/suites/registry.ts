import type { SuiteKind, TargetKind } from '@shared/index'
import { httpCacheUi } from './http-cache'
import { httpLoadUi } from './http-load'
import { postgresUi } from './postgres'
import { redisUi } from './redis'
import { postgresHealthUi } from './postgres-health'
import { redisHealthUi } from './redis-health'
import type { SuiteUi, TargetUi } from './types'

/**
 * Every suite the UI knows. To add one: create suites/<kind>/ (copy http-load: index.ts,
 * draft.ts, Form.tsx, ResultView.tsx, charts.ts, and a TargetForm if it brings a new kind of
 * target), then add its import and one entry here.
 */
export const suiteUis: SuiteUi<unknown>[] = [
  httpLoadUi,
  postgresUi,
  redisUi,
  httpCacheUi,
  postgresHealthUi,
  redisHealthUi,
]

export const suiteUi = (kind: SuiteKind | string): SuiteUi<unknown> | undefined =>
  suiteUis.find((s) => s.kind === kind)

/** The target editors, brought by the suites. */
export const targetUis: TargetUi<unknown>[] = suiteUis.flatMap((s) => (s.target ? [s.target] : []))

export const targetUi = (kind: TargetKind): TargetUi<unknown> | undefined =>
  targetUis.find((t) => t.kind === kind)
