import { existsSync, readFileSync } from 'node:fs'
import { parseRunResultJson } from '../../report/json'
import { HistoryError } from '../../store/errors'
import { parse, UsageError } from '../args'
import { openCliHistory } from '../history'

const USAGE =
  'perfdesk import FILE… [--db FILE]   bring result files from another machine into the history'

interface CommandIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
}

/** Imports run result files (as written by export or `run --out`) into the history. */
export async function importCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(args, { db: { type: 'string' } }, USAGE)
  if (positionals.length === 0)
    throw new UsageError(`give the result file to import\nusage: ${USAGE}`)
  // read and validate every file before touching the history, so a bad file imports nothing
  const runs = positionals.map((file) => {
    if (!existsSync(file)) throw new UsageError(`no file "${file}"`)
    return { file, run: parseRunResultJson(readFileSync(file, 'utf8'), file) }
  })
  const history = openCliHistory(values.db, { ...io, interactive: false })
  let failed = 0
  try {
    for (const { file, run } of runs) {
      try {
        const id = history.store.importRun(run)
        io.stdout(
          `imported ${file} as run ${id} (${run.plan.name}, ${run.startedAt}, ${run.status})\n`,
        )
      } catch (err) {
        if (!(err instanceof HistoryError)) throw err
        failed++
        io.stderr(`perfdesk import: ${file}: ${err.message}\n`)
      }
    }
  } finally {
    history.store.close()
  }
  return failed > 0 ? 2 : 0
}
