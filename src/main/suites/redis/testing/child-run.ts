/**
 * Test helper, run as a child process (`node --import tsx child-run.ts CONFIG TARGET RUNID`):
 * runs the redis suite once. It prints "ready" when loaded and waits for a line on stdin (so
 * the test can put it in a cgroup first), "measuring" at its first live sample, "label …" at
 * each new progress label, and the
 * result as one "RESULT {json}" line. Not used by the app.
 */
import { createInterface } from 'node:readline'
import { RedisConfigSchema, type RedisTarget } from '@shared/index'
import { redisWorker } from '../worker'

async function main(): Promise<void> {
  const [configJson, targetJson, runId] = process.argv.slice(2)
  const config = RedisConfigSchema.parse(JSON.parse(configJson!))
  const target = JSON.parse(targetJson!) as RedisTarget
  const lines = createInterface({ input: process.stdin })
  process.stdout.write('ready\n')
  await new Promise<void>((resolve) => lines.once('line', () => resolve()))
  lines.close()
  let said = false
  let label = ''
  const out = await redisWorker.run({
    runId: runId!,
    suiteIndex: 0,
    config,
    target,
    signal: new AbortController().signal,
    progress: (p) => {
      if (p.label && p.label !== label) {
        label = p.label
        process.stdout.write(`label ${label}\n`)
      }
      if (!said && typeof p.sample.opsPerSec === 'number') {
        said = true
        process.stdout.write('measuring\n')
      }
    },
    log: () => {},
  })
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    process.exit(2)
  },
)
