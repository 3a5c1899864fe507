import type { ComponentType } from 'react'
import type {
  FieldProblem,
  LiveSample,
  SuiteConfig,
  SuiteKind,
  SuiteResult,
  Target,
  TargetKind,
} from '@shared/index'
import type { ProblemMap } from '../lib/problems'

/** A series sample: seconds since the suite began, then numbers by key. */
export type SeriesPoint = { t: number } & { [key: string]: number | null | undefined }

export interface ChartSeriesSpec {
  /** the key in the live sample / the stored series */
  key: string
  label: string
  color: string
  /** computes the value instead of reading `key` (e.g. the target rate from the config) */
  value?: (point: SeriesPoint) => number | null
  dash?: number[]
}

export interface ChartSpec {
  id: string
  title: string
  /** formats an axis tick or a legend value */
  format: (value: number) => string
  series: ChartSeriesSpec[]
  /** per-second rates: samples over a partial interval are left out (see partialSamples) */
  rate?: boolean
}

/** The keys of a draft whose values are text, i.e. what a text field can edit. */
export type TextKey<D> = { [K in keyof D]-?: D[K] extends string ? K : never }[keyof D] & string

export interface FormProps<D> {
  draft: D
  onChange: (draft: D) => void
  /** problems keyed by path relative to the edited object, e.g. `requests[0].path` */
  problems: ProblemMap
  disabled?: boolean
  /** the target the form's suite runs against (the run form), e.g. to keep imported credentials */
  targetId?: string
}

/** How the UI edits one kind of target. */
export interface TargetUi<D> {
  kind: TargetKind
  label: string
  newDraft(): D
  fromTarget(target: Target): D
  /** the target as the schema expects it, plus problems the form found before the schema */
  toTarget(draft: D): { target: unknown; problems: FieldProblem[] }
  /** one line for lists, e.g. the base URL */
  describe(target: Target): string
  Form: ComponentType<FormProps<D>>
}

/** Everything suite-specific in the UI. One folder per suite; one entry in the registry. */
export interface SuiteUi<D> {
  kind: SuiteKind
  label: string
  targetKind: TargetKind
  newDraft(): D
  fromConfig(config: SuiteConfig): D
  toConfig(draft: D, targetId: string): { config: unknown; problems: FieldProblem[] }
  Form: ComponentType<FormProps<D>>
  /** charts drawn from live samples while running and from the stored series afterwards */
  charts: ChartSpec[]
  /**
   * the charts for one config, when they depend on it (the open model adds its target rate and
   * late/dropped requests); the result must be memoised by the caller per config
   */
  chartsFor?: (config: SuiteConfig) => ChartSpec[]
  /** the numbers of the latest live sample */
  LiveStats: ComponentType<{ sample: LiveSample | null }>
  /** a finished suite: its numbers, charts and suite-specific detail */
  ResultView: ComponentType<{ result: SuiteResult }>
  /** the editor for this suite's kind of target, if this suite brings it */
  target?: TargetUi<unknown>
}

/** Erases a suite's draft type so suites of every kind fit in one registry. */
export const defineSuiteUi = <D>(ui: SuiteUi<D>): SuiteUi<unknown> =>
  ui as unknown as SuiteUi<unknown>

/** A target kind's UI as its folder writes it: fromTarget and describe see only its own kind. */
export interface TargetUiSpec<K extends TargetKind, D> extends Omit<
  TargetUi<D>,
  'kind' | 'fromTarget' | 'describe'
> {
  kind: K
  fromTarget(target: Extract<Target, { kind: K }>): D
  describe(target: Extract<Target, { kind: K }>): string
}

/**
 * Erases a target kind's draft type for the registry. A target of another kind gets a new
 * draft from fromTarget and its kind from describe.
 */
export function defineTargetUi<K extends TargetKind, D>(
  spec: TargetUiSpec<K, D>,
): TargetUi<unknown> {
  const ours = (t: Target): t is Extract<Target, { kind: K }> => t.kind === spec.kind
  const ui: TargetUi<D> = {
    ...spec,
    fromTarget: (t) => (ours(t) ? spec.fromTarget(t) : spec.newDraft()),
    describe: (t) => (ours(t) ? spec.describe(t) : t.kind),
  }
  return ui as unknown as TargetUi<unknown>
}
