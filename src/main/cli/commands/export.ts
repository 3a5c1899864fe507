import { parse, UsageError } from '../args'
import { openCliHistory } from '../history'
import { EXIT, type Io } from '../io'
import { reportFlags, writeRunOutputs } from '../outputs'

const USAGE =
  'perfdesk export RUN_ID (--json FILE | --pdf FILE | --html FILE | --junit FILE | --markdown FILE)… [--db FILE]'

/** Writes a stored run as JSON and/or reports. */
export async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    { db: { type: 'string' }, json: { type: 'string' }, ...reportFlags },
    USAGE,
  )
  const runId = positionals[0]
  if (!runId || positionals.length > 1)
    throw new UsageError(`give one run id (see "perfdesk runs")\nusage: ${USAGE}`)
  if (!values.json && !values.pdf && !values.html && !values.junit && !values.markdown) {
    throw new UsageError(`say what to write, e.g. --json run.json\nusage: ${USAGE}`)
  }
  const history = openCliHistory(values.db, io)
  try {
    const run = history.store.getRun(runId)
    if (!run) {
      io.stderr(`perfdesk: no run "${runId}" in ${history.path} (see "perfdesk runs")\n`)
      return EXIT.error
    }
    await writeRunOutputs(run, values, io)
    return EXIT.ok
  } finally {
    history.store.close()
  }
}
