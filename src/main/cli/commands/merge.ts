import { existsSync, readFileSync } from 'node:fs'
import { InputError, type RunResult } from '@shared/index'
import { HistoryError } from '../../store/errors'
import { MergeError, mergeShards } from '../../shard/merge-run'
import { readShardText } from '../../shard/read'
import { parse, UsageError } from '../args'
import { summary } from '../format'
import { openCliHistory } from '../history'
import { EXIT, type Io } from '../io'
import { reportFlags, writeRunOutputs } from '../outputs'

const USAGE =
  'perfdesk merge SHARD.json|POD.log… [--out RESULT.json] [--db FILE] [--pdf|--html|--junit|--markdown FILE]'

/**
 * Makes one result of a complete set of shard results (files from `run --shard --out`, or
 * `kubectl logs` output with a framed result), stores it as one run, and exits as `run` does.
 */
export async function mergeCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    { db: { type: 'string' }, out: { type: 'string' }, ...reportFlags },
    USAGE,
  )
  if (positionals.length === 0) throw new UsageError(`give the shard results\nusage: ${USAGE}`)
  let run: RunResult
  try {
    const docs = positionals.map((file) => {
      if (!existsSync(file)) throw new MergeError(`no file "${file}"`)
      return readShardText(readFileSync(file, 'utf8'), file)
    })
    run = mergeShards(docs)
  } catch (err) {
    if (err instanceof InputError) {
      // the message names the file and the field
      io.stderr(`perfdesk merge: ${err.message}\n`)
      return EXIT.error
    }
    if (!(err instanceof MergeError)) throw err
    io.stderr(`perfdesk merge: ${err.message}\n`)
    return EXIT.error
  }
  const history = openCliHistory(values.db, io)
  try {
    try {
      history.store.importRun(run)
    } catch (err) {
      if (!(err instanceof HistoryError)) throw err
      io.stderr(`perfdesk merge: not stored in the history: ${err.message}\n`)
    }
    io.stdout(`merged ${run.shards?.length ?? 0} shards into run ${run.id}\n`)
    io.stdout(summary(run, history.path))
  } finally {
    history.store.close()
  }
  await writeRunOutputs(run, { json: values.out, ...values }, io)
  return run.status === 'passed' ? EXIT.ok : run.status === 'failed' ? EXIT.failed : EXIT.error
}
