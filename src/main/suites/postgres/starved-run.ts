/**
 * A suite run in a process of its own, for the client-bound test: it moves itself (all its
 * threads) into the cgroup named in argv[2] first, so that its CPU can be capped, then runs
 * the suite config in argv[3] and prints the generator verdicts as JSON on stdout.
 */
import { writeFileSync } from 'node:fs'
import { postgresWorker } from './worker'
import { fakeContext } from './test-support'

async function main(): Promise<void> {
  const [cgroup, config] = process.argv.slice(2)
  if (cgroup) writeFileSync(`${cgroup}/cgroup.procs`, String(process.pid))
  const out = await postgresWorker.run(fakeContext(JSON.parse(config ?? '{}')).ctx)
  process.stdout.write(
    JSON.stringify({
      status: out.status,
      error: out.error,
      generator: out.generator,
      steps: out.details?.steps.map((s) => ({ tps: s.tps, generator: s.generator })),
      findings: out.findings.map((f) => ({ id: f.id, title: f.title })),
    }),
  )
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
