import { dirname } from 'node:path'
import JSON5 from 'json5'
import type { Plan, RunEvent, RunResult, ShardInfo } from '@shared/index'
import type { HistoryStore } from '../../store/types'
import { hasRiskyItems, reviewDigest, reviewLines, reviewPlan } from '../../trust/review'
import { InputError } from '@shared/index'
import { redactPlan } from '@shared/redaction'
import { exportJson } from '../../report/json'
import { frameResult } from '../../shard/frame'
import { ShardError, parseShardFlag, planHash, shardPlan, type ShardSpec } from '../../shard/split'
import { delayUntil, sleep } from '../../shard/start-at'
import { Engine } from '../../engine'
import { parse, readFileArg, UsageError } from '../args'
import { bar, sampleText, summary } from '../format'
import { openCliHistory } from '../history'
import { baselineSummary } from './baseline'
import { startupSweep } from '../../suites/redis/sweep'
import { rebaseDataFiles } from '../../suites/http-load/scenario/data'
import { EXIT, type Io } from '../io'
import { writeRunOutputs, reportFlags } from '../outputs'

const USAGE =
  'perfdesk run PLAN.json | --run RUN_ID [--yes] [--db FILE] [--out RESULT.json] [--quiet] [--pdf FILE] [--html FILE] [--junit FILE] [--markdown FILE] [--shard i/N [--start-at ISO_TIME] [--frame]]'

/** Reads a plan file; a JSON syntax error names the line and column. */
export function readPlanFile(file: string): unknown {
  const text = readFileArg(file, 'plan file')
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new UsageError(
      `${file}${jsonErrorLocation(text)}: not valid JSON (${(err as Error).message})`,
    )
  }
}

/** Node 20's JSON.parse does not say where; JSON5's parser does (`:line:column`). */
function jsonErrorLocation(text: string): string {
  try {
    JSON5.parse(text)
    return '' // valid JSON5 but not JSON: comments or trailing commas
  } catch (err) {
    const m = /at (\d+):(\d+)/.exec((err as Error).message)
    return m ? `:${m[1]}:${m[2]}` : ''
  }
}

export async function runCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      db: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      run: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      shard: { type: 'string' },
      'start-at': { type: 'string' },
      frame: { type: 'boolean' },
      ...reportFlags,
    },
    USAGE,
  )
  const file = positionals[0]
  if ((values['start-at'] || values.frame) && !values.shard)
    throw new UsageError(`--start-at and --frame go with --shard i/N\nusage: ${USAGE}`)
  let shard: ShardRun | undefined
  try {
    shard = values.shard
      ? {
          ...parseShardFlag(values.shard),
          startAt: values['start-at'] ?? null,
          frame: values.frame ?? false,
        }
      : undefined
    if (shard?.startAt) delayUntil(shard.startAt) // refuse a bad time before anything runs
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const options = {
    db: values.db,
    out: values.out,
    quiet: values.quiet ?? false,
    reports: values,
    yes: values.yes ?? false,
    ...(shard ? { shard } : {}),
  }
  if (values.run !== undefined) {
    if (file) throw new UsageError(`give a plan file or --run RUN_ID, not both\nusage: ${USAGE}`)
    return runPlan(null, { ...options, sourceRunId: values.run }, io)
  }
  if (!file || positionals.length > 1) throw new UsageError(`give one plan file\nusage: ${USAGE}`)
  // a suite's data file is relative to the plan file's folder
  return runPlan(rebaseDataFiles(readPlanFile(file), dirname(file)), options, io)
}

export interface RunPlanOptions {
  db?: string
  out?: string
  quiet: boolean
  reports: { pdf?: string; html?: string; junit?: string; markdown?: string }
  label?: string
  /** run the plan of this stored run again (an imported run needs the review: --yes or a TTY) */
  sourceRunId?: string
  /** the review was read: run an imported run's plan without asking */
  yes?: boolean
  /** run one shard of the plan (`--shard i/N`) */
  shard?: ShardRun
}

export interface ShardRun extends ShardSpec {
  startAt: string | null
  /** print the result framed on stdout, for `kubectl logs` */
  frame: boolean
}

/** Runs a plan with live progress on stderr and a summary on stdout; returns the exit code. */
export async function runPlan(input: unknown, o: RunPlanOptions, io: Io): Promise<number> {
  const history = openCliHistory(o.db, io)
  try {
    await startupSweep(history.store, { log: (m) => io.stderr(`perfdesk: ${m}\n`) })
    const engine = new Engine({ store: history.store, runtime: 'cli' })
    let plan = input
    let trust: { untrusted?: boolean; approval?: string } = {}
    let toRun: unknown = null
    let shardOf: { plan: Plan; info: ShardInfo } | undefined
    try {
      if (o.sourceRunId !== undefined) {
        const run = history.store.getRun(o.sourceRunId)
        if (!run) throw new UsageError(`no run "${o.sourceRunId}" in the history ${history.path}`)
        plan = run.plan
      }
      const gate = await reviewGate(engine.prepare(plan, { secrets: false }), o, history.store, io)
      if (gate === null) return EXIT.error
      trust = gate
      const parsed = engine.prepare(plan)
      toRun = plan
      if (o.shard) {
        const whole = redactPlan(parsed)
        toRun = shardPlan(parsed, o.shard)
        engine.prepare(toRun)
        const { index, count, startAt } = o.shard
        shardOf = { plan: whole, info: { index, count, startAt, planHash: planHash(whole) } }
      }
    } catch (err) {
      if (err instanceof ShardError) {
        io.stderr(`perfdesk: the plan cannot be sharded; nothing was run:\n  ${err.message}\n`)
        return EXIT.error
      }
      if (err instanceof InputError) {
        io.stderr(`perfdesk: the plan is not valid; nothing was run:\n`)
        for (const p of err.problems) io.stderr(`  ${p.path}: ${p.message}\n`)
        return EXIT.error
      }
      throw err
    }
    if (o.shard?.startAt) {
      const wait = delayUntil(o.shard.startAt)
      io.stderr(
        `perfdesk: shard ${o.shard.index + 1}/${o.shard.count} starts at ${o.shard.startAt} (in ${(wait / 1000).toFixed(1)} s)\n`,
      )
      await sleep(wait)
    }
    const unsubscribe = o.quiet ? () => {} : engine.on('event', progressPrinter(io))
    const { runId, done } = engine.start(toRun, trust)
    if (trust.untrusted && o.sourceRunId !== undefined)
      history.store.trust.setUntrusted('run', o.sourceRunId, false)
    // Ctrl-C once: cancel and keep what was measured. Twice: leave now (the run is marked at next start).
    let interrupts = 0
    const onSigint = (): void => {
      interrupts++
      if (interrupts === 1) {
        io.stderr('\nperfdesk: cancelling… (Ctrl-C again to quit at once)\n')
        engine.cancel(runId)
      } else process.exit(130)
    }
    process.on('SIGINT', onSigint)
    let run: RunResult
    try {
      run = await done
    } finally {
      process.off('SIGINT', onSigint)
      unsubscribe()
    }
    // a shard's result names the whole plan and its share of it, so `perfdesk merge` can check the set
    if (shardOf) run = { ...run, plan: shardOf.plan, shard: shardOf.info }
    io.stdout(summary(run, history.path))
    // against the chosen baseline of this plan and target (else the latest finished run)
    if (!shardOf) io.stdout(baselineSummary(history.store, run.id))
    await writeRunOutputs(run, { json: o.out, ...o.reports }, io)
    if (o.shard?.frame) io.stdout(frameResult(exportJson(run)))
    return run.status === 'passed' ? EXIT.ok : run.status === 'failed' ? EXIT.failed : EXIT.error
  } finally {
    history.store.close()
  }
}

/**
 * What the plan will do, before it starts. A plan file the user names is their own choice: its
 * commands, env vars, files and non-loopback hosts are printed. An imported run's plan is
 * untrusted: it runs only after the review was shown and approved (--yes, or y on a terminal).
 * Returns null when it must not run.
 */
async function reviewGate(
  plan: Plan,
  o: RunPlanOptions,
  store: HistoryStore,
  io: Io,
): Promise<{ untrusted?: boolean; approval?: string } | null> {
  const review = reviewPlan(plan)
  const lines = reviewLines(review)
  const untrusted = o.sourceRunId !== undefined && store.trust.isUntrusted('run', o.sourceRunId)
  if (!untrusted) {
    if (hasRiskyItems(review)) io.stderr(`perfdesk: this plan will:\n${lines.join('\n')}\n`)
    return {}
  }
  io.stderr(
    `perfdesk: run ${o.sourceRunId} was imported; its plan is untrusted. It will:\n` +
      `${lines.join('\n') || '  (plain load on this machine)'}\n`,
  )
  const approved = o.yes || (io.confirm ? await io.confirm('Run it?') : false)
  if (!approved) {
    io.stderr(
      `perfdesk: not run. ${io.confirm ? '' : 'Read the list above, then run again with --yes to approve it.'}\n`,
    )
    return null
  }
  return { untrusted: true, approval: reviewDigest(review) }
}

/** One live line on a terminal, a line every few seconds otherwise (CI logs). */
function progressPrinter(io: Io): (e: RunEvent) => void {
  let suites = 0
  let lastPlain = 0
  let name = ''
  let kind = ''
  return (e) => {
    switch (e.type) {
      case 'run-started':
        suites = e.plan.suites.length
        io.stderr(`perfdesk: running "${e.plan.name}" (run ${e.runId})\n`)
        break
      case 'suite-started':
        name = e.name
        kind = e.kind
        io.stderr(`[${e.suiteIndex + 1}/${suites}] ${e.name}\n`)
        break
      case 'progress': {
        const left = e.expectedSec !== null ? Math.max(0, e.expectedSec - e.elapsedSec) : null
        const head =
          e.fraction !== null
            ? `${bar(e.fraction)} ${Math.round(e.fraction * 100)}%`
            : `${e.elapsedSec.toFixed(0)} s`
        const line = `  ${head}${left !== null ? ` · ${left.toFixed(0)} s left` : ''}${e.label ? ` · ${e.label}` : ''} · ${sampleText(e.sample, kind)}`
        if (io.interactive) io.stderr(`\r\x1b[2K${line}`)
        else if (e.elapsedSec - lastPlain >= 5 || e.elapsedSec < lastPlain) {
          lastPlain = e.elapsedSec
          io.stderr(`${line}\n`)
        }
        break
      }
      case 'suite-finished':
        if (io.interactive) io.stderr('\r\x1b[2K')
        io.stderr(`  ${name}: ${e.status}${e.error ? ` — ${e.error}` : ''}\n`)
        lastPlain = 0
        break
      case 'run-finished':
        break
    }
  }
}
