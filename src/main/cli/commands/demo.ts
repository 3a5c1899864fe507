import { startDemoServer } from '../../demo/server'
import { demoPlan } from '../../demo/plan'
import { parse, UsageError } from '../args'
import { EXIT, type Io } from '../io'
import { reportFlags } from '../outputs'
import { runPlan } from './run'

const USAGE =
  'perfdesk demo [--db FILE] [--duration SEC] [--out RESULT.json] [--quiet] [--pdf FILE] [--html FILE]'

/** Starts the demo API on 127.0.0.1 and runs the demo plan against it: nothing to set up. */
export async function demoCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    args,
    {
      db: { type: 'string' },
      duration: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      ...reportFlags,
    },
    USAGE,
  )
  const duration = values.duration === undefined ? 8 : Number(values.duration)
  if (!(duration > 0 && duration <= 600))
    throw new UsageError('--duration must be between 0 and 600 seconds')
  const server = await startDemoServer()
  io.stderr(`perfdesk: demo API listening on ${server.url} (fast, slow and flaky endpoints)\n`)
  try {
    const code = await runPlan(
      demoPlan(server.url, duration),
      { db: values.db, out: values.out, quiet: values.quiet ?? false, reports: values },
      io,
    )
    // A demo whose thresholds are missed has still done its job; only an error fails it.
    return code === EXIT.error ? EXIT.error : EXIT.ok
  } finally {
    await server.close()
  }
}
