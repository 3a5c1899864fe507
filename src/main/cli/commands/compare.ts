import { existsSync, readFileSync } from 'node:fs'
import { comparedLoadDifferences, nothingInCommon, type RunResult } from '@shared/index'
import { renderComparisonText } from '../../report/compare'
import { compareRuns } from '../../suites/parts'
import { parseRunResultJson } from '../../report/json'
import type { HistoryStore } from '../../store/types'
import { parse, UsageError } from '../args'
import { openCliHistory } from '../history'
import { EXIT } from '../io'

const USAGE =
  'perfdesk compare A B [--max-regression PERCENT] [--alpha 0.05] [--json] [--db FILE]   (A, B: run ids or result files)'

interface CommandIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
}

/**
 * Compares run B against run A. Exit 0: no significant regression beyond the tolerance;
 * 1: at least one; 2: bad input.
 */
export async function compareCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      'max-regression': { type: 'string' },
      alpha: { type: 'string' },
      json: { type: 'boolean' },
      db: { type: 'string' },
    },
    USAGE,
  )
  if (positionals.length !== 2)
    throw new UsageError(`give two runs to compare, A (before) and B (after)\nusage: ${USAGE}`)
  const maxRegressionPct = numberFlag(
    values['max-regression'],
    '--max-regression',
    10,
    0,
    1000,
    'a percent, e.g. 10',
  )
  const alpha = numberFlag(
    values.alpha,
    '--alpha',
    0.05,
    1e-6,
    0.5,
    'a significance level, e.g. 0.05',
  )

  let history: { store: HistoryStore; path: string } | null = null
  const load = (ref: string): RunResult => {
    // a path to a result file wins over a run id of the same spelling
    if (ref.endsWith('.json') || existsSync(ref)) {
      if (!existsSync(ref)) throw new UsageError(`no file "${ref}"`)
      return parseRunResultJson(readFileSync(ref, 'utf8'), ref)
    }
    history ??= openCliHistory(values.db, { ...io, interactive: false })
    const run = history.store.getRun(ref)
    if (!run)
      throw new UsageError(
        `"${ref}" is neither a result file nor a run in ${history.path} (see "perfdesk runs")`,
      )
    return run
  }
  try {
    const a = load(positionals[0]!)
    const b = load(positionals[1]!)
    const cmp = compareRuns(a, b, { maxRegressionPct, alpha })
    // the app's guard: no verdict about nothing, and a different load said before the verdict
    const none = nothingInCommon(a, b, cmp)
    if (none) {
      io.stderr(`perfdesk compare: ${none}\n`)
      return EXIT.error
    }
    const diffs = comparedLoadDifferences(a, b, cmp)
    if (diffs.length)
      io.stderr(
        `perfdesk compare: warning: the load differed (${diffs.join('; ')}); a faster or slower B reflects the load as much as the service\n`,
      )
    io.stdout(values.json ? `${JSON.stringify(cmp, null, 2)}\n` : renderComparisonText(cmp))
    return cmp.regression ? 1 : 0
  } finally {
    ;(history as { store: HistoryStore } | null)?.store.close()
  }
}

function numberFlag(
  raw: string | undefined,
  name: string,
  dflt: number,
  min: number,
  max: number,
  what: string,
): number {
  if (raw === undefined) return dflt
  const v = Number(raw)
  if (!Number.isFinite(v) || v < min || v > max) {
    throw new UsageError(`${name} must be ${what} between ${min} and ${max}, not "${raw}"`)
  }
  return v
}
