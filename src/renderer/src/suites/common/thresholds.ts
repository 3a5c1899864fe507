import type { FieldProblem } from '@shared/index'
import { parseNumberField } from '../../lib/problems'
import type { TextKey } from '../types'
import { numberText, parsePercentField, percentText } from './draft-text'

/** One threshold a suite form edits: where its text lives in the draft, and how it reads. */
export interface ThresholdField<D> {
  key: TextKey<D>
  /** its name in the config's `thresholds`, e.g. p95Ms; also the name of its input */
  threshold: string
  label: string
  /** typed as a percentage, kept as a fraction */
  percent?: boolean
}

type Thresholds = Partial<Record<string, number>>

export const thresholdPath = (threshold: string): string => `thresholds.${threshold}`

/** The draft texts of the thresholds a form edits. */
export function thresholdTexts<K extends string>(
  fields: readonly { key: K; threshold: string; percent?: boolean }[],
  thresholds: Thresholds,
): Record<K, string> {
  const out = {} as Record<K, string>
  for (const f of fields) {
    const v = thresholds[f.threshold]
    out[f.key] = f.percent ? percentText(v) : numberText(v)
  }
  return out
}

/** The thresholds a form does not edit, kept so "run again" does not lose them. */
export function otherThresholds(
  fields: readonly { threshold: string }[],
  thresholds: Thresholds,
): Thresholds {
  const edited = new Set(fields.map((f) => f.threshold))
  return Object.fromEntries(Object.entries(thresholds).filter(([k]) => !edited.has(k)))
}

/**
 * A config's thresholds on the draft side: texts for those the form edits; the others join the
 * rest of the config the form does not show (`kept`), so "run again" loses none.
 */
export function thresholdDraft<K extends string, R extends object>(
  fields: readonly { key: K; threshold: string; percent?: boolean }[],
  thresholds: Thresholds,
  kept: R,
): Record<K, string> & { kept: R & { thresholds: Thresholds } } {
  return {
    ...thresholdTexts(fields, thresholds),
    kept: { ...kept, thresholds: otherThresholds(fields, thresholds) },
  }
}

/** The thresholds the draft sets (unset ones are undefined); texts that do not parse are problems. */
export function thresholdsFromDraft<D>(
  fields: readonly ThresholdField<D>[],
  draft: D,
  problems: FieldProblem[],
): Thresholds {
  const out: Thresholds = {}
  for (const f of fields) {
    const text = draft[f.key] as string
    const path = thresholdPath(f.threshold)
    out[f.threshold] = f.percent
      ? parsePercentField(text, path, problems)
      : parseNumberField(text, path, problems)
  }
  return out
}
