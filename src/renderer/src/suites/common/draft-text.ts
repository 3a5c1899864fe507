import type { FieldProblem } from '@shared/index'
import { parseNumberField } from '../../lib/problems'

/** A number as a form field shows it: empty when unset. */
export const numberText = (value: number | undefined): string =>
  value === undefined ? '' : String(value)

/** A fraction as the percentage a form field shows (0.015 → "1.5"); empty when unset. */
export const percentText = (fraction: number | undefined): string =>
  fraction === undefined ? '' : String(+(fraction * 100).toPrecision(6))

/** A percentage field → its fraction; a number outside 0–100 is a problem at `path`. */
export function parsePercentField(
  text: string,
  path: string,
  problems: FieldProblem[],
): number | undefined {
  const percent = parseNumberField(text, path, problems)
  if (percent !== undefined && (percent < 0 || percent > 100)) {
    problems.push({ path, message: 'a percentage between 0 and 100' })
  }
  return percent === undefined ? undefined : percent / 100
}

/** The entries of a typed list: commas, semicolons and white space all separate them. */
export const listEntries = (text: string): string[] => text.split(/[\s,;]+/).filter(Boolean)

/** A list as a form field shows it: "1, 4, 16". */
export const listText = (values: readonly (number | string)[]): string => values.join(', ')

/**
 * The numbers of a typed list, and its first entry that is not a number of the kind asked for
 * (whole, above a bound); each caller words its own problem.
 */
export function numberList(
  text: string,
  kind: { integer?: boolean; above?: number } = {},
): { entries: string[]; values: number[]; bad: string | undefined } {
  const entries = listEntries(text)
  const values = entries.map(Number)
  const bad = entries.find((_, i) => {
    const v = values[i]!
    return (
      !Number.isFinite(v) ||
      (kind.integer === true && !Number.isInteger(v)) ||
      (kind.above !== undefined && v <= kind.above)
    )
  })
  return { entries, values, bad }
}
