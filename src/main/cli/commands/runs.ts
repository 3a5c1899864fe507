import { RunStatusSchema } from '@shared/index'
import { parse, UsageError } from '../args'
import { openCliHistory } from '../history'
import { table } from '../format'
import { EXIT, type Io } from '../io'

const USAGE = 'perfdesk runs [--db FILE] [--json] [--target ID] [--status STATUS] [--limit N]'

/** The history, newest first. */
export async function runsCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    args,
    {
      db: { type: 'string' },
      json: { type: 'boolean' },
      target: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
    },
    USAGE,
  )
  const status = values.status === undefined ? undefined : RunStatusSchema.safeParse(values.status)
  if (status && !status.success) {
    throw new UsageError(`--status must be one of ${RunStatusSchema.options.join(', ')}`)
  }
  const limit = values.limit === undefined ? 200 : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError('--limit must be a whole number ≥ 1')
  const history = openCliHistory(values.db, io)
  try {
    const runs = history.store.listRuns({
      limit,
      ...(values.target ? { target: values.target } : {}),
      ...(status?.success ? { status: status.data } : {}),
    })
    if (values.json) {
      io.stdout(JSON.stringify(runs, null, 2) + '\n')
      return EXIT.ok
    }
    if (runs.length === 0) {
      io.stdout(`no runs in ${history.path}\n`)
      return EXIT.ok
    }
    const rows = [['RUN', 'STARTED', 'STATUS', 'SCORE', 'PLAN', 'TARGETS', 'HEADLINE']]
    for (const r of runs) {
      rows.push([
        r.id + (r.baseline ? ' *' : ''),
        r.startedAt.replace('T', ' ').slice(0, 19),
        r.status,
        r.score === null ? '—' : String(Math.round(r.score)),
        r.planName,
        r.targets.join(','),
        r.headline,
      ])
    }
    io.stdout(table(rows, ''))
    return EXIT.ok
  } finally {
    history.store.close()
  }
}
