import type { FieldProblem, SuiteKind } from '@shared/index'
import { parseNumberField } from '../../lib/problems'
import { dropUndefined } from './drop-undefined'

/** Parses a draft's number field at `path`; what does not parse becomes a problem. */
export type NumberField = (text: string, path: string, integer?: boolean) => number | undefined

/** What a suite's `toConfig` gives: the config to validate, and the fields that did not parse. */
export interface DraftConfig {
  config: unknown
  problems: FieldProblem[]
}

/**
 * A suite config from its draft: the settings the form keeps, its kind and target, then the
 * fields `fields` reads (number fields through `n`, other problems pushed onto `problems`);
 * unset fields are dropped so that the schema's defaults apply.
 */
export function configFromDraft(
  kind: SuiteKind,
  targetId: string,
  kept: object,
  fields: (n: NumberField, problems: FieldProblem[]) => Record<string, unknown>,
): DraftConfig {
  const problems: FieldProblem[] = []
  const n: NumberField = (text, path, integer = false) =>
    parseNumberField(text, path, problems, { integer })
  const config = { ...kept, kind, target: targetId, ...fields(n, problems) }
  return { config: dropUndefined(config), problems }
}
