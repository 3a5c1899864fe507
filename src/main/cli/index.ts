import { InputError } from '@shared/index'
import { PERFDESK_VERSION } from '../version'
import { UsageError } from './args'
import { baselineCommand } from './commands/baseline'
import { compareCommand } from './commands/compare'
import { demoCommand } from './commands/demo'
import { exportCommand } from './commands/export'
import { importCommand } from './commands/import'
import { k8sCommand } from './commands/k8s'
import { mergeCommand } from './commands/merge'
import { planCommand } from './commands/plan'
import { runCommand } from './commands/run'
import { runsCommand } from './commands/runs'
import { serveCommand } from './commands/serve'
import { EXIT, processIo, type Io } from './io'

type Command = (args: string[], io: Io) => Promise<number>

const commands: Record<string, { run: Command; help: string }> = {
  run: {
    run: runCommand,
    help: 'run PLAN.json | --run RUN_ID [--yes] [--db FILE] [--out RESULT.json] [--quiet] [--pdf|--html|--junit|--markdown FILE] [--shard i/N [--start-at ISO] [--frame]]',
  },
  plan: {
    run: planCommand,
    help: 'plan from FILE [--base-url URL] [--out PLAN.json] [--include-assets] [--all-origins]   a plan from a HAR, OpenAPI 3, Postman collection or curl commands',
  },
  merge: {
    run: mergeCommand,
    help: 'merge SHARD.json|POD.log… [--out RESULT.json] [--db FILE]   one exact result from `run --shard` results',
  },
  k8s: {
    run: k8sCommand,
    help: 'k8s PLAN.json --shards N [--image IMAGE] [--namespace NS]   Kubernetes manifests for a sharded run',
  },
  runs: {
    run: runsCommand,
    help: 'runs [--db FILE] [--json] [--target ID] [--status STATUS]   the history, newest first',
  },
  export: {
    run: exportCommand,
    help: 'export RUN_ID --json FILE [--pdf FILE] [--html FILE] [--db FILE]',
  },
  import: {
    run: importCommand,
    help: 'import RESULT.json [--db FILE]   bring a result from another machine (CI) into the history',
  },
  compare: {
    run: compareCommand,
    help: 'compare A B [--max-regression 10] [--json] [--db FILE]   exit 1 on a significant regression',
  },
  baseline: {
    run: baselineCommand,
    help: 'baseline set RUN_ID | clear RUN_ID | clear PLAN TARGET | show RUN_ID [--db FILE]   what later runs of a plan and target are compared with',
  },
  demo: {
    run: demoCommand,
    help: 'demo [--duration SEC]   start the demo API on 127.0.0.1 and run the demo plan',
  },
  serve: {
    run: serveCommand,
    help: 'serve [--port N] [--db FILE]   the UI in a browser, on 127.0.0.1 with a token',
  },
}

function usage(): string {
  return (
    `PerfDesk ${PERFDESK_VERSION} — performance workbench\n\nusage:\n` +
    Object.values(commands)
      .map((c) => `  perfdesk ${c.help}\n`)
      .join('') +
    `\nexit codes: 0 passed, 1 a threshold failed, 2 invalid input or error\n`
  )
}

/** The CLI: returns the process exit code; never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage())
    return name ? EXIT.ok : EXIT.error
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${PERFDESK_VERSION}\n`)
    return EXIT.ok
  }
  const command = commands[name]
  if (!command) {
    io.stderr(`perfdesk: unknown command "${name}"\n\n${usage()}`)
    return EXIT.error
  }
  try {
    return await command.run(rest, io)
  } catch (err) {
    if (err instanceof UsageError) io.stderr(`perfdesk ${name}: ${err.message}\n`)
    else if (err instanceof InputError) {
      io.stderr(`perfdesk ${name}: invalid input:\n`)
      for (const p of err.problems) io.stderr(`  ${p.path}: ${p.message}\n`)
    } else io.stderr(`perfdesk ${name}: ${err instanceof Error ? err.message : String(err)}\n`)
    return EXIT.error
  }
}
